import { CliIO, runCli } from './runCli';

function cli(argv: string[], stdin = '', files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    readStdin: () => stdin,
    readFile: path => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return files[path];
    },
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
    env: { HOME: '/home/jq' },
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('runs the filter on every JSON text of stdin, with jq extensions on input', () => {
    expect(cli(['-c', '.a'], '\uFEFF{"a":1} {"a":[2]}\n{"a":nan}')).toEqual({
      code: 0,
      stdout: '1\n[2]\nnull\n',
      stderr: '',
    });
  });

  it('pretty-prints with 2 spaces by default, --indent n, --tab, and -a escapes non-ASCII', () => {
    expect(cli(['-n', '{a:[1]}']).stdout).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(cli(['-n', '--indent', '1', '{a:1}']).stdout).toBe(
      '{\n "a": 1\n}\n',
    );
    expect(cli(['-n', '--tab', '{a:1}']).stdout).toBe('{\n\t"a": 1\n}\n');
    expect(cli(['-n', '-a', '"é"']).stdout).toBe('"\\u00e9"\n');
  });

  it('prints raw strings with -r and joins without newlines with -j', () => {
    expect(cli(['-r', '.[]'], '["a","b",1]').stdout).toBe('a\nb\n1\n');
    expect(cli(['-j', '.[]'], '["a","b",1]').stdout).toBe('ab1');
  });

  it('slurps inputs with -s and reads them with input/inputs under -n', () => {
    expect(cli(['-c', '-s', '.'], '1 2 3').stdout).toBe('[1,2,3]\n');
    expect(cli(['-c', '-n', '[inputs]'], '1 2 3').stdout).toBe('[1,2,3]\n');
    expect(cli(['-c', '-n', 'input'], '7 8').stdout).toBe('7\n');
  });

  it('binds --arg, --argjson, --slurpfile, --rawfile, --args and --jsonargs', () => {
    const files = { 'x.json': '1 2', 'x.txt': 'raw\n' };
    const r = cli(
      [
        '-n',
        '-c',
        '--arg',
        's',
        'str',
        '--argjson',
        'j',
        '{"k":1}',
        '--slurpfile',
        'f',
        'x.json',
        '--rawfile',
        't',
        'x.txt',
        '[$s, $j, $f, $t]',
      ],
      '',
      files,
    );
    expect(r.stdout).toBe('["str",{"k":1},[1,2],"raw\\n"]\n');
    expect(cli(['-n', '-c', '$ARGS', '--args', 'a', 'b']).stdout).toBe(
      '{"positional":["a","b"],"named":{}}\n',
    );
    expect(
      cli(['-n', '-c', '$ARGS.positional', '--jsonargs', '1', '{"x":2}'])
        .stdout,
    ).toBe('[1,{"x":2}]\n');
  });

  it('reads input files named after the filter', () => {
    expect(
      cli(['.x', 'a.json', 'b.json'], '', {
        'a.json': '{"x":1}',
        'b.json': '{"x":2}',
      }).stdout,
    ).toBe('1\n2\n');
  });

  it('sees the host environment through $ENV and env', () => {
    expect(cli(['-n', '-r', '$ENV.HOME, env.HOME']).stdout).toBe(
      '/home/jq\n/home/jq\n',
    );
  });

  it('sets the exit status from the last output with -e', () => {
    expect(cli(['-e', '.'], 'true').code).toBe(0);
    expect(cli(['-e', '.'], 'null').code).toBe(1);
    expect(cli(['-e', '.'], 'false').code).toBe(1);
    expect(cli(['-e', 'empty'], '1').code).toBe(4);
  });

  it('reports compile errors with exit code 3 and runtime errors with exit code 5', () => {
    const bad = cli(['-n', '{']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(
      /^jq: error: syntax error, unexpected end of file/,
    );
    expect(bad.stderr).toMatch(/jq: 1 compile error\n$/);
    const failing = cli(['.a'], '1 {"a":2}');
    expect(failing.code).toBe(5);
    expect(failing.stdout).toBe('2\n');
    expect(failing.stderr).toBe(
      'jq: error (at <stdin>:0): Cannot index number with string "a"\n',
    );
  });

  it('exits with the halt_error code and prints its message', () => {
    expect(cli(['-n', '"bye\\n" | halt_error(3)'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'bye\n',
    });
  });

  it('rejects unknown options with usage and exit code 2', () => {
    const r = cli(['--frobnicate', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option: --frobnicate/);
  });

  it('runs jq test files with --run-tests and ends with the counts', () => {
    const tests = [
      '# a passing and a failing case',
      '.a',
      '{"a":1}',
      '1',
      '',
      '.a',
      '{"a":1}',
      '2',
      '',
      '%%FAIL',
      '{',
      'jq: error: syntax error',
      '',
    ].join('\n');
    const r = cli(['--run-tests', 't.test'], '', { 't.test': tests });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Test failed \(t\.test:6\): \.a/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 passed, 1 failed');
  });
});
