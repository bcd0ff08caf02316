import {
  HintBuffer,
  MAX_REFS_PER_CHECK,
  RECHECK_MS,
  RELATED_WAIT_MS,
} from './HintBuffer';

describe('HintBuffer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(onReady?: (refs: string[]) => Promise<void>) {
    const catalog = new Map<string, string>();
    /** Ref → the targets of its relations. */
    const relations = new Map<string, string[]>();
    const pushed = new Map<string, string | null>();
    const ready: string[][] = [];
    const reads: string[][] = [];
    const buffer = new HintBuffer({
      delayMs: 500,
      stitched: async refs => {
        reads.push(refs);
        return refs.map(ref => {
          const etag = catalog.get(ref);
          return etag === undefined
            ? undefined
            : { etag, relatedRefs: relations.get(ref) ?? [] };
        });
      },
      pushedEtags: async refs =>
        new Map(refs.filter(r => pushed.has(r)).map(r => [r, pushed.get(r)!])),
      onReady: async refs => {
        ready.push(refs);
        await onReady?.(refs);
      },
      onError: error => {
        throw error;
      },
      now: () => Date.now(),
    });
    return { catalog, relations, pushed, ready, reads, buffer };
  }

  it('waits until a new entity is stitched, then hands it over once', async () => {
    const { catalog, ready, buffer } = setup();
    buffer.add('component:default/a');
    await jest.advanceTimersByTimeAsync(500);
    expect(ready).toEqual([]);
    catalog.set('component:default/a', 'etag-1');
    await jest.advanceTimersByTimeAsync(1000);
    expect(ready).toEqual([['component:default/a']]);
    await jest.advanceTimersByTimeAsync(5000);
    expect(ready).toHaveLength(1);
  });

  it('waits until an update changes the stitched etag', async () => {
    const { catalog, pushed, ready, buffer } = setup();
    catalog.set('component:default/a', 'etag-1');
    pushed.set('component:default/a', 'etag-1');
    buffer.add('component:default/a');
    await jest.advanceTimersByTimeAsync(2500);
    expect(ready).toEqual([]);
    catalog.set('component:default/a', 'etag-2');
    await jest.advanceTimersByTimeAsync(1000);
    expect(ready).toEqual([['component:default/a']]);
  });

  it('groups hints that arrive within the delay into one hand-over', async () => {
    const { catalog, ready, buffer } = setup();
    catalog.set('component:default/a', 'x');
    catalog.set('component:default/b', 'y');
    buffer.add('component:default/a');
    await jest.advanceTimersByTimeAsync(200);
    buffer.add('component:default/b');
    await jest.advanceTimersByTimeAsync(300);
    expect(ready).toEqual([['component:default/a', 'component:default/b']]);
  });

  it('leaves a change that never shows up to the change scan after 30 s', async () => {
    const { catalog, ready, buffer } = setup();
    buffer.add('component:default/ghost');
    await jest.advanceTimersByTimeAsync(31_000);
    catalog.set('component:default/ghost', 'late');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(ready).toEqual([]);
  });

  it('checks again every RECHECK_MS, so a change stitched late is handed over within that', async () => {
    const { catalog, ready, buffer } = setup();
    buffer.add('component:default/a');
    await jest.advanceTimersByTimeAsync(500 + 3 * RECHECK_MS);
    catalog.set('component:default/a', 'etag-1');
    await jest.advanceTimersByTimeAsync(RECHECK_MS);
    expect(ready).toEqual([['component:default/a']]);
  });

  it('reads at most MAX_REFS_PER_CHECK refs at a time, taking turns', async () => {
    const { reads, buffer } = setup();
    const refs = Array.from(
      { length: MAX_REFS_PER_CHECK + 10 },
      (_, i) => `component:default/c${i}`,
    );
    refs.forEach(ref => buffer.add(ref));
    await jest.advanceTimersByTimeAsync(500);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toEqual(refs.slice(0, MAX_REFS_PER_CHECK));
    await jest.advanceTimersByTimeAsync(RECHECK_MS);
    expect(reads).toHaveLength(2);
    expect(reads[1].slice(0, 10)).toEqual(refs.slice(MAX_REFS_PER_CHECK));
  });

  it("hands over a relation target whose stitched version changed with the hinted entity's", async () => {
    const { catalog, relations, pushed, ready, buffer } = setup();
    const user = 'user:default/ada';
    const group = 'group:default/team';
    catalog.set(group, 'group-1');
    pushed.set(group, 'group-1');
    // A new user's memberOf: the group gains a hasMember on its next stitch, with no hint of its own.
    catalog.set(user, 'user-1');
    relations.set(user, [group]);
    buffer.add(user);
    await jest.advanceTimersByTimeAsync(500);
    expect(ready).toEqual([[user]]);
    catalog.set(group, 'group-2');
    await jest.advanceTimersByTimeAsync(RECHECK_MS);
    expect(ready).toEqual([[user], [group]]);
  });

  it('watches a relation target that does not change for RELATED_WAIT_MS only', async () => {
    const { catalog, relations, pushed, ready, reads, buffer } = setup();
    const group = 'group:default/team';
    catalog.set(group, 'group-1');
    pushed.set(group, 'group-1');
    catalog.set('user:default/ada', 'user-1');
    relations.set('user:default/ada', [group, 'group:default/not-in-catalog']);
    buffer.add('user:default/ada');
    await jest.advanceTimersByTimeAsync(500 + RELATED_WAIT_MS + RECHECK_MS);
    const checks = reads.length;
    catalog.set(group, 'group-2');
    await jest.advanceTimersByTimeAsync(5 * RECHECK_MS);
    expect(reads).toHaveLength(checks);
    expect(ready).toEqual([['user:default/ada']]);
  });

  it('keeps checking while a hand-over is still being pushed', async () => {
    let finishPush: () => void = () => {};
    const { catalog, ready, buffer } = setup(
      () => new Promise<void>(resolve => (finishPush = resolve)),
    );
    catalog.set('component:default/a', 'x');
    buffer.add('component:default/a');
    await jest.advanceTimersByTimeAsync(500);
    expect(ready).toEqual([['component:default/a']]);
    catalog.set('component:default/b', 'y');
    buffer.add('component:default/b');
    await jest.advanceTimersByTimeAsync(500);
    expect(ready).toEqual([['component:default/a'], ['component:default/b']]);
    finishPush();
  });
});
