import { compile } from '../../src/compile';
import { JqCompileError, JqRuntimeError } from '../../src/errors';

/** What running one program on one input did: its outputs in order, then how it ended. */
export type Outcome =
  | { kind: 'ok'; outputs: unknown[] }
  | { kind: 'error'; outputs: unknown[]; error: unknown }
  | { kind: 'compile-error'; message: string }
  /** Anything else escaping the engine (a JS TypeError, a limit): always a disagreement. */
  | { kind: 'crash'; outputs: unknown[]; message: string }
  /** jq 1.7.1 itself aborted (a failed assertion in its C code): nothing to compare with. */
  | { kind: 'oracle-abort' };

export interface Case {
  program: string;
  input: unknown;
}

/**
 * Runs a case through our engine with the jq 1.7.1 dialect, on the input as jq reads it
 * (`-0` in a JS value is `0` once written as JSON).
 */
export function runOurs(c: Case): Outcome {
  const input = JSON.parse(JSON.stringify(c.input));
  let program;
  try {
    program = compile(c.program, { dialect: '1.7', timeoutMs: 5000 });
  } catch (e) {
    if (e instanceof JqCompileError)
      return { kind: 'compile-error', message: e.jqMessage };
    return { kind: 'crash', outputs: [], message: String(e) };
  }
  const outputs: unknown[] = [];
  try {
    program.each(input, v => {
      outputs.push(v);
    });
    return { kind: 'ok', outputs };
  } catch (e) {
    if (e instanceof JqRuntimeError)
      return { kind: 'error', outputs, error: e.value };
    return { kind: 'crash', outputs, message: String(e) };
  }
}

/**
 * The JSON text jq would print for a value, with object keys sorted (jq and we may order keys
 * differently; order is not part of a value's identity). Non-finite numbers print as jq prints
 * them, and -0 stays distinguishable from 0.
 */
export function canonical(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'null';
    if (v === Infinity) return '1.7976931348623157e+308';
    if (v === -Infinity) return '-1.7976931348623157e+308';
    return Object.is(v, -0) ? '-0' : JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** How two outcomes differ, or `undefined` when they agree. */
export function difference(ours: Outcome, jq: Outcome): string | undefined {
  if (ours.kind === 'crash') return `our engine threw ${ours.message}`;
  if (jq.kind === 'oracle-abort') return undefined;
  if (ours.kind === 'compile-error' || jq.kind === 'compile-error') {
    if (ours.kind === jq.kind) return undefined;
    return ours.kind === 'compile-error'
      ? `we fail to compile (${ours.message}); jq runs it`
      : `jq fails to compile (${
          (jq as { message: string }).message
        }); we run it`;
  }
  if (jq.kind === 'crash') return `oracle failed: ${jq.message}`;
  if (ours.kind === 'oracle-abort') return undefined;
  const n = Math.max(ours.outputs.length, jq.outputs.length);
  for (let i = 0; i < n; i++) {
    if (i >= ours.outputs.length)
      return `output ${i + 1}: jq has ${canonical(
        jq.outputs[i],
      )}, we have none`;
    if (i >= jq.outputs.length)
      return `output ${i + 1}: we have ${canonical(
        ours.outputs[i],
      )}, jq has none`;
    const a = canonical(ours.outputs[i]);
    const b = canonical(jq.outputs[i]);
    if (a !== b) return `output ${i + 1}: jq has ${b}, we have ${a}`;
  }
  if (ours.kind !== jq.kind) {
    return ours.kind === 'error'
      ? `we raise ${canonical(ours.error)}; jq does not`
      : `jq raises ${canonical((jq as { error: unknown }).error)}; we do not`;
  }
  if (ours.kind === 'error' && jq.kind === 'error') {
    if (sameParseError(ours.error, jq.error)) return undefined;
    const a = canonical(ours.error);
    const b = canonical(jq.error);
    if (a !== b) return `error: jq raises ${b}, we raise ${a}`;
  }
  return undefined;
}

/**
 * The one family of messages compared loosely: errors of jq's JSON parser (`fromjson`,
 * `tonumber`), `<what> at line L, column C (while parsing '<text>')`. jq's parser is a
 * character-level state machine whose positions we do not reproduce; both must be parse errors
 * of the same text.
 */
function sameParseError(a: unknown, b: unknown): boolean {
  const tail = /\(while parsing '[\s\S]*'\)$/;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const ta = tail.exec(a);
  const tb = tail.exec(b);
  return ta !== null && tb !== null && ta[0] === tb[0];
}
