import { compile } from '../compile';
import { JqHaltError, JqLimitError, JqRuntimeError } from '../errors';
import { getLibrary } from './library';

// The internal-error barrier: whatever a builtin is given, it fails with a jq error (which
// `try` catches), never with a JavaScript TypeError or RangeError leaking from its code.

const INPUTS: unknown[] = [
  null,
  true,
  false,
  0,
  -1.5,
  1e300,
  'a',
  '',
  'émoji 😀',
  [],
  [1, 'a', null],
  [[1, 2], null, ['a']],
  {},
  { a: 1, key: null, value: [] },
  { a: [{ b: null }], c: { d: 'x' } },
];

const ARGS = ['.', 'null', '1', '"a"', '[]'];

/** Errors a run may end with: jq's own. Anything else escaped a builtin. */
const isJqError = (e: unknown) =>
  e instanceof JqRuntimeError ||
  e instanceof JqLimitError ||
  e instanceof JqHaltError;

function builtins(): { name: string; arity: number }[] {
  const lib = getLibrary();
  return [...lib.natives.keys(), ...lib.defs.keys()].map(key => {
    const [name, arity] = key.split('/');
    return { name, arity: Number(arity) };
  });
}

function calls(name: string, arity: number): string[] {
  if (arity === 0) return [name];
  return ARGS.map(a => `${name}(${Array(arity).fill(a).join('; ')})`);
}

describe('internal-error barrier', () => {
  const all = builtins();

  it('enumerates every native and prelude builtin', () => {
    expect(all.length).toBeGreaterThan(150);
    expect(all).toContainEqual({ name: 'transpose', arity: 0 });
    expect(all).toContainEqual({ name: 'from_entries', arity: 0 });
  });

  it('never lets a JavaScript error escape a builtin, and try catches every failure', () => {
    const escaped: string[] = [];
    for (const { name, arity } of all) {
      for (const call of calls(name, arity)) {
        for (const program of [call, `try (${call}) catch "caught"`]) {
          const p = compile(program, { maxSteps: 20_000, timeoutMs: 2000 });
          for (const input of INPUTS) {
            try {
              p.run(input);
            } catch (e) {
              const caughtByTry = program.startsWith('try');
              if (
                !isJqError(e) ||
                (caughtByTry && e instanceof JqRuntimeError)
              ) {
                escaped.push(
                  `${program} on ${JSON.stringify(input)}: ${String(e)}`,
                );
              }
            }
          }
        }
      }
    }
    expect(escaped).toEqual([]);
  });
});
