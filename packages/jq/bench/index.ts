/* eslint-disable no-console */
import jsonata from 'jsonata';
import { isDeepStrictEqual } from 'util';
import { compile } from '../src';
import { Entity, makeEntities } from './entities';
import { MAPPING } from './mapping';

// Maps 10,000 synthetic Backstage entities with the default Port mapping, every field evaluated
// separately and only its first output used (as Ocean does), in each engine; checks every result
// against the hand-written JS mapping; prints entities/s, ratios and median compile time.

type Evaluator = (entity: Entity) => unknown;
type EngineFields = Record<string, { name: string; evaluate: Evaluator }[]>;

interface Engine {
  name: string;
  compileOne(expr: string): Evaluator | Promise<Evaluator>;
  expr(field: { jq: string; jsonata: string }): string;
  async: boolean;
  /** false for the hand-written reference, which has nothing to compile */
  compiles: boolean;
}

const ENTITY_COUNT = 10000;
const normalise = (v: unknown) => (v === undefined ? null : v);

async function loadJqjs(): Promise<{
  compile(p: string): (input: unknown) => Iterator<unknown>;
}> {
  // jqjs is an ES module; a real dynamic import keeps the transpiler from turning it into require()
  // eslint-disable-next-line no-new-func
  const importEsm = new Function('specifier', 'return import(specifier)') as (
    s: string,
  ) => Promise<any>;
  const mod = await importEsm(require.resolve('@michaelhomer/jqjs'));
  return mod.default;
}

async function compileAll(
  engine: Engine,
): Promise<{ fields: EngineFields; compileMicros: number[] }> {
  const fields: EngineFields = {};
  const compileMicros: number[] = [];
  for (const [kind, defs] of Object.entries(MAPPING)) {
    fields[kind] = [];
    for (const def of defs) {
      const expr = engine.expr(def);
      const reps = 50;
      const start = process.hrtime.bigint();
      for (let i = 0; i < reps; i++) await engine.compileOne(expr);
      compileMicros.push(Number(process.hrtime.bigint() - start) / 1000 / reps);
      fields[kind].push({
        name: def.name,
        evaluate: await engine.compileOne(expr),
      });
    }
  }
  return { fields, compileMicros };
}

async function mapAll(
  engine: Engine,
  fields: EngineFields,
  entities: Entity[],
) {
  const out: Record<string, unknown>[] = [];
  for (const e of entities) {
    const row: Record<string, unknown> = {};
    for (const f of fields[e.kind]) {
      let v: unknown;
      try {
        v = engine.async ? await f.evaluate(e) : f.evaluate(e);
      } catch {
        v = null; // Ocean records a misconfiguration and keeps null
      }
      row[f.name] = normalise(v);
    }
    out.push(row);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function main() {
  const entities = makeEntities(ENTITY_COUNT);
  const reference = entities.map(e => {
    const row: Record<string, unknown> = {};
    for (const f of MAPPING[e.kind]) row[f.name] = normalise(f.js(e));
    return row;
  });
  const jqjs = await loadJqjs();
  const engines: Engine[] = [
    {
      name: '@portsync/jq',
      async: false,
      compiles: true,
      expr: f => f.jq,
      compileOne: expr => {
        const p = compile(expr);
        return e => p.first(e) ?? null;
      },
    },
    {
      name: 'jsonata 2.2.2',
      async: true,
      compiles: true,
      expr: f => f.jsonata,
      compileOne: expr => {
        const p = jsonata(expr);
        return e => p.evaluate(e);
      },
    },
    {
      name: '@michaelhomer/jqjs 1.6.0',
      async: false,
      compiles: true,
      expr: f => f.jq,
      compileOne: expr => {
        const p = jqjs.compile(expr);
        return e => {
          const r = p(e).next();
          return r.done ? null : r.value;
        };
      },
    },
    {
      name: 'hand-written JS',
      async: false,
      compiles: false,
      expr: f => f.jq,
      compileOne: expr => {
        const def = Object.values(MAPPING)
          .flat()
          .find(f => f.jq === expr)!;
        return def.js;
      },
    },
  ];

  // The machine is shared: engines take turns for several rounds and each keeps its best round.
  const ROUNDS = 5;
  const prepared = [];
  for (const engine of engines) {
    const { fields, compileMicros } = await compileAll(engine);
    await mapAll(engine, fields, entities.slice(0, 1000)); // warm-up
    prepared.push({
      engine,
      fields,
      compileMicros,
      best: Infinity,
      mapped: [] as Record<string, unknown>[],
    });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of prepared) {
      const start = process.hrtime.bigint();
      p.mapped = await mapAll(p.engine, p.fields, entities);
      p.best = Math.min(p.best, Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  const rows: {
    name: string;
    perSecond: number;
    compile: number;
    mismatches: number;
  }[] = [];
  for (const { engine, mapped, best: seconds, compileMicros } of prepared) {
    let mismatches = 0;
    const byField = new Map<string, number>();
    mapped.forEach((row, i) => {
      for (const k of Object.keys(reference[i])) {
        if (!isDeepStrictEqual(row[k], reference[i][k])) {
          mismatches++;
          byField.set(k, (byField.get(k) ?? 0) + 1);
        }
      }
    });
    if (mismatches > 0) {
      const detail = [...byField].map(([k, n]) => `${k} ${n}`).join(', ');
      console.log(`${engine.name} differs from the JS reference on: ${detail}`);
    }
    rows.push({
      name: engine.name,
      perSecond: ENTITY_COUNT / seconds,
      compile: engine.compiles ? median(compileMicros) : NaN,
      mismatches,
    });
  }
  const ours = rows[0].perSecond;
  console.log(
    `\n${ENTITY_COUNT} entities, ${
      Object.values(MAPPING).flat().length
    } mapping expressions, first output per field\n`,
  );
  console.log(
    'engine                      entities/s   ours is   median compile   fields differing from JS reference',
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(28)}${Math.round(r.perSecond)
        .toString()
        .padStart(10)}   ${(ours / r.perSecond)
        .toFixed(2)
        .padStart(6)}×   ${(Number.isNaN(r.compile)
        ? '-'
        : r.compile.toFixed(1)
      ).padStart(10)} µs   ${r.mismatches}`,
    );
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
