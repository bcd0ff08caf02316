/**
 * A request or response of the sandbox's Port API that breaks Port's served
 * spec: the request as a client sent it, or the response as the sandbox answered.
 *
 * @public
 */
export interface ContractViolation {
  kind: 'request' | 'response';
  method: string;
  path: string;
  /** The spec's path template the request matched. */
  operation: string;
  /** The response status (for a request violation: the 422 it got). */
  status: number;
  /** The first rule broken, in ajv's words (`body/entities/0/title must be string`). */
  message: string;
}

/** Violations recorded by one sandbox, until a test takes them. */
export class ContractLog {
  private entries: ContractViolation[] = [];

  add(violation: ContractViolation): void {
    this.entries.push(violation);
  }

  list(): ContractViolation[] {
    return [...this.entries];
  }

  take(): ContractViolation[] {
    const taken = this.entries;
    this.entries = [];
    return taken;
  }
}

interface Recorder {
  contract: ContractLog | undefined;
  closed: boolean;
}

const recording = new Set<Recorder>();

/** Called by `startSandbox` for each sandbox; only those recording are kept. */
export function trackContract(sandbox: Recorder): void {
  if (sandbox.contract) recording.add(sandbox);
}

/**
 * Returns and clears the violations of every sandbox started in this module
 * registry (in Jest: this test file) with `contractCheck`, closed ones included,
 * so a test harness can fail the test that caused them:
 * `afterEach(() => expect(takeContractViolations()).toEqual([]))`.
 *
 * @public
 */
export function takeContractViolations(): ContractViolation[] {
  const taken: ContractViolation[] = [];
  for (const sandbox of recording) {
    taken.push(...(sandbox.contract?.take() ?? []));
    if (sandbox.closed) recording.delete(sandbox);
  }
  return taken;
}

/**
 * Throws, listing them, when any sandbox of this module registry recorded spec
 * violations since the last check; for a test harness:
 * `afterEach(assertNoContractViolations)` fails the test that caused them.
 *
 * @public
 */
export function assertNoContractViolations(): void {
  const violations = takeContractViolations();
  if (violations.length === 0) return;
  throw new Error(
    `${
      violations.length
    } request(s)/response(s) broke Port's served spec:\n${violations
      .map(
        v =>
          `  ${v.kind} ${v.method} ${v.path} (${v.operation}) ${v.status}: ${v.message}`,
      )
      .join('\n')}`,
  );
}
