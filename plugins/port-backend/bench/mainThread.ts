/*
 * How long portsync's own work holds Backstage's thread (the longest stretch without a turn of
 * the event loop) for the three pieces a CPU profile of the hostile soak named: compiling a
 * caller's mapping for /preview, mapping a page of entities with the hostile mapping of issue #15
 * in this thread (app-config's), and writing a batch to the queue on SQLite. Each is measured as
 * portsync does it now and as it did before (kept here as the comparison: the "before" side is
 * the old call pattern, run through today's code).
 *
 *   npm run bench:main-thread -w @portsync/plugin-port-backend
 */
import knexFactory from 'knex';
import {
  BackstageEntity,
  compileMapping,
  createIsolatedMapping,
} from '@portsync/mapping';
import { KnexStateStore, mapEntities } from '@portsync/sync';
import {
  hostileMapping,
  REDOS_TEXT,
} from '../src/__testUtils__/hostileMapping';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 100;

/** Runs `work` and measures the longest time the event loop went without a turn meanwhile. */
async function longestStretch(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 0);
  await work();
  longest = Math.max(longest, performance.now() - last);
  clearInterval(tick);
  return longest;
}

async function measure(
  label: string,
  prepare: () => Promise<() => Promise<unknown>>,
) {
  const stretches: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    stretches.push(await longestStretch(await prepare()));
  }
  const sorted = [...stretches].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(58)} longest stretch ms: median ${sorted[
      Math.floor(sorted.length / 2)
    ].toFixed(1)}  max ${sorted[sorted.length - 1].toFixed(1)}`,
  );
}

const victims: BackstageEntity[] = Array.from({ length: BATCH }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `victim-${i}`, description: REDOS_TEXT },
}));

async function main() {
  // /preview with a caller's mapping
  await measure(
    'preview: compile here, then start the worker (before)',
    async () => async () => {
      compileMapping(hostileMapping, { configPath: 'mapping' });
      await (
        await createIsolatedMapping(hostileMapping, { configPath: 'mapping' })
      ).close();
    },
  );
  await measure(
    'preview: start the worker, which compiles (now)',
    async () => async () =>
      (
        await createIsolatedMapping(hostileMapping, { configPath: 'mapping' })
      ).close(),
  );

  // a page of victims through the hostile mapping in this thread
  const mapping = compileMapping(hostileMapping, { configPath: 'mapping' });
  await mapEntities(mapping, victims); // warm: re2js and the engine's first runs
  await measure(
    `map ${BATCH} hostile entities, all in one turn (before)`,
    // a clock that never moves: no turn is ever given, as before
    async () => () => mapEntities(mapping, victims, () => 0),
  );
  await measure(
    `map ${BATCH} hostile entities, mapEntities (now)`,
    async () => () => mapEntities(mapping, victims),
  );

  // the queue on SQLite, where every statement runs in this thread
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const { queue } = await KnexStateStore.create({ knex });
  const refs = victims.map(v => `component:default/${v.metadata.name}`);
  let now = Date.now();
  const items = () => refs.map(ref => ({ ref, op: 'upsert' as const }));
  await measure(
    `enqueue ${BATCH} hinted refs, one call each (before)`,
    async () => {
      return () =>
        Promise.all(items().map(item => queue.enqueue([item], ++now)));
    },
  );
  await measure(`enqueue ${BATCH} hinted refs, one call (now)`, async () => {
    return () => queue.enqueue(items(), ++now);
  });
  const failures = async () => {
    await queue.enqueue(items(), ++now);
    const claimed = await queue.claim({
      limit: BATCH,
      now: ++now,
      leaseMs: 60_000,
    });
    return claimed.map(item => ({
      ref: item.ref,
      seq: item.seq,
      claimedBy: item.claimedBy!,
      attempts: 1,
      nextAttemptAt: now,
      lastError: '422 Port refused the entity',
      parked: false,
    }));
  };
  await measure(`fail ${BATCH} items, one call each (before)`, async () => {
    const failed = await failures();
    return () => Promise.all(failed.map(f => queue.fail([f], now)));
  });
  await measure(`fail ${BATCH} items, one call (now)`, async () => {
    const failed = await failures();
    return () => queue.fail(failed, now);
  });
  await measure(`complete ${BATCH} items, one call`, async () => {
    const claimed = await failures();
    return () => queue.complete(claimed);
  });
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
