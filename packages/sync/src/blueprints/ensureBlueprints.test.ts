import { blueprintsForMapping, defaultMapping } from '@portsync/mapping';
import type { Sandbox } from '@portsync/port-sandbox';
import { clientFor, startTestSandbox } from '../__testUtils__/engineHarness';
import { ensureBlueprints } from './ensureBlueprints';

const requirements = blueprintsForMapping(defaultMapping());

describe('ensureBlueprints', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.reset();
    sandbox.resetFaults();
  });

  async function relationsInPort() {
    const blueprints = await clientFor(sandbox).listBlueprints();
    return Object.fromEntries(
      blueprints.map(b => [b.identifier, Object.keys(b.relations ?? {})]),
    );
  }

  const wanted = Object.fromEntries(
    requirements.blueprints.map(b => [b.identifier, Object.keys(b.relations)]),
  );

  it('creates every default blueprint of the default mapping, relations included', async () => {
    const result = await ensureBlueprints(clientFor(sandbox), requirements);
    expect(result.created).toEqual(
      requirements.blueprints.map(b => b.identifier),
    );
    expect(result).toMatchObject({ existing: [], added: [], mismatches: [] });
    expect(await relationsInPort()).toEqual(wanted);
  });

  it('retries a PATCH that failed once, instead of leaving the blueprint bare', async () => {
    sandbox.setFaults({
      rules: [
        { method: 'PATCH', path: '^/v1/blueprints/', status: 500, times: 1 },
      ],
    });
    await ensureBlueprints(clientFor(sandbox), requirements);
    expect(await relationsInPort()).toEqual(wanted);
    expect(
      sandbox
        .requests()
        .filter(r => r.method === 'PATCH')
        .map(r => r.status),
    ).toContain(500);
  });

  it('completes blueprints an earlier attempt left bare, on the next attempt', async () => {
    sandbox.setFaults({
      rules: [{ method: 'PATCH', path: '^/v1/blueprints/', status: 500 }],
    });
    await expect(
      ensureBlueprints(clientFor(sandbox, { maxRetries: 1 }), requirements),
    ).rejects.toMatchObject({ status: 500 });
    const bare = await relationsInPort();
    expect(bare.component).toEqual([]);

    sandbox.resetFaults();
    const result = await ensureBlueprints(clientFor(sandbox), requirements);
    expect(result.created).toEqual([]);
    expect(result.added).toEqual(
      expect.arrayContaining([
        'component.owningUser',
        'component.owningGroup',
        'component.system',
      ]),
    );
    expect(await relationsInPort()).toEqual(wanted);
  });

  it('converges when two replicas set up at once, taking the 409s of the slower one as done', async () => {
    await Promise.all([
      ensureBlueprints(clientFor(sandbox), requirements),
      ensureBlueprints(clientFor(sandbox), requirements),
    ]);
    expect(await relationsInPort()).toEqual(wanted);
    expect(
      sandbox
        .requests()
        .filter(r => r.method === 'POST' && r.path === '/v1/blueprints')
        .map(r => r.status),
    ).toContain(409);
  });

  it("adds nothing to a team's own blueprint and reports what it lacks", async () => {
    const client = clientFor(sandbox);
    await client.createBlueprint({
      identifier: 'app',
      title: 'App',
      schema: { properties: {} },
    });
    const result = await ensureBlueprints(client, {
      blueprints: [],
      needs: { app: { properties: ['url'], relations: [] } },
    });
    expect(result.mismatches).toEqual([
      {
        blueprint: 'app',
        field: 'url',
        message:
          'Blueprint "app" has no property "url", which the mapping writes: add it in Port',
      },
    ]);
    expect(sandbox.requests().filter(r => r.method === 'PATCH')).toEqual([]);
  });
});
