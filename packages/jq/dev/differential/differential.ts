import { entity, input } from './inputs';
import { runOracle } from './oracle';
import { knownDifference } from './knownDifferences';
import { canonical, Case, difference, Outcome, runOurs } from './outcome';
import { ProgramGenerator } from './programs';
import { Random } from './random';

export { entity };

export interface Disagreement {
  index: number;
  case: Case;
  ours: Outcome;
  jq: Outcome;
  reason: string;
}

/** `count` cases from `seed`: the same arguments always give the same cases. */
export function generateCases(seed: number, count: number): Case[] {
  const r = new Random(seed);
  const programs = new ProgramGenerator(r);
  return Array.from({ length: count }, () => ({
    program: programs.program(),
    input: input(r),
  }));
}

/** Runs the cases through our engine and jq 1.7.1 and returns where they disagree. */
export interface Findings {
  disagreements: Disagreement[];
  /** cases on which jq 1.7.1 itself aborted (a failed assertion in its C code) */
  oracleAborts: Case[];
  /** disagreements that are documented differences, counted by the difference's id */
  known: Record<string, number>;
}

export async function findDisagreements(
  cases: Case[],
  onProgress?: (done: number) => void,
): Promise<Findings> {
  const found: Disagreement[] = [];
  const oracleAborts: Case[] = [];
  const known: Record<string, number> = {};
  const chunk = 1000;
  for (let start = 0; start < cases.length; start += chunk) {
    const slice = cases.slice(start, start + chunk);
    const jq = await runOracle(slice);
    slice.forEach((c, i) => {
      if (jq[i].kind === 'oracle-abort') oracleAborts.push(c);
      const ours = runOurs(c);
      const reason = difference(ours, jq[i]);
      if (reason === undefined) return;
      const documented = knownDifference(c, ours, jq[i]);
      if (documented) {
        known[documented] = (known[documented] ?? 0) + 1;
      } else {
        found.push({ index: start + i, case: c, ours, jq: jq[i], reason });
      }
    });
    onProgress?.(start + slice.length);
  }
  return { disagreements: found, oracleAborts, known };
}

/**
 * A disagreement as a case in jq's `.test` format, expecting what jq 1.7.1 did. The program is
 * wrapped so that outputs and the error both show, in order: `["o", output]`... then `["e", error]`.
 */
export function toTestCase(d: Disagreement): string {
  const header = `# ${d.reason.replace(/\n/g, ' ')}`;
  if (d.jq.kind === 'compile-error') {
    return `${header}\n%%FAIL\n${d.case.program}\njq: error: ${d.jq.message}\n`;
  }
  if (d.jq.kind === 'crash')
    return `${header}\n# oracle crashed: ${d.jq.message}\n`;
  if (d.jq.kind === 'oracle-abort') return `${header}\n# jq aborted\n`;
  const lines = d.jq.outputs.map(v => canonical(['o', v]));
  if (d.jq.kind === 'error') lines.push(canonical(['e', d.jq.error]));
  return [
    header,
    `try ((${d.case.program}) | ["o", .]) catch ["e", .]`,
    canonical(d.case.input),
    ...lines,
    '',
  ].join('\n');
}
