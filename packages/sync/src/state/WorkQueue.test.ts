import { storeFactories } from '../__testUtils__/storeFactories';
import type { WorkQueue } from './WorkQueue';

jest.setTimeout(60_000);

const T0 = 1_700_000_000_000;

/** The contract every WorkQueue keeps, on every store. */
describe.each(storeFactories(['memory', 'sqlite', 'postgres']))(
  'WorkQueue on $name',
  factory => {
    let queue: WorkQueue;

    beforeAll(() => factory.start());
    afterAll(() => factory.stop());
    beforeEach(async () => {
      queue = (await factory.create()).queue;
    });

    it('deduplicates by ref and claims only due, unparked, unclaimed items', async () => {
      await queue.enqueue(
        [
          { ref: 'a', op: 'upsert' },
          { ref: 'b', op: 'delete' },
          { ref: 'c', op: 'upsert', nextAttemptAt: T0 + 60_000 },
        ],
        T0,
      );
      await queue.enqueue([{ ref: 'a', op: 'upsert' }], T0 + 1);
      expect(await queue.queueStats(T0)).toEqual({
        depth: 3,
        due: 2,
        parked: 0,
        claimed: 0,
      });

      const first = await queue.claim({
        limit: 10,
        now: T0 + 10,
        leaseMs: 1000,
      });
      expect(first.map(item => [item.ref, item.op, item.seq])).toEqual([
        ['a', 'upsert', 2],
        ['b', 'delete', 1],
      ]);
      expect(
        await queue.claim({ limit: 10, now: T0 + 20, leaseMs: 1000 }),
      ).toEqual([]);
      // A claim whose lease lapsed (its worker died) is claimable again.
      const again = await queue.claim({
        limit: 1,
        now: T0 + 2000,
        leaseMs: 1000,
      });
      expect(again.map(item => item.ref)).toEqual(['a']);
    });

    it('completes claimed items but keeps one enqueued again meanwhile', async () => {
      await queue.enqueue(
        [
          { ref: 'a', op: 'upsert' },
          { ref: 'b', op: 'upsert' },
        ],
        T0,
      );
      const claimed = await queue.claim({
        limit: 10,
        now: T0,
        leaseMs: 60_000,
      });
      await queue.enqueue([{ ref: 'b', op: 'upsert' }], T0 + 5);
      await queue.complete(
        claimed.map(item => ({
          ref: item.ref,
          seq: item.seq,
          claimedBy: item.claimedBy!,
        })),
      );
      const left = await queue.listQueue({ limit: 10 });
      expect(left.map(item => [item.ref, item.seq, item.claimedBy])).toEqual([
        ['b', 2, null],
      ]);
    });

    it('records failures with backoff, parks, and releases parked items on a new change', async () => {
      await queue.enqueue([{ ref: 'a', op: 'upsert', etag: 'e1' }], T0);
      const [item] = await queue.claim({
        limit: 1,
        now: T0,
        leaseMs: 60_000,
      });
      const claimed = { ref: 'a', seq: item.seq, claimedBy: item.claimedBy! };
      await queue.fail(
        [
          {
            ...claimed,
            attempts: 3,
            nextAttemptAt: T0 + 5000,
            lastError: '422 invalid: bad',
            parked: true,
          },
        ],
        T0 + 1,
      );
      expect(await queue.listQueue({ parked: true, limit: 10 })).toEqual([
        expect.objectContaining({
          ref: 'a',
          attempts: 3,
          nextAttemptAt: T0 + 5000,
          lastError: '422 invalid: bad',
          parked: true,
          claimedBy: null,
        }),
      ]);
      expect(
        await queue.claim({ limit: 1, now: T0 + 10_000, leaseMs: 1 }),
      ).toEqual([]);

      // The same etag again is the same change: it stays parked.
      await queue.enqueue([{ ref: 'a', op: 'upsert', etag: 'e1' }], T0 + 1);
      expect((await queue.queueStats(T0 + 10_000)).parked).toBe(1);

      // A new etag is a new change: attempts restart and it is due now.
      await queue.enqueue([{ ref: 'a', op: 'upsert', etag: 'e2' }], T0 + 2);
      const [released] = await queue.listQueue({ limit: 1 });
      expect(released).toEqual(
        expect.objectContaining({
          parked: false,
          attempts: 0,
          nextAttemptAt: T0 + 2,
          etag: 'e2',
          lastError: '422 invalid: bad',
        }),
      );
    });

    it('retries parked items on request and releases claims without counting', async () => {
      await queue.enqueue(
        [
          { ref: 'a', op: 'upsert' },
          { ref: 'b', op: 'delete' },
        ],
        T0,
      );
      const claimed = await queue.claim({
        limit: 2,
        now: T0,
        leaseMs: 60_000,
      });
      const [a, b] = claimed.map(item => ({
        ref: item.ref,
        seq: item.seq,
        claimedBy: item.claimedBy!,
      }));
      await queue.fail(
        [
          {
            ...a,
            attempts: 10,
            nextAttemptAt: T0,
            lastError: 'x',
            parked: true,
          },
        ],
        T0,
      );
      await queue.release([b]);
      expect(await queue.queueStats(T0)).toEqual({
        depth: 2,
        due: 1,
        parked: 1,
        claimed: 0,
      });
      expect(await queue.retryParked(undefined, T0 + 1)).toBe(1);
      expect(await queue.queueStats(T0 + 1)).toEqual({
        depth: 2,
        due: 2,
        parked: 0,
        claimed: 0,
      });
      const retried = await queue.listQueue({ limit: 5 });
      expect(retried.find(item => item.ref === 'a')).toEqual(
        expect.objectContaining({ attempts: 0, nextAttemptAt: T0 + 1 }),
      );
    });

    it("reads one ref's item, and retries only the parked items of the refs asked for", async () => {
      await queue.enqueue(
        [
          { ref: 'a', op: 'upsert', etag: 'e1' },
          { ref: 'b', op: 'upsert' },
        ],
        T0,
      );
      expect(await queue.getItem('missing')).toBeUndefined();
      await queue.fail(
        (
          await queue.claim({ limit: 2, now: T0, leaseMs: 60_000 })
        ).map(item => ({
          ref: item.ref,
          seq: item.seq,
          claimedBy: item.claimedBy!,
          attempts: 2,
          nextAttemptAt: T0 + 10,
          lastError: `422 ${item.ref}`,
          parked: true,
        })),
        T0 + 5,
      );
      expect(await queue.getItem('a')).toEqual({
        ref: 'a',
        op: 'upsert',
        etag: 'e1',
        seq: 1,
        attempts: 2,
        nextAttemptAt: T0 + 10,
        lastError: '422 a',
        parked: true,
        enqueuedAt: T0,
        updatedAt: T0 + 5,
        claimedBy: null,
        claimedUntil: null,
      });

      expect(await queue.retryParked(['a', 'missing'], T0 + 20)).toBe(1);
      expect(await queue.getItem('a')).toEqual(
        expect.objectContaining({
          parked: false,
          attempts: 0,
          nextAttemptAt: T0 + 20,
          lastError: '422 a',
        }),
      );
      expect(await queue.getItem('b')).toEqual(
        expect.objectContaining({ parked: true, attempts: 2 }),
      );
      expect(await queue.retryParked(['a'], T0 + 30)).toBe(0);
    });

    it('keeps a lease while its holder extends it, and lets it lapse when the holder stops', async () => {
      await queue.enqueue([{ ref: 'a', op: 'upsert' }], T0);
      const [item] = await queue.claim({ limit: 1, now: T0, leaseMs: 15_000 });
      const held = { ref: 'a', seq: item.seq, claimedBy: item.claimedBy! };

      // The holder's heartbeat at T0 + 10 s moves the lease to T0 + 25 s.
      await queue.extend([held], T0 + 25_000);
      expect(
        await queue.claim({ limit: 1, now: T0 + 20_000, leaseMs: 15_000 }),
      ).toEqual([]);

      // A process killed after that heartbeat: the row is due once the lease lapses.
      const [taken] = await queue.claim({
        limit: 1,
        now: T0 + 25_001,
        leaseMs: 15_000,
      });
      expect(taken.ref).toBe('a');
      expect(taken.claimedBy).not.toBe(item.claimedBy);

      // The old holder's late heartbeat does not take the row back.
      await queue.extend([held], T0 + 90_000);
      const [row] = await queue.listQueue({ limit: 1 });
      expect(row).toMatchObject({
        claimedBy: taken.claimedBy,
        claimedUntil: T0 + 40_001,
      });
    });

    it('records a batch of failures, each with its own values; one enqueued again keeps its schedule, one claimed by another worker is left alone', async () => {
      const refs = Array.from({ length: 450 }, (_, i) => `ref-${i}`);
      await queue.enqueue(
        refs.map(ref => ({ ref, op: 'upsert' as const })),
        T0,
      );
      const claimed = await queue.claim({
        limit: 449,
        now: T0,
        leaseMs: 60_000,
      });
      const [other] = await queue.claim({ limit: 1, now: T0, leaseMs: 60_000 });
      // ref-0 is asked for again while it is worked on
      await queue.enqueue([{ ref: 'ref-0', op: 'upsert' }], T0 + 1);

      await queue.fail(
        [
          ...claimed.map((item, i) => ({
            ref: item.ref,
            seq: item.seq,
            claimedBy: item.claimedBy!,
            attempts: (i % 3) + 1,
            nextAttemptAt: T0 + 1000 * i,
            lastError: `error of ${item.ref}`,
            parked: i % 2 === 1,
          })),
          // a stale claim of the row another worker now holds
          {
            ref: other.ref,
            seq: other.seq,
            claimedBy: claimed[0].claimedBy!,
            attempts: 9,
            nextAttemptAt: T0,
            lastError: 'not mine',
            parked: true,
          },
        ],
        T0 + 2,
      );

      const rows = new Map(
        (await queue.listQueue({ limit: 1000 })).map(row => [row.ref, row]),
      );
      expect(rows.size).toBe(450);
      expect(rows.get('ref-0')).toMatchObject({
        seq: 2,
        attempts: 0,
        nextAttemptAt: T0,
        parked: false,
        updatedAt: T0 + 1,
        lastError: 'error of ref-0',
        claimedBy: null,
      });
      claimed.slice(1).forEach((item, index) => {
        const i = index + 1;
        expect(rows.get(item.ref)).toMatchObject({
          attempts: (i % 3) + 1,
          nextAttemptAt: T0 + 1000 * i,
          lastError: `error of ${item.ref}`,
          parked: i % 2 === 1,
          updatedAt: T0 + 2,
          claimedBy: null,
          claimedUntil: null,
        });
      });
      expect(rows.get(other.ref)).toMatchObject({
        attempts: 0,
        lastError: null,
        parked: false,
        claimedBy: other.claimedBy,
      });
    });

    it('completes and releases a batch across holders, leaving the rows of others', async () => {
      const refs = Array.from({ length: 600 }, (_, i) => `ref-${i}`);
      await queue.enqueue(
        refs.map(ref => ({ ref, op: 'upsert' as const })),
        T0,
      );
      const first = await queue.claim({ limit: 550, now: T0, leaseMs: 60_000 });
      const second = await queue.claim({ limit: 50, now: T0, leaseMs: 60_000 });
      await queue.enqueue([{ ref: first[3].ref, op: 'upsert' }], T0 + 1);
      const claim = (item: (typeof first)[number]) => ({
        ref: item.ref,
        seq: item.seq,
        claimedBy: item.claimedBy!,
      });

      await queue.complete(
        [...first.slice(0, 540), ...second.slice(0, 40)].map(claim),
      );
      await queue.release(
        [...first.slice(540), ...second.slice(40)].map(claim),
      );

      const left = await queue.listQueue({ limit: 1000 });
      expect(left.map(row => row.ref).sort()).toEqual(
        [first[3], ...first.slice(540), ...second.slice(40)]
          .map(item => item.ref)
          .sort(),
      );
      expect(left.every(row => row.claimedBy === null)).toBe(true);
      expect(await queue.queueStats(T0)).toMatchObject({ due: 21, claimed: 0 });
    });

    if (factory.name !== 'memory') {
      it('writes a batch in a bounded number of statements, not one per ref', async () => {
        const refs = Array.from({ length: 300 }, (_, i) => `ref-${i}`);
        await queue.enqueue(
          refs.map(ref => ({ ref, op: 'upsert' as const })),
          T0,
        );
        const statements: string[] = [];
        const knex = factory.lastKnex()!;
        const count = (query: { sql: string }) => statements.push(query.sql);
        knex.on('query', count);
        try {
          const claimed = (
            await queue.claim({ limit: 300, now: T0, leaseMs: 60_000 })
          ).map(item => ({
            ref: item.ref,
            seq: item.seq,
            claimedBy: item.claimedBy!,
          }));
          const claimStatements = statements.length;
          await queue.extend(claimed, T0 + 1);
          await queue.release(claimed.slice(0, 100));
          await queue.fail(
            claimed.slice(100, 200).map(item => ({
              ...item,
              attempts: 1,
              nextAttemptAt: T0,
              lastError: 'x',
              parked: false,
            })),
            T0,
          );
          await queue.complete(claimed.slice(200));
          await queue.enqueue(
            refs.map(ref => ({ ref, op: 'upsert' as const })),
            T0 + 1,
          );
          const writes = statements
            .slice(claimStatements)
            .filter(sql => !/^(begin|commit|savepoint|release)/i.test(sql));
          // extend 1, release 1, fail 1, complete 2, enqueue 1
          expect(writes).toHaveLength(6);
        } finally {
          knex.off('query', count);
        }
      });

      it('never hands one item to two workers claiming at the same time', async () => {
        const refs = Array.from({ length: 200 }, (_, i) => `ref-${i}`);
        await queue.enqueue(
          refs.map(ref => ({ ref, op: 'upsert' as const })),
          T0,
        );
        const workers = await Promise.all(
          Array.from({ length: 4 }, () => factory.openAgain()),
        );
        const claimed: string[] = [];
        await Promise.all(
          workers.map(async worker => {
            for (;;) {
              const items = await worker.queue.claim({
                limit: 7,
                now: T0,
                leaseMs: 60_000,
              });
              if (items.length === 0) return;
              claimed.push(...items.map(item => item.ref));
            }
          }),
        );
        expect(claimed).toHaveLength(200);
        expect(new Set(claimed).size).toBe(200);
      });
    }
  },
);
