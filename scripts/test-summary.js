#!/usr/bin/env node
// Prints the suite's count as `N passed, N failed, N skipped`: Jest's own counts from its `--json` report, plus
// the checks of any further reports given after it (the adopter test's `{ checks: [{ name, ok }] }`).
// Exits non-zero when anything failed or a report is missing.
const fs = require('fs');

const [jestFile, ...checkFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (!jestFile || !fs.existsSync(jestFile)) {
  console.error(
    'test-summary: no Jest report (the tests did not run: typecheck or lint failed first)',
  );
  failed += 1;
} else {
  const report = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  // A test file that fails to load counts as a failure even though it has no test results.
  const brokenSuites = report.testResults.filter(
    r => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenSuites;
  skipped += report.numPendingTests + report.numTodoTests;
}

for (const file of checkFiles) {
  if (!fs.existsSync(file)) {
    console.error(`test-summary: no report ${file} (that step did not run)`);
    failed += 1;
    continue;
  }
  const { checks } = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += checks.filter(c => c.ok).length;
  failed += checks.filter(c => !c.ok).length;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
