import { takeContractViolations } from './spec/ContractLog';

// The contract tests send malformed requests on purpose and assert Port's answer;
// what the sandbox answers must always match Port's served spec.
afterEach(() => {
  const responses = takeContractViolations().filter(
    violation => violation.kind === 'response',
  );
  if (responses.length > 0) {
    throw new Error(
      `sandbox responses broke Port's served spec:\n${JSON.stringify(
        responses,
        null,
        2,
      )}`,
    );
  }
});
