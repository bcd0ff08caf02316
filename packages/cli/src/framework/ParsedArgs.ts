/**
 * The values of a parsed command line, read by flag name.
 *
 * @public
 */
export class ParsedArgs {
  constructor(
    private readonly values: Record<
      string,
      string | boolean | string[] | undefined
    >,
    readonly positionals: string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  boolean(name: string): boolean {
    return this.values[name] === true;
  }

  list(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value : [];
  }
}
