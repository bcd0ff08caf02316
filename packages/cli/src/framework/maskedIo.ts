import { CliIo, CliOutput } from './CliIo';
import { SecretMasker } from './SecretMasker';

function maskedOutput(output: CliOutput, secrets: SecretMasker): CliOutput {
  return {
    write: (text: string) => output.write(secrets.mask(text)),
    get isTTY() {
      return output.isTTY;
    },
    get columns() {
      return output.columns;
    },
  };
}

/** The same streams, with every registered secret masked in whatever is written. */
export function maskedIo(io: CliIo, secrets: SecretMasker): CliIo {
  return {
    ...io,
    stdout: maskedOutput(io.stdout, secrets),
    stderr: maskedOutput(io.stderr, secrets),
  };
}
