import { compile } from './compile';
import { JqCompileError, JqLimitError, JqRuntimeError } from './errors';

const outputs = (program: string, input: unknown = null) => [
  ...compile(program).run(input),
];
const caught = (program: string, input: unknown = null): unknown => {
  try {
    compile(program).run(input);
  } catch (e) {
    return e;
  }
  throw new Error(`expected ${program} to fail`);
};

describe('compile', () => {
  it('evaluates plain JS values without a JSON round trip', () => {
    const date = new Date(0);
    const input = { metadata: { name: 'svc', when: date } };
    expect(compile('.metadata.when').first(input)).toBe(date);
    expect(outputs('.metadata.name, (.metadata | keys)', input)).toEqual([
      'svc',
      ['name', 'when'],
    ]);
  });

  it('returns every output from run and only the first from first', () => {
    const program = compile('.[] | select(. > 1)');
    expect([...program.run([1, 2, 3])]).toEqual([2, 3]);
    expect(program.first([1, 2, 3])).toBe(2);
    expect(program.first([0])).toBeUndefined();
  });

  it('stops the program at the first output in first, so later errors never happen', () => {
    expect(compile('1, error("late")').first(null)).toBe(1);
    expect(compile('range(infinite)').first(null)).toBe(0);
  });

  it('streams outputs to each and stops when the callback returns false', () => {
    const seen: unknown[] = [];
    compile('range(10)').each(null, v => {
      seen.push(v);
      return seen.length < 3;
    });
    expect(seen).toEqual([0, 1, 2]);
  });

  it('is reusable: a compiled program keeps no state between runs', () => {
    const program = compile('reduce .[] as $x (0; . + $x)');
    expect(program.first([1, 2])).toBe(3);
    expect(program.first([5])).toBe(5);
  });

  it('gives runtime errors jq 1.7.1 wording by default and jq 1.8 wording on request', () => {
    const e = caught('.foo', 1) as JqRuntimeError;
    expect(e).toBeInstanceOf(JqRuntimeError);
    expect(e.message).toBe('Cannot index number with string "foo"');
    expect(() => compile('.foo', { dialect: '1.8' }).run(1)).toThrow(
      'Cannot index number with string ("foo")',
    );
    expect(outputs('try ({} + 1) catch .')).toEqual([
      'object ({}) and number (1) cannot be added',
    ]);
  });

  it('keeps the raw value of error(v) on the exception', () => {
    const e = caught('error({code: 7})') as JqRuntimeError;
    expect(e.value).toEqual({ code: 7 });
    expect(e.message).toBe('{"code":7} (not a string)');
  });

  it('exposes $ENV and env only from the env option', () => {
    expect(outputs('$ENV')).toEqual([{}]);
    expect([
      ...compile('env.PAGER, $ENV.PAGER', { env: { PAGER: 'less' } }).run(null),
    ]).toEqual(['less', 'less']);
  });

  it('binds declared variables from run and rejects undeclared ones at compile time', () => {
    const program = compile('$who + "!"', { variables: ['who'] });
    expect(program.first(null, { who: 'jq' })).toBe('jq!');
    expect(program.first(null, {})).toBe('!');
    expect(() => compile('$who')).toThrow(JqCompileError);
  });

  it('reads input/inputs from the io argument', () => {
    const program = compile('[., input, [inputs]]');
    expect(
      program.first(1, {}, { inputs: [2, 3, 4][Symbol.iterator]() }),
    ).toEqual([1, 2, [3, 4]]);
  });

  it('uses the now option as the clock', () => {
    expect(compile('now | todate', { now: () => 86400000 }).first(null)).toBe(
      '1970-01-02T00:00:00Z',
    );
  });

  it('counts strings in code points for length, explode, slices and indices', () => {
    const s = 'a😀b';
    expect(
      outputs('length, (explode | length), .[1:2], index("b")', s),
    ).toEqual([3, 3, '😀', 2]);
  });
});

describe('hostile programs and inputs', () => {
  it('stops an endless program on the step budget with a clear error', () => {
    const program = compile('[repeat(1)]', { maxSteps: 10000 });
    expect(() => program.run(null)).toThrow(JqLimitError);
    expect(() => program.run(null)).toThrow(
      'exceeded its step budget of 10000 steps',
    );
  });

  it('stops an endless program on the deadline', () => {
    const program = compile('last(range(infinite))', {
      maxSteps: Infinity,
      timeoutMs: 1,
    });
    expect(() => program.run(null)).toThrow('jq program exceeded its deadline');
  });

  it('does not let try catch a budget error', () => {
    const program = compile('try [repeat(1)] catch "swallowed"', {
      maxSteps: 1000,
    });
    expect(() => program.run(null)).toThrow(JqLimitError);
  });

  it('ends unbounded recursion with an error, not a crash', () => {
    expect(() =>
      compile('def f: f; f', { maxSteps: Infinity }).run(null),
    ).toThrow(JqLimitError);
    expect(() =>
      compile('def f: 1 + f; f', { maxSteps: Infinity }).run(null),
    ).toThrow(JqLimitError);
  });

  it('turns a JS resource limit into a JqLimitError', () => {
    const program = compile('reduce range(40) as $_ ("x"; . + .)', {
      maxSteps: Infinity,
    });
    expect(() => program.run(null)).toThrow(JqLimitError);
  });

  it('rejects a program nested 100,000 deep at compile time', () => {
    const program = `${'['.repeat(100000)}1${']'.repeat(100000)}`;
    expect(() => compile(program)).toThrow(JqCompileError);
  });

  it('handles an input nested 100,000 deep: paths work, deep walks end in an error', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100000; i++) deep = [deep];
    expect(compile('.[0][0][0] | length').first(deep)).toBe(1);
    expect(
      compile('tojson | contains("<skipped: too deep>")').first(deep),
    ).toBe(true);
    expect(() => compile('[..] | length').run(deep)).toThrow(JqLimitError);
    expect(() => compile('[.] == [.]').run(deep)).toThrow(
      'Equality check too deep',
    );
  });

  it('treats __proto__ and constructor as ordinary keys everywhere', () => {
    const input = JSON.parse('{"__proto__": 1}');
    expect(compile('.__proto__').first(input)).toBe(1);
    expect(compile('.["__proto__"]').first(input)).toBe(1);
    expect(
      outputs('{} | .constructor, .__proto__, has("constructor"), keys'),
    ).toEqual([null, null, false, []]);
    const built = compile('{"__proto__": {"polluted": true}}').first(
      null,
    ) as object;
    expect(Object.keys(built)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    const assigned = compile(
      '.__proto__.polluted = true | setpath(["constructor", "prototype", "polluted"]; true)',
    ).first({});
    expect(assigned).toEqual(
      JSON.parse(
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      ),
    );
    expect(
      outputs('[{key: "__proto__", value: 1}] | from_entries | to_entries'),
    ).toEqual([[{ key: '__proto__', value: 1 }]]);
    expect(
      compile(
        '"{\\"__proto__\\": {\\"x\\": 1}} " | fromjson | .__proto__.x',
      ).first(null),
    ).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('works on a 10 MB string input', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    expect(compile('length').first(big)).toBe(10 * 1024 * 1024);
    expect(compile('ascii_upcase | .[0:3]').first(big)).toBe('XXX');
    expect(compile('test("y")').first(big)).toBe(false);
  });
});
