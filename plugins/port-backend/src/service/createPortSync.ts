import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { appConfigFiles, buildMapping, PortSyncConfig } from '@portsync/config';
import { PortClient } from '@portsync/port-client';
import { KnexStateStore, queueBackoff, SyncEngine } from '@portsync/sync';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { hostname } from 'os';
import { ResyncRequestStore } from '../database/ResyncRequestStore';
import { TaskLeases } from '../database/TaskLeases';
import { ExclusiveTasks } from './ExclusiveTasks';
import { PortMappingSource } from '../portUi/MappingSource';
import { ResyncRequestPoller } from '../portUi/ResyncRequestPoller';
import { ResyncStateReporter } from '../portUi/ResyncStateReporter';
import { CatalogEntitySource } from '../source/CatalogEntitySource';
import { BlueprintSetup } from './BlueprintSetup';
import { PortConnection } from './PortConnection';
import { PortRequestMonitor } from './PortRequestMonitor';
import { PortSyncService } from './PortSyncService';
import { SyncMetrics } from './SyncMetrics';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { registerIntegration } from './registerIntegration';
import { version } from '../../package.json';

/**
 * Builds everything the plugin runs, in startup order: the mapping first (a
 * bad expression stops startup with its config path, line and column), then
 * the stores, the Port client and the engine. Nothing here calls Port: the
 * connection does that in the background once the backend has started.
 */
export async function createPortSync(options: {
  config: PortSyncConfig;
  logger: LoggerService;
  knex: Knex;
  skipMigrations: boolean;
  catalog: CatalogService;
  auth: AuthService;
  triggerResync: () => Promise<void>;
  metrics?: MetricsService;
}) {
  const { config, logger, knex } = options;
  const mapping = buildMapping(config.mapping, {
    configFiles: appConfigFiles(),
  });
  const store = await KnexStateStore.create({
    knex,
    skipMigrations: options.skipMigrations,
  });
  const requests = await ResyncRequestStore.create({
    knex,
    skipMigrations: options.skipMigrations,
  });
  const exclusive = new ExclusiveTasks({
    leases: new TaskLeases(knex),
    holder: `${hostname()}:${process.pid}:${randomUUID()}`,
    logger,
  });
  const monitor = new PortRequestMonitor();
  const client = new PortClient({
    baseUrl: config.baseUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    userAgent: config.userAgent,
    integrationIdentifier: config.integration.identifier,
    ...(config.client.timeoutMs ? { timeoutMs: config.client.timeoutMs } : {}),
    ...(config.client.concurrency
      ? { concurrency: config.client.concurrency }
      : {}),
    ...(config.client.maxRetries !== undefined
      ? { maxRetries: config.client.maxRetries }
      : {}),
    logger: logger.child({ component: 'port-client' }),
    fetch: monitor.fetch,
  });
  const source = new CatalogEntitySource({
    catalog: options.catalog,
    auth: options.auth,
  });
  const createEngine = (current: typeof mapping) =>
    new SyncEngine({
      source,
      mapping: current,
      client,
      store,
      logger: logger.child({ component: 'sync' }),
      integration: {
        identifier: config.integration.identifier,
        type: config.integration.type,
      },
      sendRawDataExamples: config.sendRawDataExamples,
      maxAttempts: config.changes.maxAttempts,
      backoff: queueBackoff(config.changes.retryDelayMs),
      maxDeletionsPerRun: config.maxDeletionsPerRun,
    });
  const resyncState = new ResyncStateReporter({
    client,
    identifier: config.integration.identifier,
    logger,
    frequency: config.resync.schedule?.frequency,
  });
  const resyncRequests = new ResyncRequestPoller({
    client,
    identifier: config.integration.identifier,
    requests,
    logger,
    triggerResync: options.triggerResync,
  });
  const mappingSource =
    config.mapping.source === 'port'
      ? new PortMappingSource({
          client,
          identifier: config.integration.identifier,
          logger,
          requests,
          reporter: resyncState,
          seed: mapping,
          settings: config.mapping,
          resyncRequests,
        })
      : undefined;
  const blueprints = new BlueprintSetup({
    client,
    logger,
    mapping: () => mappingSource?.mapping ?? mapping,
    createOwn: config.initializePortResources,
  });
  const connection = new PortConnection({
    logger,
    monitor,
    steps: [
      {
        name: 'authenticate',
        run: async signal => {
          await client.getAccessToken(signal);
        },
      },
      {
        name: 'integration',
        run: async () => {
          await registerIntegration(
            client,
            {
              identifier: config.integration.identifier,
              type: config.integration.type,
              version,
              config:
                config.mapping.source === 'app-config'
                  ? (mapping.config as unknown as object)
                  : undefined,
            },
            logger,
          );
        },
      },
      {
        name: 'mapping',
        run: async () => {
          await mappingSource?.load();
        },
      },
      { name: 'blueprints', run: signal => blueprints.ensure(signal) },
    ],
  });
  const service = new PortSyncService({
    config,
    logger,
    createEngine,
    mapping,
    source,
    requests,
    exclusive,
    connection,
    blueprints,
    triggerResync: options.triggerResync,
    resyncState,
    mappingSource,
    metrics: options.metrics
      ? new SyncMetrics(options.metrics, () =>
          store.queue.queueStats(Date.now()),
        )
      : undefined,
    pushedEtags: async refs =>
      new Map(
        [...(await store.refs.getRefStates(refs))].map(([ref, state]) => [
          ref,
          state.etag,
        ]),
      ),
  });
  return {
    service,
    connection,
    client,
    resyncRequests,
    mappingSource,
    exclusive,
  };
}
