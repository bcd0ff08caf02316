import { Sandbox } from '@portsync/port-sandbox';
import { eventually } from './startPortTestBackend';

/**
 * Waits until Port has been polled at least `mapping` more times for the integration (its mapping) and
 * `resyncRequests` more times for its resync request, counted in the sandbox's request log. A test that expects a
 * poll to start nothing waits for the polls themselves, never for a stretch of time.
 */
export async function waitForPolls(
  sandbox: Sandbox,
  identifier: string,
  counts: { mapping: number; resyncRequests: number },
): Promise<void> {
  const polls = (path: string) =>
    sandbox.requests().filter(r => r.method === 'GET' && r.path === path)
      .length;
  const mappingPath = `/v1/integration/${identifier}`;
  const requestsPath = `${mappingPath}/resync-request`;
  const mapping = polls(mappingPath) + counts.mapping;
  const requests = polls(requestsPath) + counts.resyncRequests;
  await eventually(
    () =>
      (polls(mappingPath) >= mapping && polls(requestsPath) >= requests) ||
      undefined,
    { what: `polls of ${mappingPath} and ${requestsPath}` },
  );
}
