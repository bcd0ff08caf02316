/**
 * A pure-TypeScript jq engine: compile a jq program once, run it on plain JavaScript values.
 *
 * @packageDocumentation
 */
export { compile } from './compile';
export type { CompileOptions, JqProgram } from './compile';
export type { RunIO } from './compiler/types';
export {
  JqCompileError,
  JqHaltError,
  JqLimitError,
  JqRuntimeError,
} from './errors';
export { parseJson, parseJsonSequence } from './runtime/parseJson';
export {
  toJson,
  compare as compareValues,
  equals as valuesEqual,
} from './runtime/values';
