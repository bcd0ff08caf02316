import { defaultBlueprints } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import { ExitCode } from '../framework/ExitCode';
import { runInProcess } from '../__testUtils__/runInProcess';

describe('portsync blueprints', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    env = {
      PORT_BASE_URL: sandbox.url,
      PORT_CLIENT_ID: sandbox.clientId,
      PORT_CLIENT_SECRET: sandbox.clientSecret,
    };
  });

  afterAll(() => sandbox?.close());

  it("prints the blueprints the default mapping writes to, as Port's JSON", async () => {
    const outcome = await runInProcess({ args: ['blueprints'] });
    expect(outcome.code).toBe(ExitCode.Ok);
    const printed: Array<{ identifier: string }> = JSON.parse(outcome.stdout);
    // Targets before the blueprints whose relations point at them.
    expect(printed.map(b => b.identifier)).toEqual([
      'user',
      'group',
      'domain',
      'system',
      'api',
      'resource',
      'component',
      'template',
      'location',
      'backstageEntity',
    ]);
    expect(printed.find(b => b.identifier === 'component')).toEqual(
      defaultBlueprints.find(b => b.identifier === 'component'),
    );
  });

  it('prints every default blueprint with --all', async () => {
    const outcome = await runInProcess({ args: ['blueprints', '--all'] });
    expect(JSON.parse(outcome.stdout)).toEqual(defaultBlueprints);
  });

  it('creates the missing ones in Port, and leaves them alone the second time', async () => {
    const first = await runInProcess({
      args: ['blueprints', '--create', '--preset', 'ocean-compatible'],
      env,
    });
    expect(first.code).toBe(ExitCode.Ok);
    expect(first.stdout).toMatch(/^created component\n/m);
    const client = new PortClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
    });
    const component = await client.getBlueprint('component');
    expect(Object.keys(component.relations ?? {})).toContain('system');

    const second = await runInProcess({
      args: ['blueprints', '--create', '--preset', 'ocean-compatible'],
      env,
    });
    expect(second.code).toBe(ExitCode.Ok);
    expect(second.stdout).not.toMatch(/created/);
    expect(second.stdout).toMatch(/^exists {2}component$/m);
  });

  it('--create with wrong credentials ends with one line and exit 5, no secret shown', async () => {
    const outcome = await runInProcess({
      args: ['blueprints', '--create'],
      env: { ...env, PORT_CLIENT_SECRET: 'definitely-wrong-secret' },
    });
    expect(outcome.code).toBe(ExitCode.Port);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(
      /^portsync blueprints: Port rejected the credentials \(401[^)]*\): check PORT_CLIENT_ID and PORT_CLIENT_SECRET\n$/,
    );
    expect(outcome.stderr).not.toContain('definitely-wrong-secret');
  });
});
