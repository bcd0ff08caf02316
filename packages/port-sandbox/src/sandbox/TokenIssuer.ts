import { createHmac, randomBytes } from 'node:crypto';

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/**
 * Issues Port-like access tokens: JWT-shaped (clients such as Port's own Backstage
 * plugin decode the `exp` claim, port-api-notes §1.2) and signed with a per-process
 * key. Only tokens issued since the last `expireAll()` and not past `exp` are accepted.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);
  private readonly live = new Map<string, number>();

  constructor(private readonly ttlSeconds: number) {}

  issue(clientId: string, now = Date.now()): IssuedToken {
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    // The claims are whole seconds, but validity is checked to the millisecond
    // from the issue, so a token lives exactly `expiresIn`: a client that
    // refreshes on `expiresIn` never races the expiry.
    const expiresAtMs = now + this.ttlSeconds * 1000;
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode({
      orgId: 'org_sandbox',
      clientId,
      isMachine: true,
      iat,
      exp,
      jti: randomBytes(8).toString('hex'),
    });
    const signature = createHmac('sha256', this.key)
      .update(`${header}.${payload}`)
      .digest('base64url');
    const accessToken = `${header}.${payload}.${signature}`;
    this.live.set(accessToken, expiresAtMs);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  isValid(token: string, now = Date.now()): boolean {
    const expiresAt = this.live.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= now) {
      this.live.delete(token);
      return false;
    }
    return true;
  }

  expireAll(): void {
    this.live.clear();
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
