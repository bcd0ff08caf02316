import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PortClient } from './PortClient';

/** A bare HTTP server on port 0 that answers like Port and counts connections. */
async function startFakePort() {
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: Array<{
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }> = [];
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('finish', () => {
      inFlight -= 1;
    });
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/auth/access_token') {
        res.end(
          JSON.stringify({
            ok: true,
            accessToken: 'wire-token',
            expiresIn: 3600,
            tokenType: 'Bearer',
          }),
        );
      } else {
        // Slow enough that concurrent requests overlap at the server.
        setTimeout(
          () =>
            res.end(JSON.stringify({ ok: true, organization: { id: 'org' } })),
          20,
        );
      }
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('PortClient on the wire', () => {
  let fake: Awaited<ReturnType<typeof startFakePort>>;

  beforeEach(async () => {
    fake = await startFakePort();
  });

  afterEach(async () => {
    await fake.close();
  });

  it('keeps connections alive across requests', async () => {
    const client = new PortClient({
      baseUrl: fake.url,
      clientId: 'id',
      clientSecret: 'secret',
    });
    for (let i = 0; i < 20; i++) await client.getOrganization();
    expect(fake.seen).toHaveLength(21);
    // undici may open a second socket while the first is still being handed back to its pool.
    expect(fake.connections()).toBeLessThanOrEqual(2);
  });

  it('never has more requests in flight than the concurrency limit', async () => {
    const client = new PortClient({
      baseUrl: fake.url,
      clientId: 'id',
      clientSecret: 'secret',
      concurrency: 3,
    });
    await client.getAccessToken();
    await Promise.all(
      Array.from({ length: 30 }, () => client.getOrganization()),
    );
    expect(fake.seen).toHaveLength(31);
    expect(fake.maxInFlight()).toBe(3);
  });

  it('sends the credentials only in the token request body, and the token as a bearer header', async () => {
    const client = new PortClient({
      baseUrl: `${fake.url}/`,
      clientId: 'id',
      clientSecret: 'secret',
      userAgent: 'custom-agent/1.0',
    });
    await client.getOrganization();
    const [token, organization] = fake.seen;
    expect(token).toMatchObject({
      method: 'POST',
      url: '/v1/auth/access_token',
    });
    expect(JSON.parse(token.body)).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(token.headers['content-type']).toBe('application/json');
    expect(token.headers.authorization).toBeUndefined();
    expect(organization).toMatchObject({
      method: 'GET',
      url: '/v1/organization',
      body: '',
    });
    expect(organization.headers.authorization).toBe('Bearer wire-token');
    expect(organization.headers['user-agent']).toBe('custom-agent/1.0');
  });
});
