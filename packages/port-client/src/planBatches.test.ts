import { planBatches } from './planBatches';

const MIB = 1024 * 1024;
const ENVELOPE = '{"entities":[]}'.length;

describe('planBatches', () => {
  it('splits 21 entities into 20 and 1', () => {
    const plan = planBatches(new Array(21).fill(100), 20, MIB);
    expect(plan.batches.map(b => b.length)).toEqual([20, 1]);
    expect(plan.batches.flat()).toEqual([...Array(21).keys()]);
    expect(plan.tooLarge).toEqual([]);
  });

  it('gives an entity near 1 MiB a request of its own', () => {
    const big = MIB - ENVELOPE - 10;
    const plan = planBatches([100, big, 100, 100], 20, MIB);
    expect(plan.batches).toEqual([[0], [1], [2, 3]]);
  });

  it('fills a body exactly to the limit, counting the commas', () => {
    // Two items of 100 bytes plus one comma plus the envelope.
    const limit = ENVELOPE + 201;
    expect(planBatches([100, 100, 100], 20, limit).batches).toEqual([
      [0, 1],
      [2],
    ]);
    expect(planBatches([100, 100], 20, limit - 1).batches).toEqual([[0], [1]]);
  });

  it('sets aside an entity that cannot fit in any body', () => {
    const plan = planBatches([10, MIB, 10], 20, MIB);
    expect(plan.tooLarge).toEqual([1]);
    expect(plan.batches).toEqual([[0, 2]]);
  });

  it('plans nothing for no entities', () => {
    expect(planBatches([], 20, MIB)).toEqual({ batches: [], tooLarge: [] });
  });
});
