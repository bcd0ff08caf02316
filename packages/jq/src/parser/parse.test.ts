import { compile } from '../compile';
import { JqCompileError } from '../errors';

function compileError(program: string): JqCompileError {
  try {
    compile(program);
  } catch (e) {
    if (e instanceof JqCompileError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(program)} not to compile`);
}

// Typical mistakes, each with jq's message (bison's "syntax error, unexpected X" prefix, or jq's
// own text) and the position jq reports.
describe('compile errors', () => {
  it.each([
    ['[1, 2', "syntax error, unexpected end of file, expecting ']'", 1, 6],
    ['.a | | .b', "syntax error, unexpected '|'", 1, 6],
    [
      'if . then 1',
      'syntax error, unexpected end of file, expecting end',
      1,
      12,
    ],
    [
      'if . then 1 else 2',
      'syntax error, unexpected end of file, expecting end',
      1,
      19,
    ],
    ['foo(1; 2)', 'foo/2 is not defined', 1, 1],
    ['.a)', "syntax error, unexpected ')', expecting end of file", 1, 3],
    ['map(.))', "syntax error, unexpected ')', expecting end of file", 1, 7],
    [
      'reduce .[] as $x (0)',
      "syntax error, unexpected ')', expecting ';'",
      1,
      20,
    ],
    ['. as [$foo] | [$foo, $bar]', '$bar is not defined', 1, 22],
    [
      '. as [] | null',
      "syntax error, unexpected ']', expecting BINDING or '[' or '{'",
      1,
      7,
    ],
    ['. as {} | null', "syntax error, unexpected '}'", 1, 7],
    ['{(0):1}', 'Cannot use number (0) as object key', 1, 3],
    ['{1+2:3}', 'May need parentheses around object key expression', 1, 2],
    ['. as $foo | break $foo', '$*label-foo is not defined', 1, 13],
    [
      '"u\\vw"',
      'Invalid escape at line 1, column 4 (while parsing \'"\\v"\')',
      1,
      3,
    ],
    ['@foo', 'foo is not a valid format', 1, 1],
    ['{a b}', "syntax error, unexpected IDENT, expecting '}'", 1, 4],
  ])('%s', (program, message, line, column) => {
    const e = compileError(program);
    expect(e.jqMessage).toBe(message);
    expect([e.line, e.column]).toEqual([line, column]);
  });

  it('reports positions on later lines with a caret under the column', () => {
    const e = compileError('def f: .;\n  f(1)');
    expect(e.jqMessage).toBe('f/1 is not defined');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.message).toBe(
      'f/1 is not defined at <top-level>, line 2, column 3:\n      f(1)\n      ^',
    );
  });

  it('rejects modules, which the engine does not support', () => {
    expect(compileError('import "a" as a; .').jqMessage).toMatch(
      /^module not found: a/,
    );
    expect(compileError('include "\\(1)"; .').jqMessage).toBe(
      'Import path must be constant',
    );
  });
});

describe('parser', () => {
  const run = (
    program: string,
    input: unknown = null,
    dialect: '1.7' | '1.8' = '1.7',
  ) => [...compile(program, { dialect }).run(input)];

  it('binds `as` to the nearest term in jq 1.7 and to the whole expression in jq 1.8', () => {
    expect(run('1 + 2 as $x | -$x')).toEqual([-1]);
    expect(run('1 + 2 as $x | -$x', null, '1.8')).toEqual([-3]);
  });

  it('accepts keywords as object keys and fields, and $var: value entries', () => {
    expect(run('"k" as $k | {if: 1, $k: 2, end: .end}', { end: 3 })).toEqual([
      { if: 1, k: 2, end: 3 },
    ]);
  });

  it('parses optional elif/else, try without catch and postfix ?', () => {
    expect(
      run('[.[] | if . == 1 then "one" elif . == 2 then "two" end]', [1, 2, 3]),
    ).toEqual([['one', 'two', 3]]);
    expect(run('[.[] | try error], [.[] | .a?]', [1, { a: 2 }])).toEqual([
      [],
      [2],
    ]);
  });

  it('gives string interpolation with formats', () => {
    expect(run('@base64 "x\\(.)y", @json "v=\\(.)"', 'hi')).toEqual([
      'xaGk=y',
      'v="hi"',
    ]);
  });
});
