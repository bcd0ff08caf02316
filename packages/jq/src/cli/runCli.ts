import { compile } from '../compile';
import { runTestFile } from '../conformance/runTestFile';
import {
  JqCompileError,
  JqHaltError,
  JqLimitError,
  JqRuntimeError,
} from '../errors';
import { parseJson, parseJsonSequence } from '../runtime/parseJson';
import { setKey, toJson } from '../runtime/values';

/** What the CLI needs from its host; the bin shim passes Node's, tests pass their own. */
export interface CliIO {
  readStdin(): string;
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
  env?: Record<string, string | undefined>;
}

const USAGE = `Usage: portsync-jq [OPTIONS] FILTER [FILES...]
       portsync-jq --run-tests FILE...

  -n  use null as the input        -r  raw string output        -j  like -r, no newlines
  -c  compact output               -s  slurp inputs into array  -e  exit status from last output
  -a  ASCII output                 --tab / --indent n           --arg / --argjson name value
  --slurpfile / --rawfile name file                             --args / --jsonargs
`;

class UsageError extends Error {}

interface Options {
  nullInput: boolean;
  raw: boolean;
  join: boolean;
  compact: boolean;
  slurp: boolean;
  exitStatus: boolean;
  ascii: boolean;
  indent: number | string;
  named: Record<string, unknown>;
  positional: unknown[];
  filter: string | null;
  files: string[];
  runTests: string[] | null;
}

function parseArgs(argv: string[], io: CliIO): Options {
  const o: Options = {
    nullInput: false,
    raw: false,
    join: false,
    compact: false,
    slurp: false,
    exitStatus: false,
    ascii: false,
    indent: 2,
    named: {},
    positional: [],
    filter: null,
    files: [],
    runTests: null,
  };
  let rest: 'files' | 'args' | 'jsonargs' = 'files';
  const need = (i: number, n: number, flag: string) => {
    if (i + n >= argv.length)
      throw new UsageError(`${flag} takes ${n} parameter${n > 1 ? 's' : ''}`);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (o.runTests) {
      o.runTests.push(a);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      for (const ch of a.slice(1)) {
        switch (ch) {
          case 'n':
            o.nullInput = true;
            break;
          case 'r':
            o.raw = true;
            break;
          case 'j':
            o.raw = true;
            o.join = true;
            break;
          case 'c':
            o.compact = true;
            break;
          case 's':
            o.slurp = true;
            break;
          case 'e':
            o.exitStatus = true;
            break;
          case 'a':
            o.ascii = true;
            break;
          default:
            throw new UsageError(`Unknown option: -${ch}`);
        }
      }
      continue;
    }
    switch (a) {
      case '--tab':
        o.indent = '\t';
        continue;
      case '--indent': {
        need(i, 1, a);
        const n = Number(argv[++i]);
        if (!Number.isInteger(n) || n < 0 || n > 7)
          throw new UsageError('Cannot indent more than 7 characters');
        o.indent = n;
        continue;
      }
      case '--arg':
        need(i, 2, a);
        setKey(o.named, argv[i + 1], argv[i + 2]);
        i += 2;
        continue;
      case '--argjson':
        need(i, 2, a);
        try {
          setKey(
            o.named,
            argv[i + 1],
            parseJson(argv[i + 2], { allowNan: true }),
          );
        } catch {
          throw new UsageError(`Invalid JSON text passed to --argjson`);
        }
        i += 2;
        continue;
      case '--slurpfile':
      case '--rawfile': {
        need(i, 2, a);
        const text = io.readFile(argv[i + 2]);
        setKey(
          o.named,
          argv[i + 1],
          a === '--rawfile'
            ? text
            : parseJsonSequence(text.replace(/^\uFEFF/, ''), {
                allowNan: true,
              }),
        );
        i += 2;
        continue;
      }
      case '--args':
        rest = 'args';
        continue;
      case '--jsonargs':
        rest = 'jsonargs';
        continue;
      case '--run-tests':
        o.runTests = [];
        continue;
      default:
        if (a.startsWith('--')) throw new UsageError(`Unknown option: ${a}`);
    }
    if (o.filter === null) o.filter = a;
    else if (rest === 'files') o.files.push(a);
    else if (rest === 'args') o.positional.push(a);
    else o.positional.push(parseJson(a, { allowNan: true }));
  }
  return o;
}

function runTests(files: string[], io: CliIO): number {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const result = runTestFile(io.readFile(file), { env: io.env ?? {} });
    for (const r of result.results) {
      if (r.passed) {
        passed++;
      } else {
        failed++;
        io.stdout(
          `*** Test failed (${file}:${r.case.line}): ${r.case.program}\n    ${r.reason}\n`,
        );
      }
    }
  }
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

/**
 * A jq-compatible command line: returns the exit code jq would (2 usage, 3 compile error,
 * 5 runtime error, `-e` statuses, `halt_error` codes).
 */
export function runCli(argv: string[], io: CliIO): number {
  let opts: Options;
  try {
    opts = parseArgs(argv, io);
  } catch (e) {
    io.stderr(`portsync-jq: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.runTests) return runTests(opts.runTests, io);
  if (opts.filter === null) {
    io.stderr(USAGE);
    return 2;
  }
  const named = opts.named;
  const variables = [...Object.keys(named), 'ARGS'];
  let program;
  try {
    program = compile(opts.filter, { variables, env: io.env ?? {} });
  } catch (e) {
    if (e instanceof JqCompileError) {
      io.stderr(`jq: error: ${e.message}\njq: 1 compile error\n`);
      return 3;
    }
    throw e;
  }
  // Inputs are read on first use, so `-n` without `input` never waits for stdin.
  let queue: Iterator<unknown> | null = null;
  const load = (): Iterator<unknown> => {
    if (!queue) {
      const source = opts.files.length
        ? opts.files.map(f => io.readFile(f)).join('\n')
        : io.readStdin();
      const texts = parseJsonSequence(source.replace(/^\uFEFF/, ''), {
        allowNan: true,
      });
      queue = (opts.slurp ? [texts] : texts)[Symbol.iterator]();
    }
    return queue;
  };
  const inputs: Iterator<unknown> = { next: () => load().next() };
  if (!opts.nullInput) {
    try {
      load();
    } catch (e) {
      io.stderr(`jq: error (at <stdin>:0): ${(e as Error).message}\n`);
      return 2;
    }
  }
  const vars = { ...named, ARGS: { positional: opts.positional, named } };
  const indent = opts.compact ? 0 : opts.indent;
  let last: unknown = undefined;
  let produced = false;
  let exit = 0;
  const print = (v: unknown) => {
    produced = true;
    last = v;
    const text =
      opts.raw && typeof v === 'string'
        ? v
        : toJson(v, { indent, ascii: opts.ascii });
    io.stdout(opts.join ? text : `${text}\n`);
  };
  const runOne = (input: unknown): boolean => {
    try {
      program.each(input, v => print(v), vars, {
        inputs,
        stderr: v => io.stderr(toJson(v)),
      });
    } catch (e) {
      if (e instanceof JqHaltError) {
        if (e.value !== undefined)
          io.stderr(
            typeof e.value === 'string' ? e.value : `${toJson(e.value)}\n`,
          );
        exit = e.exitCode;
        return false;
      }
      if (e instanceof JqRuntimeError || e instanceof JqLimitError) {
        io.stderr(`jq: error (at <stdin>:0): ${e.message}\n`);
        exit = 5;
        return true;
      }
      throw e;
    }
    return true;
  };
  if (opts.nullInput) {
    runOne(null);
  } else {
    for (let next = inputs.next(); !next.done; next = inputs.next()) {
      if (!runOne(next.value)) return exit;
    }
  }
  if (exit !== 0) return exit;
  if (opts.exitStatus) {
    if (!produced) return 4;
    return last === null || last === false ? 1 : 0;
  }
  return 0;
}
