#!/usr/bin/env node
// Compares the Jest suite (`node scripts/test-all.js`) of two or more checkouts on this machine, interleaved so
// that they share the machine's conditions. For each run it reports wall time and CPU time (user + sys of the
// whole process tree: every descendant is waited for, so the kernel adds its time to our children's counters),
// and the test count from Jest's JSON report. CPU time is the fairer figure on a shared machine.
//
//   node scripts/measure-test-time.js --baseline /path/to/old/checkout [--rounds 2] [--top 10] [checkout ...]
//
// The checkouts default to this one. Each needs its own installed node_modules.
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function parseArgs(argv) {
  const options = { baseline: undefined, rounds: 1, top: 10, trees: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--baseline') options.baseline = path.resolve(argv[++i]);
    else if (arg === '--rounds') options.rounds = Number(argv[++i]);
    else if (arg === '--top') options.top = Number(argv[++i]);
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.trees.push(path.resolve(arg));
  }
  if (!options.baseline) throw new Error('--baseline <checkout> is required');
  if (!(options.rounds >= 1)) throw new Error('--rounds must be 1 or more');
  if (options.trees.length === 0)
    options.trees.push(path.resolve(__dirname, '..'));
  return options;
}

const ticksPerSecond = Number(
  execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(),
);

/** User + sys seconds of every waited-for descendant of this process (Linux `/proc/self/stat` cutime + cstime). */
function childrenCpuSeconds() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17 of stat(5); fields[0] here is field 3.
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

function describe(tree) {
  const head = execFileSync(
    'git',
    ['-C', tree, 'log', '-1', '--format=%h %s'],
    {
      encoding: 'utf8',
    },
  ).trim();
  const dirty = execFileSync(
    'git',
    ['-C', tree, 'status', '--porcelain', '--untracked-files=no'],
    {
      encoding: 'utf8',
    },
  ).trim();
  return `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
}

function runSuite(tree, label) {
  const report = path.join(
    os.tmpdir(),
    `portsync-measure-${process.pid}-${label}.json`,
  );
  const log = path.join(
    os.tmpdir(),
    `portsync-measure-${process.pid}-${label}.log`,
  );
  fs.rmSync(report, { force: true });
  const out = fs.openSync(log, 'w');
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [path.join(tree, 'scripts/test-all.js')],
    {
      cwd: tree,
      stdio: ['ignore', out, out],
      env: { ...process.env, PORTSYNC_TEST_REPORT: report },
    },
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = childrenCpuSeconds() - cpuBefore;
  fs.closeSync(out);
  if (!fs.existsSync(report)) {
    throw new Error(
      `${tree}: no Jest report (exit ${result.status}); see ${log}`,
    );
  }
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const files = json.testResults
    .map(file => ({
      seconds: (file.endTime - file.startTime) / 1000,
      name: path.relative(tree, file.name),
    }))
    .sort((a, b) => b.seconds - a.seconds);
  return {
    wall,
    cpu,
    tests: json.numTotalTests,
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests,
    files,
    log,
  };
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = value => `${value.toFixed(0)} s`;
const percentFaster = (base, value) =>
  `${(((base - value) / base) * 100).toFixed(0)}%`;

function main() {
  const options = parseArgs(process.argv.slice(2));
  const trees = [options.baseline, ...options.trees];
  const runs = new Map(trees.map(tree => [tree, []]));
  console.log(
    `machine: ${os.cpus().length} cores, load ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  for (const tree of trees) console.log(`${tree}: ${describe(tree)}`);
  for (let round = 1; round <= options.rounds; round++) {
    // Alternate the order so that neither checkout always runs first with a cold machine.
    const order = round % 2 ? trees : [...trees].reverse();
    for (const tree of order) {
      const label = `${path.basename(tree)}-${round}`;
      const run = runSuite(tree, label);
      runs.get(tree).push(run);
      console.log(
        `round ${round} ${path.basename(tree)}: wall ${seconds(
          run.wall,
        )}, cpu ${seconds(run.cpu)}, ` +
          `${run.tests} tests (${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped), log ${run.log}`,
      );
    }
  }
  const base = runs.get(options.baseline);
  const baseWall = median(base.map(r => r.wall));
  const baseCpu = median(base.map(r => r.cpu));
  console.log('\nmedian over rounds:');
  console.log(
    '| checkout | tests | wall | CPU (user+sys) | wall vs baseline | CPU vs baseline |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const tree of trees) {
    const list = runs.get(tree);
    const wall = median(list.map(r => r.wall));
    const cpu = median(list.map(r => r.cpu));
    console.log(
      `| ${path.basename(tree)} (${describe(tree)}) | ${
        list[0].tests
      } | ${seconds(wall)} | ${seconds(cpu)} | ` +
        `${
          tree === options.baseline
            ? '-'
            : `${percentFaster(baseWall, wall)} faster`
        } | ` +
        `${
          tree === options.baseline
            ? '-'
            : `${percentFaster(baseCpu, cpu)} faster`
        } |`,
    );
  }
  for (const tree of trees) {
    const last = runs.get(tree)[runs.get(tree).length - 1];
    console.log(
      `\nslowest files in ${path.basename(tree)} (last round, seconds each):`,
    );
    for (const file of last.files.slice(0, options.top)) {
      console.log(`  ${file.seconds.toFixed(1).padStart(6)}  ${file.name}`);
    }
  }
}

main();
