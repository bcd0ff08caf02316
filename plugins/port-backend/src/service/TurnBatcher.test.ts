import { TurnBatcher } from './TurnBatcher';

const nextTurn = () => new Promise(resolve => setImmediate(resolve));

describe('TurnBatcher', () => {
  it('flushes what one turn added in one call, and answers every caller after it', async () => {
    const flushed: string[][] = [];
    const batcher = new TurnBatcher<string>(async items => {
      flushed.push(items);
    });
    const done: string[] = [];

    const calls = ['a', 'b', 'c'].map(ref =>
      batcher.add(ref).then(() => done.push(ref)),
    );
    expect(flushed).toEqual([]);
    await Promise.all(calls);

    expect(flushed).toEqual([['a', 'b', 'c']]);
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('puts what is added during a flush in the next batch', async () => {
    const flushed: string[][] = [];
    let later: Promise<void> | undefined;
    const batcher: TurnBatcher<string> = new TurnBatcher<string>(
      async items => {
        flushed.push(items);
        if (items.includes('a')) later = batcher.add('d');
        await nextTurn();
      },
    );

    await Promise.all([batcher.add('a'), batcher.add('b')]);
    await later;

    expect(flushed).toEqual([['a', 'b'], ['d']]);
  });

  it('rejects the callers of a batch whose flush failed, and flushes the next batch anyway', async () => {
    const flushed: string[][] = [];
    const batcher = new TurnBatcher<string>(async items => {
      flushed.push(items);
      if (items.includes('bad')) throw new Error('the database is gone');
    });

    const failed = [batcher.add('x'), batcher.add('bad')];
    await expect(failed[0]).rejects.toThrow('the database is gone');
    await expect(failed[1]).rejects.toThrow('the database is gone');
    await batcher.add('y');

    expect(flushed).toEqual([['x', 'bad'], ['y']]);
  });
});
