import { formatSuiteReport, runSuite } from '../src/conformance/runSuite';

// `npm run conformance -- --failures` also lists each failing case with the reason.
const results = runSuite();
process.stdout.write(`${formatSuiteReport(results)}\n`);
if (process.argv.includes('--failures')) {
  for (const [file, r] of results) {
    for (const c of r.results) {
      if (!c.passed) {
        process.stdout.write(
          `${file}:${c.case.line}${c.core ? '' : ' (not core)'}: ${
            c.case.program
          }\n    ${c.reason}\n`,
        );
      }
    }
  }
}
