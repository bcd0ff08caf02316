import { MappingConfigError } from '@portsync/mapping';
import { PortApiError } from '@portsync/port-client';
import { CliError, ConfigError, PortError } from './CliError';
import { ExitCode } from './ExitCode';

/** An error nobody planned for; its message is still shown on one line. */
class UnexpectedError extends CliError {
  readonly exitCode = ExitCode.Failed;
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedError';
  }
}

/** Gives the errors of the packages underneath their exit code. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) {
    return error;
  }
  if (error instanceof MappingConfigError) {
    return new ConfigError(`invalid mapping: ${error.message}`);
  }
  if (error instanceof PortApiError) {
    if (error.kind === 'auth') {
      return new PortError(
        `Port rejected the credentials (${error.status}${
          error.code ? ` ${error.code}` : ''
        }): check PORT_CLIENT_ID and PORT_CLIENT_SECRET`,
      );
    }
    return new PortError(error.message);
  }
  return new UnexpectedError(
    error instanceof Error ? error.message : String(error),
  );
}
