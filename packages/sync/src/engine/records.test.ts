import type { RefState } from '../state/StateStore';
import type { MappedEntity, Produced } from './produce';
import {
  describeFailure,
  finalStatus,
  runProblems,
  isPermanent,
  kindFilter,
  nextRecords,
  sameState,
  splitUnchanged,
  WriteState,
} from './records';

function produced(identifier: string, hash: string): Produced {
  return {
    ref: 'component:default/a',
    blueprint: 'service',
    identifier,
    payload: { identifier },
    hash,
  };
}

function mappedOf(...items: Produced[]): MappedEntity {
  return {
    ref: 'component:default/a',
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'a' },
    },
    produced: items,
    fieldErrors: 0,
    skipped: 0,
  };
}

const state: RefState = {
  ref: 'component:default/a',
  uid: 'u',
  etag: 'e',
  entities: [
    { blueprint: 'service', identifier: 'kept', hash: 'h1' },
    { blueprint: 'service', identifier: 'changed', hash: 'old' },
  ],
};

describe('splitUnchanged', () => {
  const kept = produced('kept', 'h1');
  const changed = produced('changed', 'new');
  const created = produced('created', 'h3');
  const states = new Map([[state.ref, state]]);

  it('writes only what Port does not hold by hash', () => {
    const { toWrite, writeStates } = splitUnchanged(
      [mappedOf(kept, changed, created)],
      states,
      false,
    );
    expect(toWrite).toEqual([changed, created]);
    expect([...writeStates]).toEqual([[kept, 'unchanged']]);
  });

  it('writes everything with force', () => {
    const { toWrite, writeStates } = splitUnchanged(
      [mappedOf(kept, changed)],
      states,
      true,
    );
    expect(toWrite).toEqual([kept, changed]);
    expect(writeStates.size).toBe(0);
  });
});

describe('nextRecords', () => {
  it('records accepted and unchanged writes and keeps the old record of a failed one', () => {
    const kept = produced('kept', 'h1');
    const changed = produced('changed', 'new');
    const created = produced('created', 'h3');
    const writeStates = new Map<Produced, WriteState>([
      [kept, 'unchanged'],
      [changed, 'failed'],
      [created, 'accepted'],
    ]);
    expect(
      nextRecords(
        state.entities,
        mappedOf(kept, changed, created),
        writeStates,
      ),
    ).toEqual([
      { blueprint: 'service', identifier: 'kept', hash: 'h1' },
      { blueprint: 'service', identifier: 'changed', hash: 'old' },
      { blueprint: 'service', identifier: 'created', hash: 'h3' },
    ]);
  });
});

describe('sameState', () => {
  it('is true only for the same uid, etag and hashes', () => {
    expect(sameState(state, { ...state })).toBe(true);
    expect(sameState(undefined, state)).toBe(false);
    expect(sameState(state, { ...state, etag: null })).toBe(false);
    expect(
      sameState(state, {
        ...state,
        entities: [state.entities[0], { ...state.entities[1], hash: 'x' }],
      }),
    ).toBe(false);
  });
});

describe('isPermanent', () => {
  it.each([
    [422, true],
    [413, true],
    [400, true],
    [404, false],
    [429, false],
    [409, false],
    [401, false],
    [503, false],
    [undefined, false],
  ])('status %s → %s', (status, permanent) => {
    expect(
      isPermanent({
        blueprint: 'service',
        identifier: 'a',
        status,
        error: 'x',
        message: 'm',
      }),
    ).toBe(permanent);
  });

  it('counts a mapping error as permanent', () => {
    expect(
      isPermanent({
        blueprint: '',
        identifier: '',
        error: 'mapping_failed',
        message: 'm',
      }),
    ).toBe(true);
  });
});

describe('describeFailure and kindFilter', () => {
  it('describes a failure on one line', () => {
    expect(
      describeFailure({
        blueprint: 'service',
        identifier: 'a',
        status: 422,
        error: 'invalid',
        message: 'bad title',
      }),
    ).toBe('service/a: 422 invalid: bad title');
  });

  it('filters refs by kind, case-insensitively', () => {
    const keep = kindFilter(['Component']);
    expect(keep('component:default/a')).toBe(true);
    expect(keep('group:default/a')).toBe(false);
    expect(kindFilter(undefined)('group:default/a')).toBe(true);
  });
});

describe('finalStatus', () => {
  const counts = {
    mapped: 3,
    upserted: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    skipped: 0,
    fieldErrors: 0,
  };

  it('is completed only without failures', () => {
    expect(finalStatus('completed', { ...counts, upserted: 3 })).toBe(
      'completed',
    );
  });

  it('is partial when some writes failed and others went through', () => {
    expect(
      finalStatus('completed', { ...counts, upserted: 2, failed: 1 }),
    ).toBe('partial');
    expect(
      finalStatus('completed', { ...counts, unchanged: 2, failed: 1 }),
    ).toBe('partial');
  });

  it('is failed when every write it tried failed', () => {
    expect(finalStatus('completed', { ...counts, failed: 3 })).toBe('failed');
  });

  it('keeps the status of a run that stopped early', () => {
    expect(finalStatus('aborted', { ...counts, failed: 3 })).toBe('aborted');
    expect(finalStatus('failed', { ...counts, upserted: 3 })).toBe('failed');
  });
});

describe('runProblems', () => {
  const counts = {
    mapped: 3,
    upserted: 2,
    unchanged: 0,
    deleted: 0,
    failed: 1,
    skipped: 0,
    fieldErrors: 0,
  };

  it('names failed writes and a skipped deletion', () => {
    expect(
      runProblems({
        counts,
        failures: [
          {
            blueprint: 'service',
            identifier: 'a',
            status: 422,
            error: 'invalid',
            message: 'bad',
          },
        ],
        deletion: {
          stale: 9,
          owned: 10,
          threshold: 0.5,
          skipped: true,
          reason: 'too many',
        },
      }),
    ).toBe(
      '1 of 3 writes failed (first: service/a: 422 invalid: bad); deletion skipped: too many',
    );
  });

  it('is undefined for a clean run', () => {
    expect(
      runProblems({ counts: { ...counts, failed: 0 }, failures: [] }),
    ).toBeUndefined();
  });
});
