import { dependencyLevels } from './dependencyLevels';

describe('dependencyLevels', () => {
  it('puts each node after the nodes it depends on', () => {
    const { levels, cyclic } = dependencyLevels([
      { id: 'app', dependsOn: ['api', 'team'] },
      { id: 'api', dependsOn: ['team'] },
      { id: 'team', dependsOn: [] },
    ]);
    expect(levels).toEqual([[2], [1], [0]]);
    expect(cyclic).toEqual([]);
  });

  it('ignores dependencies outside the set and on itself', () => {
    expect(
      dependencyLevels([
        { id: 'a', dependsOn: ['elsewhere', 'a'] },
        { id: 'b', dependsOn: [] },
      ]),
    ).toEqual({ levels: [[0, 1]], cyclic: [] });
  });

  it('returns nodes on a cycle, and those waiting on one, as cyclic', () => {
    const { levels, cyclic } = dependencyLevels([
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['a'] },
      { id: 'd', dependsOn: [] },
    ]);
    expect(levels).toEqual([[3]]);
    expect(cyclic).toEqual([0, 1, 2]);
  });
});
