const MASK = '[redacted]';
/** Shorter values are not masked: they would mangle ordinary output, and are no secret worth the name. */
const MIN_SECRET_LENGTH = 6;

/**
 * Masks every registered secret in text leaving the CLI. Commands register the client secret and the Backstage
 * token as soon as they are known, and every stream write goes through `mask`, so an error message that echoes a
 * request cannot show them.
 *
 * @public
 */
export class SecretMasker {
  private secrets: string[] = [];

  add(secret: string | undefined): void {
    if (
      !secret ||
      secret.length < MIN_SECRET_LENGTH ||
      this.secrets.includes(secret)
    ) {
      return;
    }
    // Longest first, so a secret containing another is masked whole.
    this.secrets = [...this.secrets, secret].sort(
      (a, b) => b.length - a.length,
    );
  }

  mask(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      result = result.split(secret).join(MASK);
    }
    return result;
  }
}
