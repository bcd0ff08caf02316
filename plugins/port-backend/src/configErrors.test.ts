import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { portPlugin } from './plugin';
import { startBackendProcess } from './__testUtils__/startBackendProcess';

jest.setTimeout(120_000);

/**
 * A config error is fatal: the plugin's start fails, and the demo backend (and any backend that handles a rejected
 * `backend.start()` the way the README shows) exits with the error in its log instead of staying up without portsync.
 * One case runs the whole process: a process start costs seconds of CPU.
 */
describe('an invalid port block', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base = {
    backend: { database: { client: 'better-sqlite3', connection: ':memory:' } },
    catalog: { locations: [] },
  };

  // The key's full path is the reader's (readPortConfig.test.ts); here, that the plugin's start fails with it.
  it('fails the start of the port plugin, naming the unknown key with its full path', async () => {
    const started = startTestBackend({
      features: [
        portPlugin,
        mockServices.rootConfig.factory({
          data: {
            port: {
              baseUrl: 'http://127.0.0.1:9',
              clientId: 'id',
              clientSecret: 'secret',
              changeScan: { frequncy: { seconds: 5 } },
            },
          },
        }),
      ],
    });
    await expect(started).rejects.toThrow(
      /port\.changeScan\.frequncy: unknown key; expected one of frequency, timeout/,
    );
  });

  it('stops the process on a jq syntax error, with the config file, line and column', async () => {
    const started = startBackendProcess({
      name: 'bad-mapping',
      dir,
      config: {
        ...base,
        port: {
          baseUrl: 'http://127.0.0.1:9',
          clientId: 'id',
          clientSecret: 'secret',
          mapping: {
            resources: [
              {
                kind: 'component',
                port: {
                  entity: {
                    mappings: {
                      identifier: '.metadata.name',
                      blueprint: '"service"',
                      properties: { owner: '.spec.owner |' },
                    },
                  },
                },
              },
            ],
          },
        },
      },
    });
    const configFile = path.join(dir, 'app-config.bad-mapping.yaml');
    await expect(started).rejects.toThrow(
      new RegExp(
        `exited early with code 1:[\\s\\S]*port\\.mapping\\.resources\\[0\\]\\.port\\.entity\\.mappings\\.properties\\.owner: .*\\(${configFile.replace(
          /[.]/g,
          '\\.',
        )}:\\d+:\\d+\\)`,
      ),
    );
  });
});
