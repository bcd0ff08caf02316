import { PortApiError, PortClient } from '@portsync/port-client';
import { PortError } from '../framework/CliError';
import { PortSettings } from '../config/Settings';

/**
 * A Port client for the settings, with the credentials checked by fetching a token first, so wrong credentials
 * or an unreachable Port end the command with one line before any work starts.
 */
export async function connectPort(settings: PortSettings): Promise<PortClient> {
  const client = new PortClient({
    baseUrl: settings.baseUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    userAgent: settings.userAgent,
    // The User-Agent carries it; Port stamps the integration's `$datasource` from it.
    integrationIdentifier: settings.integration.identifier,
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    maxRetries: settings.maxRetries,
  });
  try {
    await client.getAccessToken();
  } catch (error) {
    if (
      error instanceof PortApiError &&
      (error.kind === 'network' || error.kind === 'timeout')
    ) {
      throw new PortError(
        `cannot reach Port at ${settings.baseUrl}: ${error.message}`,
      );
    }
    throw error;
  }
  return client;
}
