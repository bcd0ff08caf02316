import { Sandbox } from '@portsync/port-sandbox';
import { PortClient } from '../PortClient';
import { PortClientOptions } from '../resolveOptions';
import { PortBlueprint } from '../types';

/**
 * Runs the client's clock `scale` times faster than real time, so a Retry-After of one
 * second or a 300 ms backoff takes a fraction of that in a test. Sleeps and the clock move
 * together, so the rate limiter and the token cache see consistent time.
 */
export function fastClock(scale: number) {
  const origin = Date.now();
  const waits: number[] = [];
  return {
    waits,
    now: () => origin + (Date.now() - origin) * scale,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        signal?.throwIfAborted();
        waits.push(ms);
        const timer = setTimeout(resolve, ms / scale);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
}

/** A client for the sandbox whose logger keeps every line for inspection. */
export function sandboxClient(
  sandbox: Sandbox,
  options: Partial<PortClientOptions> = {},
) {
  const logged: Array<{ level: string; message: string; meta?: object }> = [];
  const log = (level: string) => (message: string, meta?: object) => {
    logged.push({ level, message, meta });
  };
  const client = new PortClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    integrationIdentifier: 'client-tests',
    logger: {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    },
    ...options,
  });
  return { client, logged };
}

export const serviceBlueprint: PortBlueprint = {
  identifier: 'service',
  title: 'Service',
  schema: {
    properties: {
      owner: { type: 'string', title: 'Owner' },
      tier: { type: 'number', title: 'Tier' },
      blob: { type: 'string', title: 'Blob' },
    },
    required: [],
  },
  relations: {
    system: { target: 'system', required: false, many: false, title: 'System' },
  },
};

export const systemBlueprint: PortBlueprint = {
  identifier: 'system',
  title: 'System',
  schema: { properties: {}, required: [] },
};
