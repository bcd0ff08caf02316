import { readFileSync } from 'fs';
import { join } from 'path';
import { FileResult, runTestFile } from './runTestFile';

/** The suite's files, relative to the package's `conformance/` folder, with the jq version each follows. */
export const SUITE_FILES: { file: string; dialect: '1.7' | '1.8' }[] = [
  { file: 'jq.test', dialect: '1.8' },
  { file: 'man.test', dialect: '1.8' },
  { file: 'onig.test', dialect: '1.8' },
  { file: 'manonig.test', dialect: '1.8' },
  { file: 'base64.test', dialect: '1.8' },
  { file: 'optional.test', dialect: '1.8' },
  { file: 'uri.test', dialect: '1.8' },
  { file: 'jq-1.7.1/jq.test', dialect: '1.7' },
  { file: 'jq-1.7.1/man.test', dialect: '1.7' },
  { file: 'jq-1.7.1/onig.test', dialect: '1.7' },
  { file: 'jq-1.7.1/manonig.test', dialect: '1.7' },
  { file: 'jq-1.7.1/base64.test', dialect: '1.7' },
  { file: 'jq-1.7.1/optional.test', dialect: '1.7' },
];

export const CONFORMANCE_DIR = join(__dirname, '..', '..', 'conformance');

export function runSuite(dir = CONFORMANCE_DIR): Map<string, FileResult> {
  const out = new Map<string, FileResult>();
  for (const { file, dialect } of SUITE_FILES) {
    const text = readFileSync(join(dir, file), 'utf8');
    // jq's reference run of man.test has PAGER=less in its environment
    out.set(file, runTestFile(text, { dialect, env: { PAGER: 'less' } }));
  }
  return out;
}

export function formatSuiteReport(results: Map<string, FileResult>): string {
  const pct = (a: number, b: number) =>
    b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`;
  const rows = [['file', 'passed', 'overall', 'core passed', 'core']];
  for (const [file, r] of results) {
    rows.push([
      file,
      `${r.passed}/${r.total}`,
      pct(r.passed, r.total),
      `${r.corePassed}/${r.coreTotal}`,
      pct(r.corePassed, r.coreTotal),
    ]);
  }
  const widths = rows[0].map((_c, i) =>
    Math.max(...rows.map(row => row[i].length)),
  );
  return rows
    .map(row => row.map((cell, i) => cell.padEnd(widths[i])).join('  '))
    .join('\n');
}
