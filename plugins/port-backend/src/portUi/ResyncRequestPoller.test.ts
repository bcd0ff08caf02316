import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { PortClient } from '@portsync/port-client';
import { Knex } from 'knex';
import { memoryDatabase } from '../__testUtils__/testDatabases';
import { ResyncRequestStore } from '../database/ResyncRequestStore';
import { ResyncRequestPoller } from './ResyncRequestPoller';

describe('ResyncRequestPoller.startIfPending', () => {
  let knex: Knex;
  let requests: ResyncRequestStore;

  beforeEach(async () => {
    knex = memoryDatabase();
    requests = await ResyncRequestStore.create({ knex });
  });

  afterEach(() => knex.destroy());

  // Port is not asked here: the client only has to exist.
  const poller = (triggerResync: () => Promise<void>) =>
    new ResyncRequestPoller({
      client: new PortClient({
        baseUrl: 'http://127.0.0.1:9',
        clientId: 'id',
        clientSecret: 'secret',
      }),
      identifier: 'backstage',
      requests,
      logger: mockServices.logger.mock(),
      triggerResync,
    });

  it('triggers the resync task for a request left pending', async () => {
    await requests.add({ source: 'api' }, { now: Date.now() });
    const trigger = jest.fn(async () => {});
    await poller(trigger).startIfPending();
    expect(trigger).toHaveBeenCalledTimes(1);
  });

  it('triggers nothing when no request waits', async () => {
    const filed = await requests.add({ source: 'api' }, { now: Date.now() });
    await requests.start(Date.now(), { createIfNone: false });
    await requests.finish(filed.id, 'completed', Date.now());
    const trigger = jest.fn(async () => {});
    await poller(trigger).startIfPending();
    expect(trigger).not.toHaveBeenCalled();
  });

  it('takes the scheduler refusing a trigger while the task runs as started, and passes other errors on', async () => {
    await requests.add({ source: 'api' }, { now: Date.now() });
    await expect(
      poller(async () => {
        throw new ConflictError('task is running');
      }).startIfPending(),
    ).resolves.toBeUndefined();
    await expect(
      poller(async () => {
        throw new Error('database gone');
      }).startIfPending(),
    ).rejects.toThrow('database gone');
  });
});
