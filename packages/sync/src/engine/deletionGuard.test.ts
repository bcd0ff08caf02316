import { guardDeletion } from './deletionGuard';
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
