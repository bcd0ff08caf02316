/* eslint-disable no-console */
import { isDeepStrictEqual } from 'node:util';
import {
  BackstageEntity,
  compileMapping,
  createIsolatedMapping,
  defaultMapping,
} from '../src';
import { defaultMappingJsonataYaml } from '../src/defaults/defaultMappingJsonataYaml';
import { handWrittenMapping } from './handWrittenMapping';
import { syntheticCatalog } from './syntheticCatalog';

/**
 * `npm run bench`: the default mapping over 10,000 synthetic entities with our jq engine, the same mapping in
 * JSONata, and the same mapping written by hand in TypeScript. Each side first maps the whole catalog once and must
 * give exactly the hand-written result; then it is timed over several rounds and the best round is reported.
 */
const COUNT = Number(process.env.BENCH_ENTITIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Entities the engine maps together (a page of the catalog, a batch of the queue). */
const PAGE = 100;

async function main() {
  const catalog = syntheticCatalog(COUNT);
  const jq = compileMapping(defaultMapping());
  const jsonata = compileMapping(defaultMappingJsonataYaml);
  // as a mapping kept in Port runs: in a worker, a batch of entities per message
  const isolated = await createIsolatedMapping(defaultMapping());

  const sides: Array<{
    name: string;
    run: (e: BackstageEntity) => unknown;
    /** Asynchronous: entities asked for together (1: each awaited before the next). */
    page?: number;
  }> = [
    { name: 'hand-written TypeScript', run: e => [handWrittenMapping(e)] },
    { name: 'default mapping, jq (ours)', run: e => jq.apply(e).entities },
    {
      name: 'default mapping, jq in a worker',
      run: e => isolated.applyAsync(e).then(r => r.entities),
      page: PAGE,
    },
    {
      // what the worker cost before batching, for the ratio within one run
      name: 'jq in a worker, one at a time',
      run: e => isolated.applyAsync(e).then(r => r.entities),
      page: 1,
    },
    {
      name: 'default mapping, JSONata 2.2.2',
      run: e => jsonata.applyAsync(e).then(r => r.entities),
      page: PAGE,
    },
  ];

  for (const side of sides) {
    for (const entity of catalog) {
      const got = await side.run(entity);
      const want = [handWrittenMapping(entity)];
      if (!isDeepStrictEqual(got, want)) {
        throw new Error(
          `${side.name} differs from the hand-written mapping for ${
            entity.kind
          } ${entity.metadata.name}:\n${JSON.stringify(got)}\n${JSON.stringify(
            want,
          )}`,
        );
      }
    }
  }

  const rates = new Map<string, number>();
  for (const side of sides) {
    let best = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const start = process.hrtime.bigint();
      if (side.page) {
        // as the sync engine maps: a page at a time, its entities asked for together
        for (let i = 0; i < catalog.length; i += side.page) {
          await Promise.all(catalog.slice(i, i + side.page).map(side.run));
        }
      } else {
        for (const entity of catalog) {
          side.run(entity);
        }
      }
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    rates.set(side.name, (COUNT / best) * 1000);
  }

  await isolated.close();
  const jqRate = rates.get('default mapping, jq (ours)')!;
  console.log(
    `${COUNT} synthetic entities, best of ${ROUNDS} rounds, node ${process.version}`,
  );
  for (const [name, rate] of rates) {
    console.log(
      `${name.padEnd(32)} ${Math.round(rate)
        .toLocaleString('en-US')
        .padStart(10)} entities/s   jq is ${(jqRate / rate).toFixed(2)}x this`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
