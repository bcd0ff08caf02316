import { takeContractViolations } from '@portsync/port-sandbox';

// Every request the client sends to a sandbox and every answer it gets must
// match Port's served spec; a test that breaks it on purpose clears its own.
afterEach(() => {
  expect(takeContractViolations()).toEqual([]);
});
