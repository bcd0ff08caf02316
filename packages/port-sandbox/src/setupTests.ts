import { takeContractViolations } from './spec/ContractLog';

// The contract tests send malformed requests on purpose and assert Port's answer;
// what the sandbox answers must always match Port's served spec.
afterEach(() => {
  expect(
    takeContractViolations().filter(violation => violation.kind === 'response'),
  ).toEqual([]);
});
