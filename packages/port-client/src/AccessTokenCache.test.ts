import { AccessTokenCache, AccessTokenResponse } from './AccessTokenCache';

function tokenSource(expiresIn = 3600) {
  let issued = 0;
  const pending: Array<(value: AccessTokenResponse) => void> = [];
  return {
    get issued() {
      return issued;
    },
    immediate: async (): Promise<AccessTokenResponse> => {
      issued += 1;
      return { accessToken: `t${issued}`, expiresIn, tokenType: 'Bearer' };
    },
    deferred: () =>
      new Promise<AccessTokenResponse>(resolve => {
        issued += 1;
        pending.push(resolve);
      }),
    resolveAll: () => {
      for (const [i, resolve] of pending.entries()) {
        resolve({ accessToken: `d${i + 1}`, expiresIn, tokenType: 'Bearer' });
      }
    },
  };
}

describe('AccessTokenCache', () => {
  it('shares one fetch among concurrent callers', async () => {
    const source = tokenSource();
    const cache = new AccessTokenCache(source.deferred, () => 0);
    const callers = Promise.all([cache.get(), cache.get(), cache.get()]);
    source.resolveAll();
    const tokens = await callers;
    expect(source.issued).toBe(1);
    expect(tokens.map(t => t.authorization)).toEqual([
      'Bearer d1',
      'Bearer d1',
      'Bearer d1',
    ]);
  });

  it('reuses the token until shortly before it expires, then fetches a new one', async () => {
    let now = 0;
    const source = tokenSource(3600);
    const cache = new AccessTokenCache(source.immediate, () => now);
    await cache.get();
    now = 3540_000 - 1; // the margin is 60 s for a one-hour token
    expect((await cache.get()).accessToken).toBe('t1');
    now = 3540_000;
    expect((await cache.get()).accessToken).toBe('t2');
  });

  it('keeps a short-lived token for nine tenths of its life', async () => {
    let now = 0;
    const source = tokenSource(10);
    const cache = new AccessTokenCache(source.immediate, () => now);
    await cache.get();
    now = 8999;
    expect((await cache.get()).accessToken).toBe('t1');
    now = 9000;
    expect((await cache.get()).accessToken).toBe('t2');
  });

  it("reads the expiry from the JWT's exp, not expiresIn", async () => {
    let now = 1_000_000;
    // A token Port hands out again: minted earlier, 100 s left, expiresIn still says 3600.
    const jwt = (exp: number) =>
      `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
    let issued = 0;
    const cache = new AccessTokenCache(
      async () => {
        issued += 1;
        return {
          accessToken: jwt(issued === 1 ? 1_100 : 2_000),
          expiresIn: 3600,
        };
      },
      () => now,
    );
    await cache.get();
    now = 1_090_000 - 1; // 100 s lifetime, margin a tenth: 10 s
    expect((await cache.get()).accessToken).toBe(jwt(1_100));
    now = 1_090_000;
    expect((await cache.get()).accessToken).toBe(jwt(2_000));
  });

  it('drops the token it is told was rejected', async () => {
    const source = tokenSource();
    const cache = new AccessTokenCache(source.immediate, () => 0);
    await cache.get();
    cache.invalidate('t1');
    expect((await cache.get()).accessToken).toBe('t2');
  });

  it('keeps a newer token when an older one is reported rejected', async () => {
    const source = tokenSource();
    const cache = new AccessTokenCache(source.immediate, () => 0);
    await cache.get();
    cache.invalidate('t1');
    await cache.get();
    cache.invalidate('t1');
    expect((await cache.get()).accessToken).toBe('t2');
  });

  it('fetches again after a failed fetch', async () => {
    let fail = true;
    const cache = new AccessTokenCache(
      async () => {
        if (fail) throw new Error('down');
        return { accessToken: 'ok', expiresIn: 60 };
      },
      () => 0,
    );
    await expect(cache.get()).rejects.toThrow('down');
    fail = false;
    expect((await cache.get()).authorization).toBe('Bearer ok');
  });

  it('lets one caller stop waiting without failing the others', async () => {
    const source = tokenSource();
    const cache = new AccessTokenCache(source.deferred, () => 0);
    const controller = new AbortController();
    const quitter = cache.get(controller.signal);
    const stayer = cache.get();
    controller.abort(new Error('gave up'));
    source.resolveAll();
    await expect(quitter).rejects.toThrow('gave up');
    expect((await stayer).accessToken).toBe('d1');
  });
});
