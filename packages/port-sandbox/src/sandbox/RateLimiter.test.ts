import { RateLimiter, bucketOf } from './RateLimiter';

describe('RateLimiter', () => {
  it('refuses past the limit within a window and starts over in the next', () => {
    const limiter = new RateLimiter({ otherRequests: 2, windowSeconds: 10 });
    expect(limiter.take('other', 0).allowed).toBe(true);
    const second = limiter.take('other', 1000);
    expect(second.headers).toEqual({
      'x-ratelimit-period': '10',
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '9',
    });
    const refused = limiter.take('other', 4000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(6);
    expect(limiter.take('other', 10000).allowed).toBe(true);
  });

  it('keeps separate budgets for the entity API and other routes', () => {
    const limiter = new RateLimiter({ entityRequests: 1, otherRequests: 1 });
    expect(limiter.take('entity', 0).allowed).toBe(true);
    expect(limiter.take('other', 0).allowed).toBe(true);
    expect(limiter.take('entity', 0).allowed).toBe(false);
  });

  it('classifies entity routes, search and the datasource listing as the entity API', () => {
    expect(bucketOf('/v1/blueprints/service/entities')).toBe('entity');
    expect(bucketOf('/v1/blueprints/service/entities/bulk')).toBe('entity');
    expect(bucketOf('/v1/blueprints/service/bulk/entities/delete')).toBe(
      'entity',
    );
    expect(bucketOf('/v1/blueprints/service/all-entities')).toBe('entity');
    expect(bucketOf('/v1/entities/search')).toBe('entity');
    expect(bucketOf('/v1/blueprints/entities/datasource-entities')).toBe(
      'entity',
    );
    expect(bucketOf('/v1/blueprints/service')).toBe('other');
    expect(bucketOf('/v1/integration/x/config')).toBe('other');
    expect(bucketOf('/v1/auth/access_token')).toBe('other');
  });
});
