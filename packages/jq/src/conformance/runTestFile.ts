import { compile } from '../compile';
import { JqCompileError } from '../errors';
import { parseJson } from '../runtime/parseJson';
import { Dialect, equals, toJson } from '../runtime/values';
import { isCoreCase, parseTestFile, TestCase } from './parseTestFile';

export interface CaseResult {
  case: TestCase;
  passed: boolean;
  core: boolean;
  /** why the case failed, for reports */
  reason?: string;
}

export interface FileResult {
  total: number;
  passed: number;
  coreTotal: number;
  corePassed: number;
  results: CaseResult[];
}

export interface RunTestsOptions {
  dialect?: Dialect;
  /** `$ENV` for the cases; jq's own run of man.test expects `PAGER=less`. */
  env?: Record<string, unknown>;
  /** per-case wall-clock budget */
  timeoutMs?: number;
}

function parseExpected(text: string): unknown {
  return parseJson(text.replace(/^\uFEFF/, ''), { allowNan: true });
}

export function runTestCase(
  c: TestCase,
  opts: RunTestsOptions = {},
): CaseResult {
  const core = isCoreCase(c);
  const result = (passed: boolean, reason?: string): CaseResult => ({
    case: c,
    passed,
    core,
    reason,
  });
  const compileOpts = {
    dialect: opts.dialect ?? '1.8',
    env: opts.env ?? {},
    timeoutMs: opts.timeoutMs ?? 5000,
  };
  if (c.mustFail) {
    try {
      compile(c.program, compileOpts);
    } catch (e) {
      if (e instanceof JqCompileError) {
        if (c.ignoreMessage) return result(true);
        const actual = `jq: error: ${e.message}`;
        return result(
          true,
          actual.startsWith(c.expected[0] ?? '')
            ? undefined
            : `message differs: ${actual}`,
        );
      }
      return result(false, `unexpected error: ${String(e)}`);
    }
    return result(false, 'compiled, but must fail');
  }
  let program;
  try {
    program = compile(c.program, compileOpts);
  } catch (e) {
    return result(false, `compile error: ${(e as Error).message}`);
  }
  let input: unknown;
  let expected: unknown[];
  try {
    input = parseExpected(c.input);
    expected = c.expected.map(parseExpected);
  } catch (e) {
    return result(false, `bad test data: ${(e as Error).message}`);
  }
  const actual: unknown[] = [];
  try {
    program.each(input, v => {
      actual.push(v);
      return actual.length <= expected.length;
    });
  } catch (e) {
    if (actual.length < expected.length) {
      return result(
        false,
        `error after ${actual.length} outputs: ${(e as Error).message}`,
      );
    }
  }
  if (actual.length !== expected.length) {
    return result(
      false,
      `expected ${expected.length} outputs, got ${actual.length}: ${actual
        .map(v => toJson(v))
        .join(' ')}`,
    );
  }
  for (let i = 0; i < expected.length; i++) {
    if (!equals(actual[i], expected[i])) {
      return result(
        false,
        `output ${i + 1}: expected ${c.expected[i]}, got ${toJson(actual[i])}`,
      );
    }
  }
  return result(true);
}

/** Runs every case of a `.test` file's text. */
export function runTestFile(
  text: string,
  opts: RunTestsOptions = {},
): FileResult {
  const results = parseTestFile(text).map(c => runTestCase(c, opts));
  const core = results.filter(r => r.core);
  return {
    total: results.length,
    passed: results.filter(r => r.passed).length,
    coreTotal: core.length,
    corePassed: core.filter(r => r.passed).length,
    results,
  };
}
