import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { EXIT_OK, EXIT_START_FAILED, EXIT_USAGE, runCli } from './cli';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (line: string) => out.push(line),
      stderr: (line: string) => err.push(line),
    },
    out,
    err,
  };
}

describe('runCli', () => {
  it('starts a sandbox and prints the base URL and credentials', async () => {
    const { io, out } = capture();
    const result = await runCli(['--port', '0'], io);
    try {
      expect(result.exitCode).toBe(EXIT_OK);
      const url = result.sandbox!.url;
      expect(out.join('\n')).toContain(`Port sandbox listening on ${url}`);
      expect(out.join('\n')).toContain('port.clientId:      sandbox-client');
      expect(out.join('\n')).toContain('port.clientSecret:  sandbox-secret');
      const token = await fetch(`${url}/v1/auth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: 'sandbox-client',
          clientSecret: 'sandbox-secret',
        }),
      });
      expect(token.status).toBe(200);
    } finally {
      await result.sandbox?.close();
    }
  });

  it('never echoes a client secret given on the command line', async () => {
    const { io, out } = capture();
    const result = await runCli(
      ['--port', '0', '--client-id', 'ci', '--client-secret', 's3cr3t-value'],
      io,
    );
    try {
      expect(out.join('\n')).not.toContain('s3cr3t-value');
      expect(out.join('\n')).toContain('port.clientId:      ci');
      expect(result.sandbox!.clientSecret).toBe('s3cr3t-value');
    } finally {
      await result.sandbox?.close();
    }
  });

  it('enables the rate limit with --rate-limit', async () => {
    const result = await runCli(['--port', '0', '--rate-limit'], capture().io);
    try {
      const response = await fetch(`${result.sandbox!.url}/v1/organization`);
      expect(response.headers.get('x-ratelimit-limit')).toBe('15000');
    } finally {
      await result.sandbox?.close();
    }
  });

  it('prints usage and exits 2 on unknown flags or bad numbers', async () => {
    const unknown = capture();
    expect((await runCli(['--nope'], unknown.io)).exitCode).toBe(EXIT_USAGE);
    expect(unknown.err.join('\n')).toContain('Usage: portsync-sandbox');
    const bad = capture();
    expect((await runCli(['--port', 'abc'], bad.io)).exitCode).toBe(EXIT_USAGE);
    expect(bad.err[0]).toContain('--port must be a non-negative integer');
  });

  it('prints the help from the option table and exits 0', async () => {
    const { io, out } = capture();
    const result = await runCli(['--help'], io);
    expect(result).toEqual({ exitCode: EXIT_OK });
    expect(out[0]).toContain('--data-dir <dir>');
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const { io, err } = capture();
    try {
      expect((await runCli(['--port', String(port)], io)).exitCode).toBe(
        EXIT_START_FAILED,
      );
      expect(err[0]).toContain('could not start');
    } finally {
      blocker.close();
    }
  });
});

describe('bin/portsync-sandbox', () => {
  it('runs under plain node and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(__dirname, '../bin/portsync-sandbox'), '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', chunk => {
          output += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once('exit', code => reject(new Error(`exited with ${code}`)));
      });
      expect((await fetch(`${url}/v1/organization`)).status).toBe(401);
    } finally {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 30000);
});
