import { createColors } from 'picocolors';
import { CliOutput } from '../framework/CliIo';

/** @public */
export type Colors = ReturnType<typeof createColors>;

/** Colours for a stream: on for a terminal (unless `NO_COLOR` is set), off for files, pipes and tests. */
export function colorsFor(
  output: CliOutput,
  env: Record<string, string | undefined>,
): Colors {
  return createColors(Boolean(output.isTTY) && env.NO_COLOR === undefined);
}
