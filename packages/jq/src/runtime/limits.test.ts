import { compile } from '../compile';
import { JqLimitError } from '../errors';

const limitError = (
  program: string,
  input: unknown = null,
  maxValueLength?: number,
): JqLimitError => {
  try {
    compile(program, { maxValueLength }).run(input);
  } catch (e) {
    if (e instanceof JqLimitError) return e;
    throw e;
  }
  throw new Error(`expected ${program} to end in a JqLimitError`);
};

describe('value size limit', () => {
  it('refuses a string repeat before allocating it', () => {
    const e = limitError('"x" * 5e8');
    expect(e.message).toBe(
      'jq program built a string of 500000000 characters, over its limit of 10000000',
    );
  });

  it('keeps jq’s own catchable error for repeats past a billion characters', () => {
    expect(compile('try ("abc" * 1e9) catch .').first(null)).toBe(
      'Repeat string result too long',
    );
  });

  it('cannot be caught by try', () => {
    expect(limitError('try ("x" * 5e8) catch "swallowed"').message).toMatch(
      /^jq program built a string/,
    );
  });

  it.each([
    ['concatenation', 'reduce range(30) as $i ("xx"; . + .)', 'string'],
    ['interpolation', 'reduce range(30) as $i ("xx"; "\\(.)\\(.)")', 'string'],
    ['tojson', '[limit(100; repeat("x" * 1000))] | tojson', 'string'],
    ['tostring', '[limit(100; repeat("x" * 1000))] | tostring', 'string'],
    ['join', '[limit(100; repeat("x" * 1000))] | join(",")', 'string'],
    ['add', '[limit(100; repeat("x" * 1000))] | add', 'string'],
    ['@base64', 'reduce range(40) as $i ("xx"; @base64)', 'string'],
    ['@csv', '[limit(100; repeat("x" * 1000))] | @csv', 'string'],
    ['gsub', '"x" * 5000 | gsub("x"; "yyyy")', 'string'],
    ['array collection', '[range(20000)]', 'array'],
    ['array concatenation', 'reduce range(30) as $i ([1]; . + .)', 'array'],
    ['setpath past the end', 'null | .[1e8] = 1', 'array'],
    ['transpose', '[[range(6000)], [range(6000)]] | transpose', 'array'],
    [
      'object merge',
      // 60 keys each and a limit of 100: building objects key by key is quadratic
      '[range(60) | {key: "a\\(.)", value: 1}] as $e | ($e | from_entries) + ($e | map(.key |= "b" + .) | from_entries)',
      'object',
      100,
    ],
  ])('bounds %s', (_name, program, what, limit = 10_000) => {
    expect(limitError(program, null, limit).message).toMatch(
      new RegExp(
        `^jq program built an? ${what} of \\d+ \\w+, over its limit of ${limit}$`,
      ),
    );
  });

  it('leaves values under the limit alone', () => {
    expect(
      compile('"ab" * 5000 | length', { maxValueLength: 10_000 }).first(null),
    ).toBe(10_000);
    expect(
      compile('[range(10000)] | length', { maxValueLength: 10_000 }).first(
        null,
      ),
    ).toBe(10_000);
  });
});
