/**
 * A stream the command writes to. `isTTY` decides between a progress bar and plain lines, and whether to colour.
 *
 * @public
 */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Everything a command touches outside itself. The real process binding (`bin/portsync`) passes the process's
 * streams and environment; tests pass collectors and a made-up environment.
 *
 * @public
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Read by `map` when no entity file is given and by `map -`. */
  stdin?: AsyncIterable<string | Buffer> & { isTTY?: boolean };
  /** Environment variables: `PORT_CLIENT_ID`, `BACKSTAGE_URL`, ... and `${VAR}` substitution in config files. */
  env?: Record<string, string | undefined>;
  /** Relative paths are resolved against this; default `process.cwd()`. */
  cwd?: string;
  /** Ends long-running commands (`map --watch`, `sandbox`); the process binding aborts it on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}
