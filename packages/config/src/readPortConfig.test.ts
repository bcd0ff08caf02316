import { ConfigReader } from '@backstage/config';
import { readPortConfig, readPortMappingConfig } from './readPortConfig';

const minimal = { clientId: 'id', clientSecret: 'secret' };

function read(port: object) {
  return readPortConfig(new ConfigReader({ port }));
}

describe('readPortConfig', () => {
  it('fills every default from a minimal block', () => {
    expect(read(minimal)).toEqual({
      baseUrl: 'https://api.getport.io',
      appUrl: 'https://app.getport.io',
      clientId: 'id',
      clientSecret: 'secret',
      userAgent: undefined,
      integration: { identifier: 'backstage', type: 'backstage' },
      initializePortResources: true,
      sendRawDataExamples: true,
      maxDeletionsPerRun: undefined,
      resync: { schedule: undefined, timeout: { minutes: 30 } },
      changeScan: { frequency: { seconds: 30 }, timeout: { minutes: 5 } },
      changes: {
        frequency: { seconds: 10 },
        timeout: { minutes: 10 },
        hintDelayMs: 250,
        maxAttempts: 10,
        retryDelayMs: undefined,
      },
      client: {
        timeoutMs: undefined,
        concurrency: undefined,
        maxRetries: undefined,
      },
      mapping: {
        source: 'app-config',
        pollInterval: { seconds: 60 },
        preset: undefined,
        allowEnv: false,
        isolation: { timeoutMs: 2000, maxHeapMb: 128 },
        definition: undefined,
      },
      resyncRequests: { pollInterval: { seconds: 60 } },
    });
  });

  it('reads every setting', () => {
    const config = read({
      ...minimal,
      baseUrl: 'https://api.us.getport.io/',
      appUrl: 'https://app.us.getport.io/',
      userAgent: 'me/1',
      integration: { identifier: 'bs-prod', type: 'backstage' },
      initializePortResources: false,
      sendRawDataExamples: false,
      maxDeletionsPerRun: 100,
      resync: {
        schedule: { frequency: { hours: 6 }, timeout: { minutes: 30 } },
      },
      changeScan: { frequency: '45s', timeout: { minutes: 2 } },
      changes: {
        frequency: { seconds: 5 },
        hintDelay: { milliseconds: 500 },
        maxAttempts: 3,
        retryDelay: '2s',
      },
      client: { timeout: { seconds: 20 }, concurrency: 4, maxRetries: 2 },
      mapping: {
        source: 'port',
        pollInterval: { seconds: 15 },
        isolation: { timeout: '500ms', maxHeapMb: 64 },
        entityDeletionThreshold: 0.5,
        resources: [
          {
            kind: 'component',
            port: { entity: { mappings: { identifier: '.a' } } },
          },
        ],
      },
      resyncRequests: { pollInterval: { seconds: 20 } },
    });
    expect(config.baseUrl).toBe('https://api.us.getport.io');
    expect(config.appUrl).toBe('https://app.us.getport.io');
    expect(config.maxDeletionsPerRun).toBe(100);
    expect(config.resync).toEqual({
      schedule: { frequency: { hours: 6 }, timeout: { minutes: 30 } },
      timeout: { minutes: 30 },
    });
    expect(config.changeScan.frequency).toEqual({ seconds: 45 });
    expect(config.changes).toEqual({
      frequency: { seconds: 5 },
      timeout: { minutes: 10 },
      hintDelayMs: 500,
      maxAttempts: 3,
      retryDelayMs: 2000,
    });
    expect(config.client).toEqual({
      timeoutMs: 20000,
      concurrency: 4,
      maxRetries: 2,
    });
    expect(config.mapping).toEqual({
      source: 'port',
      pollInterval: { seconds: 15 },
      preset: undefined,
      allowEnv: false,
      isolation: { timeoutMs: 500, maxHeapMb: 64 },
      definition: {
        entityDeletionThreshold: 0.5,
        resources: [
          {
            kind: 'component',
            port: { entity: { mappings: { identifier: '.a' } } },
          },
        ],
      },
    });
  });

  it.each([
    [{ clientSecret: 's' }, "Missing required config value at 'port.clientId'"],
    [{ ...minimal, baseUrl: 'nope' }, "port.baseUrl: not a URL: 'nope'"],
    [{ ...minimal, appUrl: 'nope' }, "port.appUrl: not a URL: 'nope'"],
    [
      { ...minimal, baseUrl: 'ftp://x' },
      'port.baseUrl: must be an http or https URL',
    ],
    [
      { ...minimal, mapping: { source: 'git' } },
      "port.mapping.source: must be 'app-config' or 'port', got 'git'",
    ],
    [
      { ...minimal, mapping: { preset: 'fancy' } },
      'port.mapping.preset: must be',
    ],
    [
      { ...minimal, mapping: { preset: 'default', resources: [] } },
      'port.mapping: give either `preset` or `resources`, not both',
    ],
    [
      { ...minimal, changes: { maxAttempts: 0 } },
      'port.changes.maxAttempts: must be a positive integer',
    ],
    [
      { ...minimal, maxDeletionsPerRun: 0 },
      'port.maxDeletionsPerRun: must be a positive integer',
    ],
    [
      { ...minimal, client: { concurrency: 1.5 } },
      'port.client.concurrency: must be a positive integer',
    ],
    [
      { ...minimal, client: { maxRetries: -1 } },
      'port.client.maxRetries: must be a whole number, 0 or more, got -1',
    ],
    [
      { ...minimal, changeScan: { frequncy: { seconds: 5 } } },
      'port.changeScan.frequncy: unknown key; expected one of frequency, timeout',
    ],
    [
      { ...minimal, clientSecrett: 'x' },
      'port.clientSecrett: unknown key; expected one of baseUrl, clientId',
    ],
    [
      { ...minimal, mappings: {} },
      'port.mappings: unknown key; expected one of',
    ],
    [
      {
        ...minimal,
        resync: { schedule: { frequency: { hours: 1 }, initialDelay: 'soon' } },
      },
      `port.resync.schedule.initialDelay: not a duration: "soon"; give an object such as { seconds: 30 }`,
    ],
    [
      { ...minimal, changeScan: { frequency: { secnds: 5 } } },
      'port.changeScan.frequency: not a duration: {"secnds":5}',
    ],
    [
      { ...minimal, mapping: { pollInterval: 5 } },
      'port.mapping.pollInterval: not a duration: 5',
    ],
    [
      { ...minimal, mapping: { isolation: { timeout: 'soon' } } },
      'port.mapping.isolation.timeout: not a duration: "soon"',
    ],
    [
      { ...minimal, mapping: { isolation: { maxHeapMb: 0 } } },
      'port.mapping.isolation.maxHeapMb: must be a positive integer',
    ],
    [
      { ...minimal, mapping: { isolation: { maxHeap: 64 } } },
      'port.mapping.isolation.maxHeap: unknown key; expected one of timeout, maxHeapMb',
    ],
    [
      { ...minimal, initializePortResources: 'maybe' },
      "Unable to convert config value for key 'port.initializePortResources'",
    ],
  ])('rejects %j naming the key', (port, message) => {
    expect(() => read(port)).toThrow(message);
  });

  it('names every unknown key at once', () => {
    const read2 = () =>
      read({ ...minimal, clientSecrett: 'x', changes: { hintDelai: 1 } });
    expect(read2).toThrow('port.clientSecrett: unknown key; expected one of');
    expect(read2).toThrow(
      'port.changes.hintDelai: unknown key; expected one of frequency, hintDelay, maxAttempts',
    );
  });

  it('reads the mapping settings alone, without credentials', () => {
    expect(
      readPortMappingConfig(
        new ConfigReader({
          port: { mapping: { allowEnvironmentVariablesJqAccess: true } },
        }),
      ),
    ).toEqual({
      source: 'app-config',
      pollInterval: { seconds: 60 },
      preset: undefined,
      allowEnv: true,
      isolation: { timeoutMs: 2000, maxHeapMb: 128 },
      definition: undefined,
    });
    expect(() =>
      readPortMappingConfig(new ConfigReader({ port: { mappings: {} } })),
    ).toThrow('port.mappings: unknown key');
  });

  it('keeps root flags for a preset', () => {
    expect(
      read({
        ...minimal,
        mapping: { preset: 'ocean-compatible', deleteDependentEntities: false },
      }).mapping,
    ).toEqual({
      source: 'app-config',
      pollInterval: { seconds: 60 },
      preset: 'ocean-compatible',
      allowEnv: false,
      isolation: { timeoutMs: 2000, maxHeapMb: 128 },
      definition: { deleteDependentEntities: false },
    });
  });
});
