import { compileMapping } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import type { PortEntity } from '@portsync/port-client';
import { startSandbox } from '@portsync/port-sandbox';
import type { RequestLogEntry, Sandbox } from '@portsync/port-sandbox';
import { SyncEngine } from '../engine/SyncEngine';
import type { SyncEngineOptions, SyncLogger } from '../engine/types';
import type { StateStore } from '../state/StateStore';
import type { StoreFactory } from './storeFactories';
import { TestCatalog } from './TestCatalog';
import { testBlueprints, testMappingConfig } from './testMapping';

export const INTEGRATION = 'test-backstage';

/** Reads that are POSTs in Port's API; every other non-GET request is a write. */
const READ_PATHS = [
  '/v1/auth/access_token',
  '/v1/entities/search',
  '/v1/blueprints/entities/datasource-entities',
];

export function writesIn(requests: RequestLogEntry[]): RequestLogEntry[] {
  return requests.filter(
    request => request.method !== 'GET' && !READ_PATHS.includes(request.path),
  );
}

export const silentLogger: SyncLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A Port client for the sandbox with short retry waits, as Ocean's client would talk to Port. */
export function clientFor(
  sandbox: Sandbox,
  options: { maxRetries?: number; integration?: string } = {},
): PortClient {
  return new PortClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    integrationIdentifier: options.integration ?? INTEGRATION,
    baseDelayMs: 2,
    maxBackoffMs: 50,
    maxRetries: options.maxRetries,
  });
}

export async function startTestSandbox(): Promise<Sandbox> {
  return startSandbox({ port: 0 });
}

/** Empties the sandbox and creates the test blueprints again. */
export async function resetPort(sandbox: Sandbox): Promise<void> {
  sandbox.reset();
  sandbox.resetFaults();
  const client = clientFor(sandbox);
  for (const blueprint of testBlueprints)
    await client.createBlueprint(blueprint);
  await client.createIntegration({
    installationId: INTEGRATION,
    installationAppType: 'backstage',
    version: '0.1.0',
  });
  sandbox.clearRequests();
}

/** Every entity in the sandbox, by `blueprint/identifier`, without Port's meta fields. */
export async function portContents(
  sandbox: Sandbox,
): Promise<
  Record<string, Pick<PortEntity, 'title' | 'properties' | 'relations'>>
> {
  const client = clientFor(sandbox, { integration: 'reader' });
  const result = await client.searchEntities({
    combinator: 'or',
    rules: testBlueprints.map(blueprint => ({
      property: '$blueprint',
      operator: '=',
      value: blueprint.identifier,
    })),
  });
  const contents: Record<
    string,
    Pick<PortEntity, 'title' | 'properties' | 'relations'>
  > = {};
  for (const entity of result.entities) {
    contents[`${entity.blueprint}/${entity.identifier}`] = {
      title: entity.title,
      properties: entity.properties,
      relations: entity.relations,
    };
  }
  return contents;
}

export interface EngineSetup {
  engine: SyncEngine;
  catalog: TestCatalog;
  client: PortClient;
  store: StateStore;
}

export function createEngine(
  sandbox: Sandbox,
  store: StateStore,
  options: {
    catalog?: TestCatalog;
    mapping?: Record<string, unknown>;
    maxRetries?: number;
    engine?: Partial<SyncEngineOptions>;
  } = {},
): EngineSetup {
  const catalog = options.catalog ?? new TestCatalog();
  const client = clientFor(sandbox, { maxRetries: options.maxRetries });
  const engine = new SyncEngine({
    source: catalog,
    mapping: compileMapping(testMappingConfig(options.mapping)),
    client,
    store,
    logger: silentLogger,
    integration: { identifier: INTEGRATION },
    backoff: () => 0,
    batchSize: 40,
    queueBatchSize: 25,
    ...options.engine,
  });
  return { engine, catalog, client, store };
}

/**
 * The set-up every engine suite shares, registered in the calling `describe`: one sandbox and one started store
 * back-end for the suite, Port emptied and a fresh store before each test. Read the fields inside a test.
 */
export function useEngineSuite(factory: StoreFactory): {
  readonly sandbox: Sandbox;
  readonly store: StateStore;
} {
  const suite = {} as { sandbox: Sandbox; store: StateStore };
  beforeAll(async () => {
    suite.sandbox = await startTestSandbox();
    await factory.start();
  });
  afterAll(async () => {
    await factory.stop();
    await suite.sandbox?.close();
  });
  beforeEach(async () => {
    await resetPort(suite.sandbox);
    suite.store = await factory.create();
  });
  return suite;
}
