import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '@portsync/port-sandbox';
import request from 'supertest';
import {
  component,
  eventually,
  sandboxReader,
  startPortTestBackend,
} from './__testUtils__/startPortTestBackend';

jest.setTimeout(180_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ENTITY_WRITES = {
  method: 'POST',
  path: '^/v1/blueprints/[^/]+/entities',
};

/** Waits until the sandbox has refused an entity write. */
function rejectedWrite(sandbox: Sandbox) {
  return eventually(
    () =>
      sandbox
        .requests()
        .some(r => r.status === 503 && /entities/.test(r.path)) || undefined,
    { what: 'a rejected write' },
  );
}

async function landed(port: ReturnType<typeof sandboxReader>, names: string[]) {
  const present = await port.identifiers('component');
  return (
    names.every(n => present.includes(`component:default/${n}`)) || undefined
  );
}

describe('portPlugin when things go wrong', () => {
  let sandbox: Sandbox;
  let port: ReturnType<typeof sandboxReader>;

  beforeEach(async () => {
    sandbox = await startSandbox();
    port = sandboxReader(sandbox);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('lands every change made while Port was down, once Port is back', async () => {
    const { backend, provider } = await startPortTestBackend({ sandbox });
    try {
      await eventually(() => port.integration('backstage'), {
        what: 'startup',
      });
      sandbox.setFaults({ rules: [{ ...ENTITY_WRITES, status: 503 }] });
      const names = ['outage-a', 'outage-b', 'outage-c'];
      await provider.upsert(...names.map(n => component(n)));
      // The writes are attempted and rejected while Port is down...
      await rejectedWrite(sandbox);
      expect(await landed(port, names)).toBeUndefined();
      // ...and land once it is back, without anything else happening.
      sandbox.resetFaults();
      await eventually(() => landed(port, names), {
        what: 'the queued changes to land',
        timeoutMs: 90_000,
      });
    } finally {
      await backend.stop();
    }
  });

  it('reports wrong credentials in /status without the secret, and keeps Backstage running', async () => {
    const secret = 'definitely-not-the-secret';
    const { backend } = await startPortTestBackend({
      sandbox,
      port: { clientSecret: secret },
    });
    try {
      const status = await eventually(
        async () => {
          const res = await request(backend.server)
            .get('/api/port/status')
            .set('authorization', mockCredentials.service.header());
          return res.body.port?.lastError ? res : undefined;
        },
        { what: 'a failed connection attempt' },
      );
      expect(status.body.port).toMatchObject({
        connected: false,
        lastError: expect.stringMatching(
          /^Port rejected the credentials \(HTTP 401\): check port\.clientId and port\.clientSecret$/,
        ),
      });
      expect(JSON.stringify(status.body)).not.toContain(secret);
      // Backstage itself answers as usual.
      const catalog = await request(backend.server).get(
        '/api/catalog/entities',
      );
      expect(catalog.status).toBe(200);
      expect(
        sandbox.requests().filter(r => r.path !== '/v1/auth/access_token'),
      ).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('resumes its queue after a restart, on a file-backed SQLite database', async () => {
    const directory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'portsync-restart-'),
    );
    const database = { client: 'better-sqlite3', connection: { directory } };
    const names = ['restart-a', 'restart-b'];
    try {
      const first = await startPortTestBackend({ sandbox, database });
      await eventually(() => port.integration('backstage'), {
        what: 'startup',
      });
      sandbox.setFaults({ rules: [{ ...ENTITY_WRITES, status: 503 }] });
      await first.provider.upsert(...names.map(n => component(n)));
      await rejectedWrite(sandbox);
      await first.backend.stop();

      sandbox.resetFaults();
      expect(await landed(port, names)).toBeUndefined();
      const second = await startPortTestBackend({ sandbox, database });
      try {
        await eventually(() => landed(port, names), {
          what: 'the queued changes to land after the restart',
          timeoutMs: 90_000,
        });
      } finally {
        await second.backend.stop();
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('deletes nothing when most of the catalog disappears at once', async () => {
    // The guard's warning is the signal that a change scan saw every ref gone.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const guardTrips = () =>
      warn.mock.calls.filter(([line]) =>
        /known refs vanished from the catalog .* no delete was queued/.test(
          String(line),
        ),
      ).length;
    const { backend, provider } = await startPortTestBackend({
      sandbox,
      features: [mockServices.rootLogger.factory({ level: 'warn' })],
    });
    try {
      const names = Array.from({ length: 10 }, (_, i) => `guarded-${i}`);
      await provider.replaceAll(names.map(n => component(n)));
      await eventually(() => landed(port, names), {
        what: 'the catalog in Port',
      });
      sandbox.clearRequests();

      await provider.replaceAll([]);
      // Three change scans see every ref gone; the queue runs after each.
      await eventually(() => guardTrips() >= 3 || undefined, {
        what: 'three change scans to trip the deletion guard',
        timeoutMs: 90_000,
      });
      expect(await landed(port, names)).toBe(true);
      expect(
        sandbox
          .requests()
          .filter(r => r.method === 'DELETE' || /delete/.test(r.path)),
      ).toEqual([]);
    } finally {
      await backend.stop();
      warn.mockRestore();
    }
  });
});
