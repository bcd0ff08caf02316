import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { memoryDatabase } from '../__testUtils__/testDatabases';
import { portMigrations } from '../__testUtils__/portMigrations';
import { TaskLeases } from '../database/TaskLeases';
import { ExclusiveTasks, scheduleSpacingMs } from './ExclusiveTasks';

describe('ExclusiveTasks', () => {
  let knex: Knex;
  let leases: TaskLeases;

  beforeEach(async () => {
    knex = memoryDatabase();
    await knex.migrate.latest(portMigrations);
    leases = new TaskLeases(knex);
  });

  afterEach(() => knex.destroy());

  const tasks = (holder: string, ttlMs = 15_000) =>
    new ExclusiveTasks({
      leases,
      holder,
      ttlMs,
      logger: mockServices.logger.mock(),
    });
  const row = async () =>
    knex('port_task_leases').where('name', 'scan').first();

  it('runs the work under the lease and releases it after', async () => {
    const a = tasks('a');
    let heldDuring: unknown;
    expect(
      await a.run('scan', {}, async () => {
        heldDuring = (await row()).holder;
      }),
    ).toBe(true);
    expect(heldDuring).toBe('a');
    expect(await row()).toMatchObject({ holder: null });
  });

  it('releases the lease when the work throws, and passes the error on', async () => {
    await expect(
      tasks('a').run('scan', {}, async () => {
        throw new Error('scan failed');
      }),
    ).rejects.toThrow('scan failed');
    expect(await row()).toMatchObject({ holder: null });
  });

  it('does not run the work while another replica holds the lease', async () => {
    await leases.acquire('scan', 'other', { now: Date.now(), ttlMs: 60_000 });
    const work = jest.fn(async () => {});
    expect(await tasks('a').run('scan', {}, work)).toBe(false);
    expect(work).not.toHaveBeenCalled();
  });

  it('does not run the work again within the minimum interval, on another replica either', async () => {
    await tasks('a').run('scan', {}, async () => {});
    const work = jest.fn(async () => {});
    expect(await tasks('b').run('scan', { minIntervalMs: 60_000 }, work)).toBe(
      false,
    );
    expect(work).not.toHaveBeenCalled();
  });

  it('extends the lease while the work runs longer than its time to live', async () => {
    const ttlMs = 300;
    await tasks('a', ttlMs).run('scan', {}, async () => {
      const first = Number((await row()).expires_at);
      // Waits for the heartbeat to have moved the expiry on (several beats: each is ttl/3).
      for (;;) {
        const current = Number((await row()).expires_at);
        if (current >= first + ttlMs) break;
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      // When the lease would have lapsed without the heartbeat, nobody else can take it.
      expect(await leases.acquire('scan', 'b', { now: first, ttlMs })).toBe(
        false,
      );
    });
  });

  it("aborts the work's signal when another replica took the lease", async () => {
    const ran = await tasks('a', 150).run('scan', {}, async signal => {
      // As if this process had stalled past its lease and another replica took it.
      await knex('port_task_leases')
        .where('name', 'scan')
        .update({ holder: 'b', expires_at: Date.now() + 60_000 });
      await new Promise(resolve =>
        signal.addEventListener('abort', resolve, { once: true }),
      );
      expect(String(signal.reason)).toContain('lease of scan lost');
    });
    expect(ran).toBe(true);
    // The thief keeps its lease: the loser's release changes nothing.
    expect(await row()).toMatchObject({ holder: 'b' });
  });

  it('reports no lost lease for a heartbeat that answers after the work ended', async () => {
    let answer: () => void = () => {};
    const answered = new Promise<void>(resolve => (answer = resolve));
    let beat: () => void = () => {};
    const beaten = new Promise<void>(resolve => (beat = resolve));
    const extensions: Promise<boolean>[] = [];
    const slowLeases = Object.assign(Object.create(leases), {
      extend: (...args: Parameters<TaskLeases['extend']>) => {
        beat();
        const extension = answered.then(() => leases.extend(...args));
        extensions.push(extension);
        return extension;
      },
    }) as TaskLeases;
    const logger = mockServices.logger.mock();
    const exclusive = new ExclusiveTasks({
      leases: slowLeases,
      holder: 'a',
      ttlMs: 30,
      logger,
    });
    await exclusive.run('scan', {}, () => beaten);
    answer();
    // The lease was released before the beat reached the database: it finds nothing to extend.
    expect(await Promise.all(extensions)).toContain(false);
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("aborts the work's signal with the caller's", async () => {
    const controller = new AbortController();
    await tasks('a').run(
      'scan',
      { signal: controller.signal },
      async signal => {
        controller.abort(new Error('shutting down'));
        expect(signal.aborted).toBe(true);
        expect(String(signal.reason)).toContain('shutting down');
      },
    );
  });
});

describe('scheduleSpacingMs', () => {
  it('is half the period of a duration, 30 s for cron and nothing for a manual task', () => {
    expect(scheduleSpacingMs({ minutes: 1 })).toBe(30_000);
    expect(scheduleSpacingMs({ cron: '0 * * * *' })).toBe(30_000);
    expect(scheduleSpacingMs({ trigger: 'manual' })).toBe(0);
    expect(scheduleSpacingMs(undefined)).toBe(0);
  });
});
