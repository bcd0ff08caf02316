import { backoffDelayMs, parseWaitHeader, retryDelayMs } from './retryDelay';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseWaitHeader', () => {
  it('reads a small number as seconds', () => {
    expect(parseWaitHeader('3', NOW)).toBe(3000);
    expect(parseWaitHeader('0.5', NOW)).toBe(500);
  });

  it('reads a number above 10,000 as epoch seconds', () => {
    expect(parseWaitHeader(String(NOW / 1000 + 7), NOW)).toBe(7000);
  });

  it('reads an ISO date', () => {
    expect(parseWaitHeader('2026-01-01T00:00:04Z', NOW)).toBe(4000);
  });

  it('reads an HTTP-date', () => {
    expect(parseWaitHeader('Thu, 01 Jan 2026 00:00:02 GMT', NOW)).toBe(2000);
  });

  it('never returns a negative wait for a time in the past', () => {
    expect(parseWaitHeader('2025-12-31T23:59:00Z', NOW)).toBe(0);
  });

  it('returns undefined for missing or unreadable values', () => {
    expect(parseWaitHeader(null, NOW)).toBeUndefined();
    expect(parseWaitHeader('', NOW)).toBeUndefined();
    expect(parseWaitHeader('soon', NOW)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const input = {
    retryNumber: 1,
    nowMs: NOW,
    random: 0.5,
    baseDelayMs: 300,
    maxBackoffMs: 300_000,
  };

  it('prefers Retry-After', () => {
    const headers = new Headers({
      'retry-after': '2',
      'x-ratelimit-reset': '9',
    });
    expect(retryDelayMs({ ...input, status: 429, headers })).toBe(2000);
  });

  it('falls back to x-ratelimit-reset on a 429', () => {
    const headers = new Headers({ 'x-ratelimit-reset': '9' });
    expect(retryDelayMs({ ...input, status: 429, headers })).toBe(9000);
  });

  it('ignores x-ratelimit-reset on other statuses, where it only describes the window', () => {
    const headers = new Headers({ 'x-ratelimit-reset': '9' });
    expect(retryDelayMs({ ...input, status: 503, headers })).toBe(300);
  });

  it('backs off exponentially from the base delay', () => {
    expect(
      [1, 2, 3, 4].map(retryNumber => retryDelayMs({ ...input, retryNumber })),
    ).toEqual([300, 600, 1200, 2400]);
  });

  it('adds at most 10 % jitter either way', () => {
    expect(retryDelayMs({ ...input, retryNumber: 2, random: 0 })).toBe(540);
    expect(retryDelayMs({ ...input, retryNumber: 2, random: 0.999999 })).toBe(
      660,
    );
  });

  it('caps both the computed and the requested wait', () => {
    expect(
      retryDelayMs({ ...input, retryNumber: 30, maxBackoffMs: 5000 }),
    ).toBe(5000);
    const headers = new Headers({ 'retry-after': '600' });
    expect(
      retryDelayMs({ ...input, status: 429, headers, maxBackoffMs: 5000 }),
    ).toBe(5000);
  });
});

describe('backoffDelayMs, the formula the client, the sync queue and the plugin share', () => {
  it('doubles from the base with no jitter at the default random of 0.5', () => {
    expect(
      [1, 2, 3].map(attempt =>
        backoffDelayMs({ attempt, baseMs: 1000, maxMs: 60_000 }),
      ),
    ).toEqual([1000, 2000, 4000]);
  });

  it('treats attempt 0 as the first retry and caps at maxMs', () => {
    expect(backoffDelayMs({ attempt: 0, baseMs: 1000, maxMs: 60_000 })).toBe(
      1000,
    );
    expect(backoffDelayMs({ attempt: 40, baseMs: 1000, maxMs: 60_000 })).toBe(
      60_000,
    );
  });

  it('spreads by the given jitter fraction', () => {
    const at = (random: number) =>
      backoffDelayMs({
        attempt: 1,
        baseMs: 1000,
        maxMs: 60_000,
        random,
        jitter: 0.5,
      });
    expect([at(0), at(0.75)]).toEqual([500, 1250]);
  });
});
