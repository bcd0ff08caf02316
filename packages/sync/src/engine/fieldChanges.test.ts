import { fieldChanges } from './fieldChanges';

describe('fieldChanges', () => {
  it('lists changed fields as dot paths with before and after', () => {
    expect(
      fieldChanges(
        {
          identifier: 'a',
          title: 'A',
          properties: { tier: 2, tags: ['x'] },
          relations: { owner: 'team-b' },
        },
        {
          identifier: 'a',
          title: 'A',
          properties: { tier: 1, tags: ['x'] },
          relations: { owner: 'team-a' },
        },
      ),
    ).toEqual([
      { path: 'properties.tier', before: 1, after: 2 },
      { path: 'relations.owner', before: 'team-a', after: 'team-b' },
    ]);
  });

  it('ignores fields the payload leaves out and nulls Port does not hold', () => {
    expect(
      fieldChanges(
        { identifier: 'a', properties: { gone: null } },
        { identifier: 'a', title: 'Kept', properties: { other: 1 } },
      ),
    ).toEqual([]);
  });

  it('reports a null that clears a value Port holds, and compares objects by content', () => {
    expect(
      fieldChanges(
        {
          identifier: 'a',
          properties: { owner: null, labels: { b: 1, a: 2 } },
        },
        { identifier: 'a', properties: { owner: 'x', labels: { a: 2, b: 1 } } },
      ),
    ).toEqual([{ path: 'properties.owner', before: 'x', after: null }]);
  });
});
