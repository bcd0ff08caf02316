import { spawn } from 'node:child_process';
import path from 'node:path';
import { Outcome } from './runInProcess';

export const BIN = path.resolve(__dirname, '../../bin/portsync');

/**
 * Runs `bin/portsync` as a child process, with exactly `env` (plus PATH) as its environment and pipes for its
 * streams, as a CI job would.
 */
export function runBin(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
