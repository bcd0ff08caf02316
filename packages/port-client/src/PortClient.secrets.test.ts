import { inspect } from 'node:util';
import { PortClient } from './PortClient';
import {
  Script,
  scriptedFetch,
  virtualClock,
} from './__testUtils__/scriptedFetch';

const CLIENT_ID = 'cid-7f3a9c2e';
const CLIENT_SECRET = 'csecret-93be1d04';
const ACCESS_TOKEN = 'eyJhbGciOi.tok-5d2c81';

/** A Port that echoes the secrets back in every way an error can carry them. */
const leakyPort: Script = request => {
  const path = request.url.pathname;
  if (path === '/v1/auth/access_token') {
    return {
      status: 200,
      body: {
        ok: true,
        accessToken: ACCESS_TOKEN,
        expiresIn: 3600,
        tokenType: 'Bearer',
      },
    };
  }
  const echo = `${request.headers.authorization} ${CLIENT_ID} ${CLIENT_SECRET}`;
  if (path.endsWith('/validation')) {
    return {
      status: 422,
      body: {
        ok: false,
        error: 'invalid_request',
        message: echo,
        details: { echo },
      },
    };
  }
  if (path.endsWith('/network'))
    return { networkError: `socket hang up ${echo}`, code: 'ECONNRESET' };
  if (path.endsWith('/raw'))
    return { status: 500, raw: `upstream said: ${echo}` };
  if (path.endsWith('/bulk')) {
    return {
      status: 207,
      body: {
        ok: false,
        entities: [],
        errors: [
          {
            identifier: 'e1',
            index: 0,
            statusCode: 422,
            error: 'invalid_request',
            message: echo,
          },
        ],
      },
    };
  }
  return {
    status: 401,
    body: { ok: false, error: 'unauthorized', message: echo },
  };
};

describe('PortClient secrets', () => {
  it('never puts the client id, secret or token in a log line, an error or a result', async () => {
    const logged: string[] = [];
    const capture = (message: string, meta?: object) => {
      logged.push(
        message,
        JSON.stringify(meta),
        inspect(meta, { depth: null }),
      );
    };
    const fake = scriptedFetch(leakyPort);
    const clock = virtualClock();
    const client = new PortClient({
      baseUrl: 'http://port.test',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: fake.fetch,
      sleep: clock.sleep,
      now: clock.now,
      maxRetries: 2,
      logger: { debug: capture, info: capture, warn: capture, error: capture },
    });

    const errors: unknown[] = [];
    for (const name of ['validation', 'network', 'raw', 'expired']) {
      await client
        .getEntity('service', name)
        .catch(error => errors.push(error));
    }
    const results = await client.upsertEntities('service', [
      { identifier: 'e1' },
    ]);

    // The scenarios above did reach the paths that log and throw.
    expect(errors).toHaveLength(4);
    expect(logged.length).toBeGreaterThan(0);
    expect(
      fake.requests.some(
        r => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`,
      ),
    ).toBe(true);

    const seen = [
      ...logged,
      JSON.stringify(results),
      ...errors.flatMap(error => [
        String(error),
        (error as Error).stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: null, showHidden: true }),
      ]),
    ].join('\n');
    expect(seen).toContain('[redacted]');
    for (const secret of [CLIENT_ID, CLIENT_SECRET, ACCESS_TOKEN]) {
      expect(seen).not.toContain(secret);
    }
  });
});
