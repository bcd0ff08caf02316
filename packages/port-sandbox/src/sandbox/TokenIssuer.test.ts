import { TokenIssuer } from './TokenIssuer';

describe('TokenIssuer', () => {
  it('accepts a token until its expiry and refuses it from then on', () => {
    const issuer = new TokenIssuer(60);
    const { accessToken, expiresIn } = issuer.issue('client', 1_000_000);
    expect(expiresIn).toBe(60);
    expect(issuer.isValid(accessToken, 1_000_000 + 59_000)).toBe(true);
    expect(issuer.isValid(accessToken, 1_000_000 + 60_000)).toBe(false);
  });

  it('refuses tokens it did not issue, even well-formed ones from another issuer', () => {
    const other = new TokenIssuer(60).issue('client').accessToken;
    expect(new TokenIssuer(60).isValid(other)).toBe(false);
  });

  it('puts exp and iat in the JWT payload', () => {
    const { accessToken } = new TokenIssuer(120).issue('client', 5_000_000);
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
