#!/usr/bin/env node
// Prints Jest's own counts from a `--json` report as `N passed, N failed, N skipped`.
const fs = require('fs');

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error(
    'test-summary: no Jest report (the tests did not run: typecheck or lint failed first)',
  );
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
// A test file that fails to load counts as a failure even though it has no test results.
const brokenSuites = report.testResults.filter(
  r => r.status === 'failed' && r.assertionResults.length === 0,
).length;
console.log(
  `${report.numPassedTests} passed, ${
    report.numFailedTests + brokenSuites
  } failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
