import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../framework/CliError';
import { CommandContext } from '../framework/Command';
import { createSandboxCommand, loadSandbox } from './sandboxCommand';
import { ExitCode } from '../framework/ExitCode';
import { runInProcess, startInProcess } from '../__testUtils__/runInProcess';

describe('portsync jq', () => {
  it("runs the engine's CLI on standard input", async () => {
    expect(
      await runInProcess({
        args: ['jq', '-c', '.a | map(. * 2)'],
        stdin: '{"a":[1,2]}',
      }),
    ).toEqual({ code: 0, stdout: '[2,4]\n', stderr: '' });
  });

  it("returns jq's own exit code and message for a compile error", async () => {
    const outcome = await runInProcess({ args: ['jq', '.a |'], stdin: '{}' });
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/^jq: error: syntax error/);
  });
});

describe('portsync sandbox', () => {
  it("serves Port's API until the command is stopped", async () => {
    const controller = new AbortController();
    const running = startInProcess({
      args: ['sandbox', '--port', '0'],
      signal: controller.signal,
    });
    const deadline = Date.now() + 20_000;
    while (!/listening on (\S+)/.test(running.output.stdout)) {
      if (Date.now() > deadline) throw new Error('the sandbox did not start');
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const url = /listening on (\S+)/.exec(running.output.stdout)![1];
    const clientId = /port\.clientId: +(\S+)/.exec(running.output.stdout)![1];
    const secret = /port\.clientSecret: +(\S+)/.exec(running.output.stdout)![1];
    const auth = await fetch(`${url}/v1/auth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, clientSecret: secret }),
    });
    expect(auth.status).toBe(200);

    controller.abort();
    expect((await running.done).code).toBe(ExitCode.Ok);
    await expect(fetch(`${url}/v1/blueprints`)).rejects.toThrow();
  });

  it("passes the sandbox's own usage errors through", async () => {
    const outcome = await runInProcess({ args: ['sandbox', '--nope'] });
    expect(outcome.code).toBe(ExitCode.Usage);
    expect(outcome.stderr).toMatch(
      /^portsync-sandbox: Unknown option '--nope'/,
    );
  });
});

describe('portsync sandbox without @portsync/port-sandbox installed', () => {
  const context = {} as CommandContext;

  it('fails with a setup error that says how to install it', async () => {
    // A require rooted in an empty directory resolves nothing, as in an install without the optional peer.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portsync-no-sandbox-'));
    try {
      const command = createSandboxCommand(
        createRequire(path.join(dir, 'index.js')),
      );
      const failure = command.run(context, ['--port', '0']);
      await expect(failure).rejects.toBeInstanceOf(ConfigError);
      await expect(failure).rejects.toThrow(
        'the sandbox is not installed; it is an optional part of the CLI: npm install @portsync/port-sandbox',
      );
    } finally {
      await fs.rm(dir, { recursive: true });
    }
  });

  it('lets a missing module inside the sandbox through unchanged', () => {
    const brokenSandbox = (() => {
      throw Object.assign(new Error("Cannot find module 'express'"), {
        code: 'MODULE_NOT_FOUND',
      });
    }) as unknown as NodeRequire;
    expect(() => loadSandbox(brokenSandbox)).toThrow(
      "Cannot find module 'express'",
    );
  });
});
