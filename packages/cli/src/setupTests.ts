import { assertNoContractViolations } from '@portsync/port-sandbox';

// Every request sent to a sandbox and every answer it gives must match Port's
// served spec; a test that breaks it on purpose clears its own violations.
afterEach(assertNoContractViolations);
