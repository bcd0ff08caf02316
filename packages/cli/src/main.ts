/**
 * Exit codes of the `portsync` command.
 *
 * @public
 */
export enum ExitCode {
  Ok = 0,
  Failed = 1,
  Usage = 2,
}

/**
 * The streams a command reads and writes; the real process binding passes
 * `process.stdout` and `process.stderr`, tests pass collectors.
 *
 * @public
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage: portsync <command> [options]

Keeps Port's software catalog in step with a Backstage catalog.

Options:
  -h, --help     Show this help
  -V, --version  Show the version
`;

/**
 * Runs the `portsync` command line and returns its exit code.
 *
 * @public
 */
export async function main(
  argv: string[],
  io: CliIo,
  version: string,
): Promise<ExitCode> {
  const [first] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    io.stdout.write(USAGE);
    return ExitCode.Ok;
  }
  if (first === '-V' || first === '--version') {
    io.stdout.write(`${version}\n`);
    return ExitCode.Ok;
  }
  io.stderr.write(
    `portsync: unknown ${
      first.startsWith('-') ? 'option' : 'command'
    } '${first}' (see portsync --help)\n`,
  );
  return ExitCode.Usage;
}
