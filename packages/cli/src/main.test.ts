import { ExitCode, main } from './main';

function collect() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
  };
  return { out, io };
}

describe('portsync main', () => {
  it('prints usage for --help and exits 0', async () => {
    const { out, io } = collect();
    expect(await main(['--help'], io, '1.2.3')).toBe(ExitCode.Ok);
    expect(out.stdout).toMatch(/^Usage: portsync <command>/);
    expect(out.stderr).toBe('');
  });

  it('prints the version for --version', async () => {
    const { out, io } = collect();
    expect(await main(['--version'], io, '1.2.3')).toBe(ExitCode.Ok);
    expect(out.stdout).toBe('1.2.3\n');
  });

  it('rejects an unknown command with one line and exit code 2', async () => {
    const { out, io } = collect();
    expect(await main(['frobnicate'], io, '1.2.3')).toBe(ExitCode.Usage);
    expect(out.stderr).toBe(
      "portsync: unknown command 'frobnicate' (see portsync --help)\n",
    );
  });

  it('rejects an unknown option with one line and exit code 2', async () => {
    const { out, io } = collect();
    expect(await main(['--frob'], io, '1.2.3')).toBe(ExitCode.Usage);
    expect(out.stderr).toBe(
      "portsync: unknown option '--frob' (see portsync --help)\n",
    );
  });
});
