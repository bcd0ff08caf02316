import { JqLimitError } from '../errors';
import type { Dialect } from './values';

/** What the runtime's operations need from a run: the dialect, and how large a value may grow. */
export interface ValueLimits {
  readonly dialect: Dialect;
  /** The longest string (UTF-16 code units), array (elements) or object (keys) a run may build. */
  readonly maxValueLength: number;
}

/**
 * 10 million: far above any mapping field or CLI use seen, far below what exhausts a Node heap
 * (a string of 10M characters takes 10–20 MB).
 */
export const DEFAULT_MAX_VALUE_LENGTH = 10_000_000;

const UNITS = { string: 'characters', array: 'elements', object: 'keys' };

/**
 * Ends the run with a JqLimitError when a value about to be built is too large. Called before the
 * allocation where the size is known in advance, so the memory is never taken.
 */
export function checkLength(
  length: number,
  limits: ValueLimits,
  what: keyof typeof UNITS,
): void {
  if (length > limits.maxValueLength) {
    throw new JqLimitError(
      `jq program built a${
        what === 'array' || what === 'object' ? 'n' : ''
      } ${what} of ${length} ${UNITS[what]}, over its limit of ${
        limits.maxValueLength
      }`,
    );
  }
}

/** `pieces.join(sep)`, refused before joining when the result would be too long. */
export function joinChecked(
  pieces: string[],
  sep: string,
  limits: ValueLimits,
): string {
  let length = sep.length * Math.max(0, pieces.length - 1);
  for (const p of pieces) length += p.length;
  checkLength(length, limits, 'string');
  return pieces.join(sep);
}
