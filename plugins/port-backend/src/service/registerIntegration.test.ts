import { mockServices } from '@backstage/backend-test-utils';
import { PortClient } from '@portsync/port-client';
import { Sandbox, startSandbox } from '@portsync/port-sandbox';
import { registerIntegration } from './registerIntegration';

const REGISTRATION = {
  identifier: 'portsync-test',
  type: 'backstage',
  version: '1.2.3',
};

describe('registerIntegration', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const clientWith = (credentials: {
    clientId: string;
    clientSecret: string;
  }) => new PortClient({ baseUrl: sandbox.url, ...credentials });

  it('registers the integration without an identifier field in the body', async () => {
    const logger = mockServices.logger.mock();
    const integration = await registerIntegration(
      clientWith(sandbox),
      REGISTRATION,
      logger,
    );
    expect(integration).toMatchObject({
      installationId: 'portsync-test',
      installationAppType: 'backstage',
      version: '1.2.3',
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Registered integration portsync-test in Port',
    );
  });

  it('goes on with a warning when the credentials may not read integrations (member role)', async () => {
    const logger = mockServices.logger.mock();
    const member = clientWith(sandbox.addCredentials('member'));
    await expect(
      registerIntegration(member, REGISTRATION, logger),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Port refused to read integration portsync-test (403): its credentials need the moderator or admin role',
      ),
    );
    expect(
      sandbox.requests().filter(request => request.path === '/v1/integration'),
    ).toEqual([]);
  });
});
