/*
 * How long `portsync sync` takes for a catalog of N synthetic components against the sandbox, in process (the
 * command's own time, without starting Node): a first run into an empty Port, a second run with nothing to
 * change (Port as the state: the plan reads Port), and the same second run with a state file.
 * Run: npm run bench [-- N...]
 */
import { startSandbox } from '@portsync/port-sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/main';
import { startSyntheticCatalog } from '../src/__testUtils__/startSyntheticCatalog';

async function timed(
  args: string[],
  env: Record<string, string>,
): Promise<{ ms: number; counts: Record<string, number> }> {
  let stdout = '';
  const started = performance.now();
  const code = await main(
    args,
    {
      stdout: { write: text => (stdout += text) },
      stderr: { write: () => true },
      env,
    },
    'bench',
  );
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`portsync ${args.join(' ')} exited ${code}`);
  return { ms, counts: JSON.parse(stdout).counts };
}

async function bench(size: number): Promise<void> {
  const sandbox = await startSandbox();
  const catalog = await startSyntheticCatalog(size);
  const dir = mkdtempSync(path.join(tmpdir(), 'portsync-bench-'));
  const env = {
    BACKSTAGE_URL: catalog.url,
    PORT_BASE_URL: sandbox.url,
    PORT_CLIENT_ID: sandbox.clientId,
    PORT_CLIENT_SECRET: sandbox.clientSecret,
  };
  const state = path.join(dir, 'state.json');
  try {
    const sync = ['sync', '--kind', 'component', '--json'];
    const first = await timed(sync, env);
    const again = await timed(sync, env);
    await timed([...sync, '--state', state, '--force'], env);
    const againWithState = await timed([...sync, '--state', state], env);
    const row = (name: string, run: typeof first) =>
      console.log(
        `${String(size).padStart(6)}  ${name.padEnd(34)} ${(run.ms / 1000)
          .toFixed(2)
          .padStart(6)} s  ${Math.round((size / run.ms) * 1000)
          .toString()
          .padStart(6)} entities/s  upserted ${run.counts.upserted}`,
      );
    row('first sync, empty Port', first);
    row('second sync, Port as the state', again);
    row('second sync, --state file', againWithState);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await catalog.close();
    await sandbox.close();
  }
}

(async () => {
  const sizes = process.argv.slice(2).map(Number);
  console.log(' size  run                                    time      rate');
  for (const size of sizes.length ? sizes : [1000, 10000]) {
    await bench(size);
  }
})().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
