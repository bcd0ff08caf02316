#!/usr/bin/env node
// Runs every package's Jest tests once (never in watch mode) and ends with the
// runner's own count. The JSON report goes to $PORTSYNC_TEST_REPORT if set.
const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');

const report =
  process.env.PORTSYNC_TEST_REPORT ||
  path.join(os.tmpdir(), `portsync-jest-report-${process.pid}.json`);
const cli = require.resolve('@backstage/cli/bin/backstage-cli');
const result = spawnSync(
  process.execPath,
  [
    cli,
    'repo',
    'test',
    '--json',
    `--outputFile=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, CI: 'true' } },
);
spawnSync(process.execPath, [path.join(__dirname, 'test-summary.js'), report], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
