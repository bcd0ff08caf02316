const MASK = '[redacted]';
/** Tokens the client has held, kept so an old token echoed in a late error is still masked. */
const MAX_REMEMBERED_TOKENS = 8;

/**
 * Masks the credentials and every access token the client has held in text that leaves the
 * client (log lines, error messages, Port's own error bodies, which could echo a request).
 */
export class Redactor {
  private readonly secrets: string[];
  private readonly tokens: string[] = [];

  constructor(clientId: string, clientSecret: string) {
    this.secrets = [clientSecret, clientId];
  }

  rememberToken(token: string): void {
    if (this.tokens.includes(token)) return;
    this.tokens.unshift(token);
    this.tokens.length = Math.min(this.tokens.length, MAX_REMEMBERED_TOKENS);
  }

  text(value: string): string {
    let result = value;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.tokens, ...this.secrets].sort(
      (a, b) => b.length - a.length,
    )) {
      if (secret) result = result.split(secret).join(MASK);
    }
    return result;
  }

  /** A JSON value with every string masked. */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map(item => this.json(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          this.text(key),
          this.json(item),
        ]),
      );
    }
    return value;
  }
}
