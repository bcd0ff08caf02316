import { queueBackoff } from './backoff';

describe('queueBackoff', () => {
  it('waits 5 s after the first failure by default, doubling up to an hour', () => {
    const backoff = queueBackoff();
    expect([1, 2, 3].map(backoff)).toEqual([5_000, 10_000, 20_000]);
    expect(backoff(40)).toBe(3_600_000);
  });

  it('starts from the first wait it is given', () => {
    expect([1, 2].map(queueBackoff(1_000))).toEqual([1_000, 2_000]);
  });
});
