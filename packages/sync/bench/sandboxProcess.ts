/*
 * Runs the Port sandbox in its own process, so the benchmark's memory figures are the
 * engine's alone. The parent sends the options; this process answers with the address.
 */
import { PortClient } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import type { SandboxOptions } from '@portsync/port-sandbox';
import { testBlueprints } from '../src/__testUtils__/testMapping';

process.once('message', async (message: Pick<SandboxOptions, 'rateLimit'>) => {
  const sandbox = await startSandbox({ port: 0, rateLimit: message.rateLimit });
  const client = new PortClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
  });
  for (const blueprint of testBlueprints)
    await client.createBlueprint(blueprint);
  process.send!({
    url: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
  });
  process.once('disconnect', () => {
    sandbox.close().finally(() => process.exit(0));
  });
});
