import { createHmac, randomBytes } from 'node:crypto';

import { SandboxRole } from '../types';

/** Port organisation roles; `GET /v1/integration/{id}` needs moderator or admin. */
export type Role = SandboxRole;

export interface IssuedToken {
  accessToken: string;
  /** Whole seconds the token has left. */
  expiresIn: number;
}

/** Who a valid token belongs to. */
export interface TokenHolder {
  clientId: string;
  role: Role;
}

interface LiveToken extends TokenHolder {
  accessToken: string;
  expiresAtMs: number;
}

/**
 * Issues Port-like access tokens: JWT-shaped (clients such as Port's own Backstage
 * plugin decode the `exp` claim, port-api-notes §1.2) and signed with a per-process
 * key. As Port does, a credential set has one active token: asking again before it
 * expires returns the same token with the seconds it has left (README: assumed).
 * Only tokens issued since the last `expireAll()` and not past `exp` are accepted.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);
  private readonly live = new Map<string, LiveToken>();
  private readonly active = new Map<string, LiveToken>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(holder: TokenHolder): IssuedToken {
    const now = this.now();
    const current = this.active.get(holder.clientId);
    if (current && current.expiresAtMs > now) {
      return {
        accessToken: current.accessToken,
        expiresIn: Math.floor((current.expiresAtMs - now) / 1000),
      };
    }
    const iat = Math.floor(now / 1000);
    // The claims are whole seconds, but validity is checked to the millisecond
    // from the issue, so a token lives exactly `expiresIn`: a client that
    // refreshes on `expiresIn` never races the expiry.
    const token: LiveToken = {
      ...holder,
      accessToken: this.sign({
        orgId: 'org_sandbox',
        clientId: holder.clientId,
        isMachine: true,
        iat,
        exp: iat + this.ttlSeconds,
        jti: randomBytes(8).toString('hex'),
      }),
      expiresAtMs: now + this.ttlSeconds * 1000,
    };
    this.live.set(token.accessToken, token);
    this.active.set(holder.clientId, token);
    return { accessToken: token.accessToken, expiresIn: this.ttlSeconds };
  }

  /** The holder of a token that is still valid, else undefined. */
  holderOf(accessToken: string): TokenHolder | undefined {
    const token = this.live.get(accessToken);
    if (!token) return undefined;
    if (token.expiresAtMs <= this.now()) {
      this.live.delete(accessToken);
      return undefined;
    }
    return { clientId: token.clientId, role: token.role };
  }

  expireAll(): void {
    this.live.clear();
    this.active.clear();
  }

  private sign(payload: object): string {
    const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    const signature = createHmac('sha256', this.key)
      .update(body)
      .digest('base64url');
    return `${body}.${signature}`;
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
