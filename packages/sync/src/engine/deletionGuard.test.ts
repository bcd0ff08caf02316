import {
  checkDeletionLimits,
  guardDeletion,
  largeDeletionWarning,
} from './deletionGuard';
import { keyOf } from './produce';

const owned = ['a', 'b', 'c', 'd'].map(identifier => ({
  blueprint: 'service',
  identifier,
}));
const keys = (...ids: string[]) => new Set(ids.map(id => keyOf('service', id)));

describe('guardDeletion', () => {
  it('deletes owned entities not produced when the share is within the threshold', () => {
    const { stale, report } = guardDeletion({
      owned,
      source: 'datasource',
      produced: keys('a', 'b', 'c'),
      present: keys('a', 'b', 'c'),
      threshold: 0.5,
    });
    expect(stale).toEqual([{ blueprint: 'service', identifier: 'd' }]);
    expect(report).toEqual({
      stale: 1,
      owned: 4,
      threshold: 0.5,
      skipped: false,
      source: 'datasource',
    });
  });

  it('deletes nothing and says why above the threshold', () => {
    const { stale, report } = guardDeletion({
      owned,
      source: 'state',
      produced: keys('a'),
      present: keys('a'),
      threshold: 0.5,
    });
    expect(stale).toEqual([]);
    expect(report).toEqual(
      expect.objectContaining({ stale: 3, owned: 4, skipped: true }),
    );
    expect(report.reason).toBe(
      '3 of 4 owned entities are stale (75.0%), above the entityDeletionThreshold of 50.0%: nothing was deleted',
    );
  });

  it('counts entities written this run as owned even when the listing missed them', () => {
    const { report } = guardDeletion({
      owned: owned.slice(2),
      source: 'datasource',
      produced: keys('a', 'b'),
      present: keys('a', 'b'),
      threshold: 0.5,
    });
    expect(report).toEqual(
      expect.objectContaining({ stale: 2, owned: 4, skipped: false }),
    );
  });

  it('keeps protected relation targets and entities out of scope', () => {
    const { stale } = guardDeletion({
      owned,
      source: 'datasource',
      produced: keys(),
      present: keys(),
      protectedIdentifiers: new Set(['b']),
      inScope: target => target.identifier !== 'c',
      threshold: 1,
    });
    expect(stale.map(t => t.identifier)).toEqual(['a', 'd']);
  });
});

describe('maxDeletions', () => {
  it('deletes nothing when more entities are stale than the cap, even within the threshold', () => {
    const { stale, report } = guardDeletion({
      owned,
      source: 'datasource',
      produced: keys('a', 'b'),
      present: keys('a', 'b'),
      threshold: 0.9,
      maxDeletions: 1,
    });
    expect(stale).toEqual([]);
    expect(report).toMatchObject({ stale: 2, owned: 4, skipped: true });
    expect(report.reason).toBe(
      '2 of 4 owned entities are stale (50.0%), more than maxDeletionsPerRun (1): nothing was deleted',
    );
  });

  it('deletes up to the cap', () => {
    const { stale } = guardDeletion({
      owned,
      source: 'datasource',
      produced: keys('a', 'b'),
      present: keys('a', 'b'),
      threshold: 0.9,
      maxDeletions: 2,
    });
    expect(stale.map(t => t.identifier)).toEqual(['c', 'd']);
  });

  it('names the scan what it counts', () => {
    expect(
      checkDeletionLimits({
        stale: 3,
        owned: 10,
        threshold: 0.9,
        maxDeletions: 2,
        counted: 'known refs vanished from the catalog',
        withheld: 'no delete was queued',
      }),
    ).toEqual({
      skipped: true,
      reason:
        '3 of 10 known refs vanished from the catalog (30.0%), more than maxDeletionsPerRun (2): no delete was queued',
    });
  });
});

describe('largeDeletionWarning', () => {
  const report = (stale: number, total: number, skipped = false) => ({
    stale,
    owned: total,
    threshold: 0.9,
    skipped,
  });

  it('warns before deleting 50 entities or more, or a fifth of what is owned', () => {
    expect(largeDeletionWarning(report(601, 675))).toBe(
      'Deleting 601 of 675 entities from Port (89.0%), within the entityDeletionThreshold of 90.0%; set maxDeletionsPerRun to cap deletions per run',
    );
    expect(largeDeletionWarning(report(2, 10))).toBeDefined();
    expect(largeDeletionWarning(report(50, 1000))).toBeDefined();
  });

  it('stays quiet for small deletions and skipped ones', () => {
    expect(largeDeletionWarning(report(1, 10))).toBeUndefined();
    expect(largeDeletionWarning(report(49, 1000))).toBeUndefined();
    expect(largeDeletionWarning(report(600, 675, true))).toBeUndefined();
    expect(largeDeletionWarning(report(0, 0))).toBeUndefined();
  });
});
