import { ExitCode } from './ExitCode';

/**
 * An error that ends the command with one line on stderr. Each subclass knows its exit code, so `main` needs no
 * table of error types.
 *
 * @public
 */
export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode;
}

/** @public */
export class UsageError extends CliError {
  readonly exitCode = ExitCode.Usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** @public */
export class ConfigError extends CliError {
  readonly exitCode = ExitCode.Config;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** @public */
export class BackstageError extends CliError {
  readonly exitCode = ExitCode.Backstage;
  constructor(message: string) {
    super(message);
    this.name = 'BackstageError';
  }
}

/** @public */
export class PortError extends CliError {
  readonly exitCode = ExitCode.Port;
  constructor(message: string) {
    super(message);
    this.name = 'PortError';
  }
}
