import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { ResyncRequestStore } from './ResyncRequestStore';
import { LEASES, TaskLeases } from './TaskLeases';
import { portMigrations } from '../__testUtils__/portMigrations';
import { portTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = portTestDatabases();

const LEASE_MS = 15_000;
const T0 = 1_700_000_000_000;

describe.each(databases.eachSupportedId())('ResyncRequestStore on %s', id => {
  let knex: Knex;
  let store: ResyncRequestStore;
  let leases: TaskLeases;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    store = await ResyncRequestStore.create({ knex });
    leases = new TaskLeases(knex);
  });

  const add = (now: number, force = false) =>
    store.add(
      { source: 'api', force, kinds: ['Component'], requestedBy: 'user:a' },
      { now },
    );

  it('files a request with everything it was given', async () => {
    const request = await add(T0, true);
    expect(await store.list(10)).toEqual([
      {
        id: request.id,
        source: 'api',
        portRequestId: null,
        force: true,
        kinds: ['Component'],
        requestedBy: 'user:a',
        status: 'pending',
        requestedAt: T0,
        startedAt: null,
        finishedAt: null,
      },
    ]);
  });

  it('refuses a second request while one is pending or running, naming it', async () => {
    const first = await add(T0);
    await expect(add(T0 + 1)).rejects.toThrow(
      new ConflictError(`A resync is already pending (run ${first.id})`),
    );
    // The resync runs under its lease, as the service runs it.
    expect(
      await leases.acquire(LEASES.resync, 'replica-a', {
        now: T0 + 2,
        ttlMs: LEASE_MS,
      }),
    ).toBe(true);
    await store.start(T0 + 2, { createIfNone: false });
    await expect(add(T0 + 3)).rejects.toThrow(
      `A resync is already running (run ${first.id})`,
    );
  });

  it('takes a running request for dead once its lease lapsed (its replica was killed)', async () => {
    await add(T0);
    await leases.acquire(LEASES.resync, 'killed', { now: T0, ttlMs: LEASE_MS });
    await store.start(T0, { createIfNone: false });
    await expect(add(T0 + LEASE_MS - 1)).rejects.toThrow(ConflictError);
    await expect(add(T0 + LEASE_MS)).resolves.toMatchObject({
      status: 'pending',
    });
  });

  it('says whether a request is pending', async () => {
    expect(await store.hasPending()).toBe(false);
    await add(T0);
    expect(await store.hasPending()).toBe(true);
    await store.start(T0, { createIfNone: false });
    expect(await store.hasPending()).toBe(false);
  });

  it('files a Port request id once', async () => {
    const filed = await store.addFromPort('port-req-1', T0);
    expect(filed).toMatchObject({
      source: 'port',
      portRequestId: 'port-req-1',
      requestedBy: 'port',
      status: 'pending',
    });
    expect(await store.addFromPort('port-req-1', T0 + 1)).toBeUndefined();
    expect(await store.list(10)).toHaveLength(1);
  });

  it('starts the oldest pending request, aborts one left running, and finishes', async () => {
    const older = await store.addFromPort('a', T0);
    await store.addFromPort('b', T0 + 10);
    const started = await store.start(T0 + 20, { createIfNone: false });
    expect(started).toMatchObject({
      id: older!.id,
      status: 'running',
      startedAt: T0 + 20,
    });
    // A second start: the first is still running, so its replica died.
    const next = await store.start(T0 + 30, { createIfNone: false });
    expect(next?.portRequestId).toBe('b');
    await store.finish(next!.id, 'completed', T0 + 40);
    const byId = new Map((await store.list(10)).map(r => [r.portRequestId, r]));
    expect(byId.get('a')).toMatchObject({
      status: 'aborted',
      finishedAt: T0 + 30,
    });
    expect(byId.get('b')).toMatchObject({
      status: 'completed',
      finishedAt: T0 + 40,
    });
  });

  it('creates a scheduled run only when asked and none is pending', async () => {
    expect(await store.start(T0, { createIfNone: false })).toBeUndefined();
    const scheduled = await store.start(T0, { createIfNone: true });
    expect(scheduled).toMatchObject({
      source: 'schedule',
      status: 'running',
      startedAt: T0,
    });
  });

  it('creates no scheduled run when another replica filed one since `scheduledSince`', async () => {
    const filed = await store.start(T0, { createIfNone: true });
    await store.finish(filed!.id, 'completed', T0 + 5);
    expect(
      await store.start(T0 + 10, { createIfNone: true, scheduledSince: T0 }),
    ).toBeUndefined();
    expect(
      await store.start(T0 + 10, {
        createIfNone: true,
        scheduledSince: T0 + 1,
      }),
    ).toMatchObject({ source: 'schedule', startedAt: T0 + 10 });
  });

  it('lists newest first, up to the limit', async () => {
    await store.addFromPort('a', T0);
    await store.addFromPort('b', T0 + 2);
    await store.addFromPort('c', T0 + 1);
    expect((await store.list(2)).map(r => r.portRequestId)).toEqual(['b', 'c']);
  });
});

describe.each(databases.eachSupportedId())('migrations on %s', id => {
  it('go up and down with a row in place, and up again', async () => {
    const knex = await databases.init(id as TestDatabaseId);
    await knex.migrate.latest(portMigrations);
    const store = await ResyncRequestStore.create({
      knex,
      skipMigrations: true,
    });
    await store.addFromPort('kept', T0);
    const [{ n }] = await knex('port_resync_requests').count({ n: '*' });
    expect(Number(n)).toBe(1);

    await knex.migrate.down(portMigrations);
    expect(await knex.schema.hasTable('port_task_leases')).toBe(false);
    expect(await knex.schema.hasTable('port_resync_requests')).toBe(true);
    await knex.migrate.down(portMigrations);
    expect(await knex.schema.hasTable('port_resync_requests')).toBe(false);

    await knex.migrate.latest(portMigrations);
    expect(await knex.schema.hasTable('port_resync_requests')).toBe(true);
    expect(await knex.schema.hasTable('port_task_leases')).toBe(true);
    expect(await store.list(10)).toEqual([]);
    await expect(store.addFromPort('kept', T0)).resolves.toBeDefined();
  });
});
