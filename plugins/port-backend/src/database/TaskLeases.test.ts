import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { portMigrations } from '../__testUtils__/portMigrations';
import { portTestDatabases } from '../__testUtils__/testDatabases';
import { TaskLeases } from './TaskLeases';

jest.setTimeout(60_000);

const databases = portTestDatabases();

const T0 = 1_700_000_000_000;
const TTL = 15_000;

describe.each(databases.eachSupportedId())('TaskLeases on %s', id => {
  let knex: Knex;
  let leases: TaskLeases;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    await knex.migrate.latest(portMigrations);
    leases = new TaskLeases(knex);
  });

  const acquire = (holder: string, now: number, minIntervalMs?: number) =>
    leases.acquire('scan', holder, { now, ttlMs: TTL, minIntervalMs });

  it('gives a free lease to the first holder and refuses the others until it lapses', async () => {
    expect(await acquire('a', T0)).toBe(true);
    expect(await acquire('b', T0 + 1)).toBe(false);
    expect(await acquire('a', T0 + 1)).toBe(false);
    expect(await acquire('b', T0 + TTL - 1)).toBe(false);
    // The holder was killed: nothing extended the lease.
    expect(await acquire('b', T0 + TTL)).toBe(true);
  });

  it('keeps the lease of a holder that extends it', async () => {
    await acquire('a', T0);
    expect(
      await leases.extend('scan', 'a', { now: T0 + TTL - 1, ttlMs: TTL }),
    ).toBe(true);
    expect(await acquire('b', T0 + TTL)).toBe(false);
    expect(await acquire('b', T0 + 2 * TTL - 1)).toBe(true);
  });

  it('tells a holder whose lease another took that it lost it', async () => {
    await acquire('a', T0);
    await acquire('b', T0 + TTL);
    expect(
      await leases.extend('scan', 'a', { now: T0 + TTL + 1, ttlMs: TTL }),
    ).toBe(false);
    expect(await acquire('a', T0 + TTL + 2)).toBe(false);
  });

  it('frees a released lease at once; a release by a non-holder changes nothing', async () => {
    await acquire('a', T0);
    await leases.release('scan', 'b');
    expect(await acquire('b', T0 + 1)).toBe(false);
    await leases.release('scan', 'a');
    expect(await acquire('b', T0 + 1)).toBe(true);
  });

  it('with a minimum interval, is not taken again that soon after the last start on any holder', async () => {
    expect(await acquire('a', T0, 10_000)).toBe(true);
    await leases.release('scan', 'a');
    expect(await acquire('b', T0 + 9_999, 10_000)).toBe(false);
    expect(await acquire('b', T0 + 9_999)).toBe(true);
    await leases.release('scan', 'b');
    expect(await acquire('a', T0 + 9_999 + 10_000, 10_000)).toBe(true);
  });

  it('keeps leases of different names apart', async () => {
    expect(await acquire('a', T0)).toBe(true);
    expect(await leases.acquire('resync', 'b', { now: T0, ttlMs: TTL })).toBe(
      true,
    );
  });

  it('gives a lease to exactly one of many concurrent takers', async () => {
    const holders = ['a', 'b', 'c', 'd', 'e', 'f'];
    const taken = await Promise.all(holders.map(h => acquire(h, T0)));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });
});
