import { CliIo } from './CliIo';
import { ExitCode } from './ExitCode';
import { ParsedArgs } from './ParsedArgs';
import { SecretMasker } from './SecretMasker';

/**
 * One row of a command's flag table. The parser and `--help` are both generated from it.
 *
 * @public
 */
export interface FlagSpec {
  /** The long name, without dashes. */
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  /** A string flag that may be given more than once. */
  multiple?: boolean;
  /** The value's placeholder in `--help`, e.g. `FILE`. */
  value?: string;
  description: string;
  /** Where else the setting comes from, in order of precedence, shown in `--help`: `env PORT_CLIENT_ID`. */
  fallback?: string;
}

/** @public */
export interface Example {
  description: string;
  command: string;
}

/**
 * What a command gets besides its arguments: the masked streams, the environment and the way to register a
 * secret so that no output line ever shows it.
 *
 * @public
 */
export interface CommandContext {
  io: CliIo;
  env: Record<string, string | undefined>;
  cwd: string;
  signal?: AbortSignal;
  secrets: SecretMasker;
}

/** @public */
export interface ParsedCommand {
  kind: 'parsed';
  name: string;
  summary: string;
  description: string;
  /** The positional part of the usage line, e.g. `[FILE]`. */
  args?: string;
  maxPositionals: number;
  flags: FlagSpec[];
  examples: Example[];
  run(context: CommandContext, args: ParsedArgs): Promise<ExitCode>;
}

/**
 * A command whose arguments belong to another package's CLI (`jq`, `sandbox`): the raw arguments are handed over.
 *
 * @public
 */
export interface DelegatedCommand {
  kind: 'delegated';
  name: string;
  summary: string;
  run(context: CommandContext, argv: string[]): Promise<number>;
}

/** @public */
export type Command = ParsedCommand | DelegatedCommand;
