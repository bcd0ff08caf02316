import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigError } from '../framework/CliError';
import { CommandContext } from '../framework/Command';
import { parseCommandLine } from '../framework/parseCommandLine';
import { SecretMasker } from '../framework/SecretMasker';
import { CONFIG_FLAG, BACKSTAGE_FLAGS, PORT_FLAGS } from './commonFlags';
import { Settings } from './Settings';

const dir = createMockDirectory({
  content: {
    'app-config.yaml': [
      'backend:',
      '  baseUrl: http://config-backstage:7007',
      'port:',
      '  baseUrl: https://api.us.getport.io',
      '  clientId: ${ID_FROM_ENV}',
      '  clientSecret: ${SECRET_FROM_ENV}',
      '  integration: { identifier: ci-backstage }',
      '  client: { timeout: { seconds: 30 }, concurrency: 4, maxRetries: 2 }',
      '',
    ].join('\n'),
    'override.yaml': 'port:\n  integration:\n    identifier: from-override\n',
    'typo.yaml': 'port:\n  client:\n    concurency: 4\n',
  },
});

async function load(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ settings: Settings; secrets: SecretMasker }> {
  const secrets = new SecretMasker();
  const context: CommandContext = {
    io: { stdout: { write: () => true }, stderr: { write: () => true } },
    env,
    cwd: dir.path,
    secrets,
  };
  const args = parseCommandLine(
    argv,
    [CONFIG_FLAG, ...PORT_FLAGS, ...BACKSTAGE_FLAGS],
    0,
  );
  return { settings: await Settings.load(context, args), secrets };
}

describe('Settings', () => {
  it("reads the plugin's port keys from app-config, with ${VAR} from the given environment", async () => {
    const { settings } = await load(['-c', 'app-config.yaml'], {
      ID_FROM_ENV: 'id-1',
      SECRET_FROM_ENV: 'secret-from-env-1',
    });
    expect(settings.port()).toEqual({
      baseUrl: 'https://api.us.getport.io',
      clientId: 'id-1',
      clientSecret: 'secret-from-env-1',
      userAgent: undefined,
      integration: { identifier: 'ci-backstage', type: 'backstage' },
      timeoutMs: 30_000,
      concurrency: 4,
      maxRetries: 2,
      initializePortResources: true,
      sendRawDataExamples: false,
    });
    expect(settings.backstage()).toEqual({
      url: 'http://config-backstage:7007',
      token: undefined,
    });
  });

  it('takes a flag over the environment over the config', async () => {
    const env = {
      ID_FROM_ENV: 'config-id',
      SECRET_FROM_ENV: 'config-secret',
      PORT_CLIENT_ID: 'env-id',
      PORT_BASE_URL: 'http://env-port',
      BACKSTAGE_URL: 'http://env-backstage',
      BACKSTAGE_TOKEN: 'env-token-123',
    };
    const { settings } = await load(
      [
        '-c',
        'app-config.yaml',
        '--client-id',
        'flag-id',
        '--backstage-url',
        'http://flag-backstage/',
      ],
      env,
    );
    expect(settings.port()).toMatchObject({
      clientId: 'flag-id',
      baseUrl: 'http://env-port',
      clientSecret: 'config-secret',
    });
    expect(settings.backstage()).toEqual({
      url: 'http://flag-backstage',
      token: 'env-token-123',
    });
  });

  it('lets a later config file override an earlier one', async () => {
    const { settings } = await load(
      [
        '-c',
        'app-config.yaml',
        '-c',
        'override.yaml',
        '--client-secret',
        'x-secret',
      ],
      { ID_FROM_ENV: 'id' },
    );
    expect(settings.port().integration.identifier).toBe('from-override');
    expect(settings.integrationIdentifier()).toBe('from-override');
  });

  it('uses Port EU and the integration identifier backstage by default', async () => {
    const { settings } = await load([], {
      PORT_CLIENT_ID: 'id',
      PORT_CLIENT_SECRET: 'secret-2',
    });
    expect(settings.port()).toMatchObject({
      baseUrl: 'https://api.getport.io',
      integration: { identifier: 'backstage', type: 'backstage' },
    });
  });

  it('registers the client secret and the Backstage token as secrets to mask', async () => {
    const { secrets } = await load([], {
      PORT_CLIENT_SECRET: 'port-secret-xyz',
      BACKSTAGE_TOKEN: 'backstage-token-xyz',
    });
    expect(secrets.mask('a port-secret-xyz b backstage-token-xyz c')).toBe(
      'a [redacted] b [redacted] c',
    );
  });

  it('names every way to give missing credentials', async () => {
    const { settings } = await load([]);
    expect(() => settings.port()).toThrow(
      new ConfigError(
        'missing Port client id (PORT_CLIENT_ID, --client-id or port.clientId) and client secret (PORT_CLIENT_SECRET, --client-secret or port.clientSecret)',
      ),
    );
  });

  it('rejects a key the plugin does not know, as the plugin does', async () => {
    const { settings } = await load(['-c', 'typo.yaml'], {
      PORT_CLIENT_ID: 'id',
      PORT_CLIENT_SECRET: 'secret-4',
    });
    expect(() => settings.port()).toThrow(
      new ConfigError(
        'port.client.concurency: unknown key; expected one of timeout, concurrency, maxRetries',
      ),
    );
  });

  it('rejects a Port URL that is not http(s), naming where it came from', async () => {
    const { settings } = await load(['--port-url', 'ftp://port'], {
      PORT_CLIENT_ID: 'id',
      PORT_CLIENT_SECRET: 'secret-3',
    });
    expect(() => settings.port()).toThrow(
      "--port-url: must be an http or https URL, got 'ftp://port'",
    );
  });
});
