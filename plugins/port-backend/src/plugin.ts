import { hostname } from 'os';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPortConfig } from '@portsync/config';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  PORT_CHANGE_HINT_TOPIC,
  PortChangeHint,
  portPermissions,
} from '@portsync/plugin-port-common';
import { createRouter } from './router';
import { createPortSync } from './service/createPortSync';
import { scheduleSpacingMs } from './service/ExclusiveTasks';
import { LEASES } from './database/TaskLeases';

/** Task ids, stable across releases: the scheduler keys its state by them. */
export const TASK_IDS = {
  changes: 'port:changes',
  changeScan: 'port:change-scan',
  resync: 'port:resync',
  resyncRequests: 'port:resync-requests',
  mapping: 'port:mapping',
} as const;

/** Longest a poll of Port's integration may take; the client's retries fit in it. */
const PORT_POLL_TIMEOUT = { minutes: 5 };

/**
 * The portsync backend plugin.
 *
 * @public
 */
export const portPlugin = createBackendPlugin({
  pluginId: 'port',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        metrics: metricsServiceRef,
      },
      async init(deps) {
        const { rootConfig, scheduler, httpRouter, lifecycle, events } = deps;
        // With several replicas, every line says which one did the work.
        const logger = deps.logger.child({
          replica: `${hostname()}:${process.pid}`,
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        if (!rootConfig.has('port')) {
          logger.warn(
            'portsync is installed but app-config has no `port` block: nothing is synced to Port',
          );
          httpRouter.use(
            await createRouter({
              ...deps,
              admin: undefined,
              permissionsEnabled: false,
            }),
          );
          return;
        }
        const config = readPortConfig(rootConfig);
        deps.permissionsRegistry.addPermissions(portPermissions);

        const sync = await createPortSync({
          ...deps,
          logger,
          config,
          knex: await deps.database.getClient(),
          skipMigrations: deps.database.migrations?.skip ?? false,
          triggerResync: () => scheduler.triggerTask(TASK_IDS.resync),
        });

        httpRouter.use(
          await createRouter({
            ...deps,
            admin: sync.service,
            permissionsEnabled:
              rootConfig.getOptionalBoolean('permission.enabled') ?? false,
          }),
        );

        await events.subscribe({
          id: 'port-change-hints',
          topics: [PORT_CHANGE_HINT_TOPIC],
          async onEvent(params) {
            const { entityRef } = params.eventPayload as PortChangeHint;
            await sync.service.onHint(entityRef);
          },
        });

        // Every task is `local`: a global task's lock outlives a `kill -9`ed holder by the task's
        // timeout (10 minutes for the drain, 5 for the scan, 30 for a resync), which left a restarted
        // backend with nothing draining, scanning or resyncing until it lapsed. The work queue's
        // leases share the drain between replicas; the other tasks run under a lease of their own
        // (ExclusiveTasks), which lapses within seconds of its holder's death.
        await scheduler.scheduleTask({
          id: TASK_IDS.changes,
          scope: 'local',
          frequency: config.changes.frequency,
          timeout: config.changes.timeout,
          fn: signal => sync.service.drain(signal),
        });
        await scheduler.scheduleTask({
          id: TASK_IDS.changeScan,
          scope: 'local',
          frequency: config.changeScan.frequency,
          timeout: config.changeScan.timeout,
          fn: async signal => {
            await sync.exclusive.run(
              LEASES.changeScan,
              {
                signal,
                minIntervalMs: scheduleSpacingMs(config.changeScan.frequency),
              },
              scanSignal => sync.service.scan(scanSignal),
            );
          },
        });
        await scheduler.scheduleTask({
          id: TASK_IDS.resync,
          scope: 'local',
          frequency: config.resync.schedule?.frequency ?? { trigger: 'manual' },
          timeout: config.resync.timeout,
          // No initialDelay here: the service defers the scheduled run itself, so that a resync
          // requested meanwhile runs at once (see PortSyncService). It also takes the lease.
          fn: signal =>
            sync.service.runResyncs({
              signal,
              scheduled: config.resync.schedule !== undefined,
            }),
        });

        // One replica per interval asks Port for resync requests: the store
        // keeps each request once anyway, so more would only cost requests.
        await scheduler.scheduleTask({
          id: TASK_IDS.resyncRequests,
          scope: 'local',
          frequency: config.resyncRequests.pollInterval,
          timeout: PORT_POLL_TIMEOUT,
          fn: async signal => {
            if (!sync.connection.ready) return;
            await sync.exclusive.run(
              LEASES.resyncRequests,
              {
                signal,
                minIntervalMs: scheduleSpacingMs(
                  config.resyncRequests.pollInterval,
                ),
              },
              pollSignal => sync.resyncRequests.latest(pollSignal),
            );
          },
        });
        // Every replica maps entities on the live path, so every replica
        // polls the mapping kept in Port.
        const mappingSource = sync.mappingSource;
        if (mappingSource) {
          await scheduler.scheduleTask({
            id: TASK_IDS.mapping,
            scope: 'local',
            frequency: config.mapping.pollInterval,
            timeout: PORT_POLL_TIMEOUT,
            fn: async () => {
              if (sync.connection.ready) await mappingSource.poll();
            },
          });
        }

        lifecycle.addStartupHook(() => {
          sync.connection.start();
          // A resync request a killed process left pending gets no trigger of its own; the poll
          // would start it only after its interval.
          sync.connection
            .whenReady()
            .then(() => sync.resyncRequests.startIfPending())
            .catch(error =>
              logger.warn(`Starting a pending resync failed: ${error}`),
            );
        });
        lifecycle.addShutdownHook(() => {
          sync.connection.stop();
          sync.service.stop();
        });
      },
    });
  },
});
