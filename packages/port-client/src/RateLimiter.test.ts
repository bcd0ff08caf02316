import { RateLimiter, rateLimitGroupOf } from './RateLimiter';

/** A clock that only moves when the limiter sleeps. */
function virtualTime() {
  let now = 1_000_000;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function windowHeaders(limit: number, remaining: number, resetSeconds: number) {
  return new Headers({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetSeconds),
  });
}

/** One request that ends with a response carrying `headers`. */
async function respond(limiter: RateLimiter, headers: Headers) {
  await limiter.acquire();
  limiter.release(headers);
}

async function startTimes(
  limiter: RateLimiter,
  time: ReturnType<typeof virtualTime>,
  count: number,
) {
  const origin = time.now();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await limiter.acquire();
    limiter.release();
    times.push(time.now() - origin);
  }
  return times;
}

const defaults = {
  maxRequestsPerSecond: 0,
  adaptive: true,
  slowDownBelow: 0.5,
};

describe('RateLimiter', () => {
  it('lets requests through at once while no limit is known', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    expect(await startTimes(limiter, time, 3)).toEqual([0, 0, 0]);
  });

  it('does not slow down while more than half the window remains', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    await respond(limiter, windowHeaders(100, 80, 10));
    expect(await startTimes(limiter, time, 3)).toEqual([0, 0, 0]);
  });

  it('spreads the rest of the window evenly once less than half remains', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    await respond(limiter, windowHeaders(100, 10, 10));
    // 10 s left for 10 requests: one per second, and each one it lets through counts.
    const times = await startTimes(limiter, time, 4);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(1000);
    expect(times[2]).toBeCloseTo(2000);
    expect(times[3]).toBeCloseTo(3000);
  });

  it('waits for the reset once nothing remains', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    await respond(limiter, windowHeaders(100, 0, 5));
    expect(await startTimes(limiter, time, 2)).toEqual([5000, 5000]);
  });

  it('keeps the lower remaining count of two responses from one window', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    await limiter.acquire();
    await limiter.acquire();
    limiter.release(windowHeaders(100, 0, 5));
    limiter.release(windowHeaders(100, 90, 5));
    expect(await startTimes(limiter, time, 1)).toEqual([5000]);
  });

  it('counts requests still on the wire against what the header reports', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    // 12 reported, but two more requests are already under way: 10 are left for 10 s.
    limiter.release(windowHeaders(100, 12, 10));
    const times = await startTimes(limiter, time, 2);
    expect(times[1]).toBeCloseTo(1000);
  });

  it('takes the earliest reset that responses of one window report', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    await limiter.acquire();
    await limiter.acquire();
    limiter.release(windowHeaders(100, 0, 5));
    time.advance(1000);
    limiter.release(windowHeaders(100, 0, 3));
    expect(await startTimes(limiter, time, 1)).toEqual([3000]);
  });

  it('forgets a window once it has reset', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    await respond(limiter, windowHeaders(100, 0, 5));
    time.advance(5000);
    expect(await startTimes(limiter, time, 2)).toEqual([0, 0]);
  });

  it('ignores the headers when adaptive pacing is off', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(
      { ...defaults, adaptive: false },
      time.now,
      time.sleep,
    );
    await respond(limiter, windowHeaders(100, 0, 5));
    expect(await startTimes(limiter, time, 2)).toEqual([0, 0]);
  });

  it('holds every request back during a pause', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(defaults, time.now, time.sleep);
    limiter.pauseUntil(time.now() + 2500);
    expect(await startTimes(limiter, time, 2)).toEqual([2500, 2500]);
  });

  it('spaces requests by a fixed maximum rate', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(
      { ...defaults, maxRequestsPerSecond: 4 },
      time.now,
      time.sleep,
    );
    expect(await startTimes(limiter, time, 3)).toEqual([0, 250, 500]);
  });

  it('stops waiting when the caller aborts', async () => {
    const limiter = new RateLimiter(defaults, Date.now, (_ms, signal) => {
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    });
    limiter.pauseUntil(Date.now() + 60_000);
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('rateLimitGroupOf', () => {
  it.each([
    ['/v1/blueprints/service/entities', 'entity'],
    ['/v1/blueprints/service/entities/bulk', 'entity'],
    ['/v1/blueprints/service/entities/a%2Fb', 'entity'],
    ['/v1/blueprints/service/bulk/entities/delete', 'entity'],
    ['/v1/blueprints/service/all-entities', 'entity'],
    ['/v1/entities/search', 'entity'],
    ['/v1/blueprints/entities/datasource-entities', 'entity'],
    ['/v1/blueprints', 'other'],
    ['/v1/blueprints/service', 'other'],
    ['/v1/blueprints/entities', 'other'],
    ['/v1/integration/x/config', 'other'],
    ['/v1/organization', 'other'],
    ['/v1/auth/access_token', 'auth'],
  ])('puts %s in the %s group', (path, group) => {
    expect(rateLimitGroupOf(path)).toBe(group);
  });
});
