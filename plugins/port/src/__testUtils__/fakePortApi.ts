import { EntitySyncState, PortSyncStatus } from '@portsync/plugin-port-common';
import { PortApi } from '../api/PortApi';

/** A PortApi whose every method is a jest mock; tests set the answers they need. */
export function fakePortApi(): jest.Mocked<PortApi> {
  return {
    getEntityState: jest.fn(),
    retryEntity: jest.fn(),
    getStatus: jest.fn(),
    resync: jest.fn(),
    preview: jest.fn(),
  };
}

export function entityState(
  overrides: Partial<EntitySyncState> = {},
): EntitySyncState {
  return {
    entityRef: 'component:default/web-player',
    state: 'pushed',
    lastPushedAt: '2026-12-05T10:00:00.000Z',
    portEntities: [
      {
        blueprint: 'component',
        identifier: 'component:default/web-player',
        title: 'Web Player',
        url: 'https://app.getport.io/componentEntity?identifier=component%3Adefault%2Fweb-player',
      },
    ],
    fieldErrors: [],
    port: { connected: true },
    ...overrides,
  };
}

const counts = {
  mapped: 10,
  upserted: 7,
  unchanged: 3,
  deleted: 1,
  failed: 0,
  skipped: 0,
  fieldErrors: 0,
};

export function syncStatus(
  overrides: Partial<PortSyncStatus> = {},
): PortSyncStatus {
  return {
    port: { connected: true, prepared: true, attempts: 1 },
    blueprintSetup: { mismatches: [] },
    mapping: { source: 'app-config', kinds: ['component', 'api'] },
    changeScan: {},
    resyncRequests: [],
    runs: [
      {
        id: 'run-1',
        type: 'resync',
        status: 'completed',
        startedAt: '2026-12-05T10:00:00.000Z',
        finishedAt: '2026-12-05T10:00:02.500Z',
        counts,
        errors: [],
        deletion: null,
        timings: { total: 2500 },
      },
    ],
    queue: { depth: 4, due: 2, parked: 1, claimed: 0 },
    parked: [
      {
        ref: 'component:default/flash-player',
        op: 'upsert',
        etag: null,
        seq: 3,
        attempts: 5,
        nextAttemptAt: 0,
        lastError:
          'Port answered 422: property "lifecycle" is not one of the enum values',
        parked: true,
        enqueuedAt: 0,
        updatedAt: 0,
        claimedBy: null,
        claimedUntil: null,
        parkedAt: '2026-12-05T09:00:00.000Z',
        portEntities: [],
      },
    ],
    blueprints: { component: 5 },
    ...overrides,
  };
}
