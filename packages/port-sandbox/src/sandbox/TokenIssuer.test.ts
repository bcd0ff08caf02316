import { TokenIssuer } from './TokenIssuer';

const admin = { clientId: 'client', role: 'admin' as const };

describe('TokenIssuer', () => {
  it('accepts a token until its expiry and refuses it from then on', () => {
    let now = 1_000_000;
    const issuer = new TokenIssuer(60, () => now);
    const { accessToken, expiresIn } = issuer.issue(admin);
    expect(expiresIn).toBe(60);
    now += 59_000;
    expect(issuer.holderOf(accessToken)).toEqual(admin);
    now += 1_000;
    expect(issuer.holderOf(accessToken)).toBeUndefined();
  });

  it('returns the active token again with the seconds it has left, and a new one once it expired', () => {
    let now = 1_000_000;
    const issuer = new TokenIssuer(60, () => now);
    const first = issuer.issue(admin);
    now += 20_500;
    expect(issuer.issue(admin)).toEqual({
      accessToken: first.accessToken,
      expiresIn: 39,
    });
    expect(
      issuer.issue({ clientId: 'other', role: 'member' }).accessToken,
    ).not.toBe(first.accessToken);
    now += 39_500;
    const second = issuer.issue(admin);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresIn).toBe(60);
  });

  it('mints a new token after expireAll()', () => {
    const issuer = new TokenIssuer(60, () => 1_000_000);
    const first = issuer.issue(admin).accessToken;
    issuer.expireAll();
    expect(issuer.holderOf(first)).toBeUndefined();
    expect(issuer.issue(admin).accessToken).not.toBe(first);
  });

  it('refuses tokens it did not issue, even well-formed ones from another issuer', () => {
    const other = new TokenIssuer(60).issue(admin).accessToken;
    expect(new TokenIssuer(60).holderOf(other)).toBeUndefined();
  });

  it('puts exp and iat in the JWT payload', () => {
    const { accessToken } = new TokenIssuer(120, () => 5_000_000).issue(admin);
    const payload = JSON.parse(
      Buffer.from(accessToken.split('.')[1], 'base64url').toString(),
    );
    expect(payload).toMatchObject({
      iat: 5000,
      exp: 5120,
      isMachine: true,
      clientId: 'client',
    });
  });
});
