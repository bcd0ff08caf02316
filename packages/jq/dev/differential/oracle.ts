import createJq from 'jq-wasm/dist/build/jq.js';
import { Case, Outcome } from './outcome';

// jq 1.7.1 itself (jq-wasm 1.1.0-jq-1.7.1, jq's C sources compiled to WebAssembly) as the oracle.
//
// One jq invocation costs ~3 ms of fixed overhead (jq compiles its builtins every time), so cases
// run in batches: each program becomes a `def`, run on its own element of one input array inside
// `try`, which records the outputs and then the error, in order, on one output line per case.
// A batch that does not compile (one program is invalid in jq) is split in halves until the
// culprit runs alone. jq 1.7.1 itself aborts on a few programs (a failed C assertion, a trap); the
// WebAssembly instance is then dead, so it is replaced and the batch split the same way: such a
// case's outcome is `oracle-abort`, and there is nothing to compare it with.

interface JqInstance {
  raw(
    input: string,
    query: string,
    flags: string[],
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  version(): Promise<string>;
}

let instance: Promise<JqInstance> | null = null;

async function jq(): Promise<JqInstance> {
  instance ??= createJq() as Promise<JqInstance>;
  return instance;
}

/** Runs jq once; `undefined` when jq aborted or trapped (the instance is replaced). */
async function raw(input: string, query: string) {
  const j = await jq();
  try {
    return await j.raw(input, query, ['-c']);
  } catch (e) {
    // an abort() or a trap (`memory access out of bounds`) leaves the instance unusable
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    instance = null;
    return undefined;
  }
}

/** The expression recording one case's outcome as `[["o", output]..., ["e", error]?]`. */
const record = (program: string) =>
  `[try ((${program}) | ["o", .]) catch ["e", .]]`;

export async function oracleVersion(): Promise<string> {
  return (await jq()).version();
}

function parseRecord(line: string): Outcome {
  const items = JSON.parse(line) as [string, unknown][];
  const outputs = items.filter(([t]) => t === 'o').map(([, v]) => v);
  const last = items[items.length - 1];
  return last && last[0] === 'e'
    ? { kind: 'error', outputs, error: last[1] }
    : { kind: 'ok', outputs };
}

async function runBatch(cases: Case[]): Promise<Outcome[] | undefined> {
  const defs = cases
    .map((c, i) => `def c${i}: ${record(c.program)};`)
    .join('\n');
  const calls = cases.map((_, i) => `(.[${i}] | c${i})`).join(',\n');
  const inputs = JSON.stringify(cases.map(c => c.input));
  const r = await raw(inputs, `${defs}\n${calls}`);
  if (!r) return undefined;
  const lines = r.stdout.split('\n').filter(l => l !== '');
  if (r.exitCode !== 0 || lines.length !== cases.length) return undefined;
  return lines.map(parseRecord);
}

async function runAlone(c: Case): Promise<Outcome> {
  const r = await raw(JSON.stringify([c.input]), `.[0] | ${record(c.program)}`);
  if (!r) return { kind: 'oracle-abort' };
  if (r.exitCode === 3) {
    const m = /^jq: error: (.*?)(?: at <top-level>, line \d+:)?$/m.exec(
      r.stderr,
    );
    return { kind: 'compile-error', message: m ? m[1] : r.stderr.trim() };
  }
  const line = r.stdout.split('\n').find(l => l !== '');
  if (r.exitCode !== 0 || line === undefined) {
    return {
      kind: 'crash',
      outputs: [],
      message: `exit ${r.exitCode}: ${r.stderr.trim()}`,
    };
  }
  return parseRecord(line);
}

async function runSplitting(cases: Case[]): Promise<Outcome[]> {
  if (cases.length === 1) return [await runAlone(cases[0])];
  const whole = await runBatch(cases);
  if (whole) return whole;
  const mid = Math.ceil(cases.length / 2);
  return [
    ...(await runSplitting(cases.slice(0, mid))),
    ...(await runSplitting(cases.slice(mid))),
  ];
}

/** Runs every case through jq 1.7.1, in batches of `batchSize`. */
export async function runOracle(
  cases: Case[],
  batchSize = 200,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let i = 0; i < cases.length; i += batchSize) {
    out.push(...(await runSplitting(cases.slice(i, i + batchSize))));
  }
  return out;
}
