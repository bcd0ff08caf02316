import { compile } from '../compile';
import { JqLimitError } from '../errors';

const first = (program: string, input: unknown, maxSteps?: number) =>
  compile(program, { maxSteps }).first(input);

const limitError = (program: string, input: unknown): JqLimitError => {
  try {
    compile(program).first(input);
  } catch (e) {
    if (e instanceof JqLimitError) return e;
    throw e;
  }
  throw new Error(`expected ${program} to end in a JqLimitError`);
};

describe('regex safety', () => {
  it('answers catastrophic patterns correctly on the linear-time engine', () => {
    expect(first('test("(a+)+$")', `${'a'.repeat(37)}!`)).toBe(false);
    expect(first('test("(a+)+$")', 'a'.repeat(37))).toBe(true);
    expect(
      first('test("^([a-z0-9]+[ -]?)+$")', 'abcdefghijklmnopqrstuvwxyz0!'),
    ).toBe(false);
    expect(
      first('[match("(a|aa)+!"; "g") | .length]', `${'a'.repeat(40)}! aa!`),
    ).toEqual([41, 3]);
  });

  it('keeps Oniguruma captures, names and code point offsets on RE2', () => {
    expect(
      first(
        '[match("(?<word>\\\\p{L}+)(\\\\d)?"; "g") | .captures]',
        'héllo 😀 ab1',
      ),
    ).toEqual([
      [
        { offset: 0, length: 5, string: 'héllo', name: 'word' },
        { offset: -1, length: 0, string: null, name: null },
      ],
      [
        { offset: 8, length: 2, string: 'ab', name: 'word' },
        { offset: 10, length: 1, string: '1', name: null },
      ],
    ]);
    expect(first('[splits("\\\\s+")]', 'a \u000b b')).toEqual(['a', 'b']);
  });

  it('uses the backtracking engine for backreferences and lookaround', () => {
    expect(first('test("(\\\\w+) \\\\1")', 'hey hey')).toBe(true);
    expect(first('[match("a(?=b)"; "g") | .offset]', 'ab ac ab')).toEqual([
      0, 6,
    ]);
    // RE2's \b is ASCII-only; on non-ASCII text the Unicode-aware one runs on JS
    expect(first('[match("\\\\bé\\\\w*"; "g") | .string]', 'x étè')).toEqual([
      'étè',
    ]);
  });

  it('refuses backtracking patterns that repeat a repeating group', () => {
    const e = limitError('test("((a+)+)\\\\1$")', `${'a'.repeat(37)}!`);
    expect(e.message).toBe(
      'regex "((a+)+)\\\\1$" needs the backtracking engine (for a backreference) and repeats a group that itself repeats or alternates, which can take exponential time',
    );
    expect(limitError('test("(a|ab)*(?=c)")', 'abc').message).toContain(
      'repeats a group that itself repeats or alternates',
    );
  });

  it('refuses a backtracking match whose worst case exceeds the steps left', () => {
    const e = limitError('test("(a+)b*\\\\1$")', `${'a'.repeat(5000)}!`);
    expect(e.message).toBe(
      'regex "(a+)b*\\\\1$" needs the backtracking engine (for a backreference); with 2 variable quantifiers on 5001 characters it could take more than the 9999998 steps left in the budget',
    );
    expect(first('test("(a+)b*\\\\1$")', 'aaaa')).toBe(true);
  });

  it('charges linear-time matches to the step budget', () => {
    const text = 'word '.repeat(100_000);
    expect(first('[match("\\\\w+"; "g")] | length', text)).toBe(100_000);
    expect(() =>
      first('[match("\\\\w+"; "g")] | length', text, 10_000),
    ).toThrow('jq program exceeded its step budget of 10000 steps');
  });
});
