import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createSandboxApp } from './createSandboxApp';
import { SandboxState } from './sandbox/SandboxState';
import { trackContract } from './spec/ContractLog';
import { SqlitePersistence } from './store/SqlitePersistence';
import { Sandbox, SandboxOptions } from './types';

/**
 * Starts a sandbox on `options.port` (default: a free port) and resolves once it
 * listens.
 *
 * @public
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const state = new SandboxState({
    ...options,
    contractCheck: options.contractCheck ?? process.env.NODE_ENV === 'test',
    rateLimit: options.rateLimit ?? false,
    persistence: options.dataDir
      ? new SqlitePersistence(options.dataDir)
      : undefined,
  });
  trackContract(state);
  const app = createSandboxApp(state);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, () =>
      resolve(listening),
    );
    listening.once('error', reject);
  }).catch(error => {
    state.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => {
          state.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
    requests: () => state.requestLog.list(),
    clearRequests: () => state.requestLog.clear(),
    setFaults: faults => state.faults.set(faults),
    resetFaults: () => state.faults.reset(),
    expireTokens: () => state.tokens.expireAll(),
    setRateLimit: rateLimit => state.setRateLimit(rateLimit),
    reset: () => state.reset(),
    violations: () => state.contract?.list() ?? [],
    clearViolations: () => {
      state.contract?.take();
    },
    addCredentials: (role = 'member') => state.addCredentials(role),
    settled: () => state.requestLog.settled(),
  };
}
