import { readFileSync } from 'fs';
import { join } from 'path';
import { runTestFile } from './runTestFile';

describe('portsync.test (our own cases in jq test format)', () => {
  const result = runTestFile(
    readFileSync(join(__dirname, 'portsync.test'), 'utf8'),
    {
      dialect: '1.7',
    },
  );

  it('has cases for paths, folds, destructuring, strings, regex, formats, math, SQL and dates', () => {
    expect(result.total).toBeGreaterThan(90);
  });

  it('passes every case', () => {
    const failures = result.results
      .filter(r => !r.passed)
      .map(r => `${r.case.line}: ${r.case.program}: ${r.reason}`);
    expect(failures).toEqual([]);
  });
});
