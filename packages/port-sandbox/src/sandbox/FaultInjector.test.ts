import { FaultInjector } from './FaultInjector';

describe('FaultInjector', () => {
  it('hits a request when the random draw is below the rule rate', () => {
    const draws = [0.2, 0.7, 0.49];
    const faults = new FaultInjector(() => draws.shift()!);
    faults.set({ rules: [{ status: 500, rate: 0.5 }] });
    expect(faults.match('GET', '/v1/blueprints')?.rule.status).toBe(500);
    expect(faults.match('GET', '/v1/blueprints')).toBeUndefined();
    expect(faults.match('GET', '/v1/blueprints')?.rule.status).toBe(500);
    expect(faults.config().used).toEqual([2]);
  });

  it('falls through to the next rule once a rule has used its times', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({ rules: [{ status: 503, times: 1 }, { status: 502 }] });
    expect(faults.match('POST', '/v1/x')?.rule.status).toBe(503);
    expect(faults.match('POST', '/v1/x')?.rule.status).toBe(502);
  });

  it('matches the method case-insensitively and the path as a regular expression', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({
      rules: [{ method: 'post', path: '/entities/bulk$', latencyMs: 30 }],
    });
    expect(faults.match('POST', '/v1/blueprints/a/entities/bulk')).toEqual({
      rule: { method: 'post', path: '/entities/bulk$', latencyMs: 30 },
      latencyMs: 30,
    });
    expect(
      faults.match('GET', '/v1/blueprints/a/entities/bulk'),
    ).toBeUndefined();
    expect(faults.match('POST', '/v1/blueprints/a/entities')).toBeUndefined();
    faults.reset();
    expect(faults.config().rules).toEqual([]);
  });
});
