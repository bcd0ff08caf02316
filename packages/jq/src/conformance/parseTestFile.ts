/** One case of jq's `.test` format (see conformance/README.md). */
export interface TestCase {
  /** 1-based line of the program */
  line: number;
  program: string;
  /** `%%FAIL` cases: the program must not compile */
  mustFail: boolean;
  /** `%%FAIL IGNORE MSG`: the error text is not compared */
  ignoreMessage: boolean;
  /** the input JSON text (normal cases) */
  input: string;
  /** expected output JSON texts (normal cases) or expected error lines (`%%FAIL`) */
  expected: string[];
}

const isSkipped = (line: string) => /^[ \t]*(#|$)/.test(line);

/** Splits a test file into cases exactly as jq's `src/jq_test.c` reads it. */
export function parseTestFile(text: string): TestCase[] {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const cases: TestCase[] = [];
  let i = 0;
  const nextNonSkipped = (): number => {
    while (i < lines.length && isSkipped(lines[i])) i++;
    return i;
  };
  for (;;) {
    nextNonSkipped();
    if (i >= lines.length) return cases;
    let mustFail = false;
    let ignoreMessage = false;
    const head = lines[i];
    if (head.startsWith('%%FAIL')) {
      mustFail = true;
      ignoreMessage = head.includes('IGNORE MSG');
      i++;
      nextNonSkipped();
      if (i >= lines.length) return cases;
    }
    const line = i + 1;
    const program = lines[i++];
    let input = '';
    if (!mustFail) {
      if (i >= lines.length) break;
      input = lines[i++];
    }
    const expected: string[] = [];
    while (
      i < lines.length &&
      !(mustFail ? lines[i] === '' : isSkipped(lines[i]))
    ) {
      expected.push(lines[i++]);
    }
    cases.push({ line, program, mustFail, ignoreMessage, input, expected });
  }
  return cases;
}

const NON_CORE =
  /\b(?:import|include|modulemeta|get_search_list|have_literal_numbers|input_filename|halt|halt_error)\b|\$__prog_args|\$JQ_BUILD_CONFIGURATION|PAGER/;

/**
 * Core cases are the ones a jq engine without modules, jq's build metadata or a process
 * environment can be held to (the definition in the engine's issue).
 */
export function isCoreCase(c: TestCase): boolean {
  return !c.mustFail && !NON_CORE.test(c.program);
}
