import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  findDisagreements,
  generateCases,
  toTestCase,
} from './differential/differential';
import { oracleVersion } from './differential/oracle';

// npm run fuzz -w @portsync/jq -- --seed N --count N [--out DIR]
// Runs generated programs through this engine and jq 1.7.1 (jq-wasm) and writes every
// disagreement as a case in jq's .test format to DIR/seed-N.test (default: fuzz-out/).
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main() {
  const seed = Number(arg('seed', String(Date.now() % 1_000_000)));
  const count = Number(arg('count', '10000'));
  const out = arg('out', 'fuzz-out');
  const version = await oracleVersion();
  process.stdout.write(`oracle ${version}; seed ${seed}; ${count} cases\n`);
  const started = Date.now();
  const cases = generateCases(seed, count);
  const {
    disagreements: found,
    oracleAborts,
    known,
  } = await findDisagreements(cases, done => {
    if (done % 10000 === 0 || done === count) {
      process.stdout.write(
        `${done} cases, ${Math.round((Date.now() - started) / 1000)} s\n`,
      );
    }
  });
  process.stdout.write(
    `${found.length} disagreements beyond the documented differences in ${count} cases (seed ${seed}); jq 1.7.1 itself aborted on ${oracleAborts.length}\n`,
  );
  for (const [id, n] of Object.entries(known)) {
    process.stdout.write(`  documented difference ${id}: ${n}\n`);
  }
  for (const c of oracleAborts) {
    process.stdout.write(
      `  jq aborted: ${c.program} on ${JSON.stringify(c.input)}\n`,
    );
  }
  if (found.length > 0) {
    mkdirSync(out, { recursive: true });
    const file = join(out, `seed-${seed}.test`);
    writeFileSync(file, found.map(toTestCase).join('\n'));
    process.stdout.write(`written to ${file}\n`);
    process.exitCode = 1;
  }
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 2;
});
