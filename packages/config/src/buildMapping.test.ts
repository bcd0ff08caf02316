import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  compileMapping,
  createIsolatedMapping,
  MappingConfigError,
} from '@portsync/mapping';
import { parse } from 'yaml';
import { buildMapping, buildPortKeptMapping } from './buildMapping';
import { readPortMappingConfig } from './readPortConfig';

const appConfig = `app:
  title: demo
port:
  clientId: id
  clientSecret: secret
  mapping:
    resources:
      - kind: component
        port:
          entity:
            mappings:
              identifier: .metadata.name
              blueprint: '"service"'
              properties:
                owner: .spec.owner |
`;

const dir = createMockDirectory({
  content: {
    'app-config.yaml': appConfig,
    'app-config.local.yaml': 'port:\n  clientId: other\n',
  },
});

function errorOf(fn: () => unknown): MappingConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MappingConfigError);
    return error as MappingConfigError;
  }
  throw new Error('expected a MappingConfigError');
}

const settings = (data: object) =>
  readPortMappingConfig(new ConfigReader(data));

describe('buildMapping', () => {
  it('names the file, line and column of a jq error in app-config', () => {
    const mapping = settings(parse(appConfig));
    const files = [
      dir.resolve('app-config.yaml'),
      dir.resolve('app-config.local.yaml'),
    ];
    const error = errorOf(() => buildMapping(mapping, { configFiles: files }));
    expect(error.configPath).toBe(
      'port.mapping.resources[0].port.entity.mappings.properties.owner',
    );
    expect(error.sourceName).toBe(files[0]);
    expect(error.line).toBe(15);
    expect(error.column).toBeGreaterThan(
      '                owner: .spec.owner'.length,
    );
    expect(error.message).toContain(`(${files[0]}:15:${error.column})`);
  });

  it('leaves the position out when no file holds the expression', () => {
    const mapping = settings(parse(appConfig.replace('.spec.owner |', '.x |')));
    const error = errorOf(() =>
      buildMapping(mapping, { configFiles: [dir.resolve('app-config.yaml')] }),
    );
    expect(error.line).toBeUndefined();
    expect(error.configPath).toMatch(/properties\.owner$/);
  });

  it('applies root flags to the preset when there are no resources', () => {
    const mapping = settings({
      port: {
        mapping: { preset: 'ocean-compatible', deleteDependentEntities: false },
      },
    });
    const compiled = buildMapping(mapping);
    expect(compiled.config.deleteDependentEntities).toBe(false);
    expect(compiled.config.resources.length).toBeGreaterThan(0);
  });
});

describe('buildPortKeptMapping', () => {
  const kept = {
    allowEnvironmentVariablesJqAccess: true,
    resources: [
      {
        kind: 'component',
        port: {
          entity: {
            mappings: { identifier: 'env.HOME // "none"', blueprint: '"s"' },
          },
        },
      },
    ],
  };
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'a' },
  };

  const limits = { timeoutMs: 2000, maxHeapMb: 128 };

  it("ignores Port's own switch for environment access", () => {
    const compiled = buildPortKeptMapping(
      kept,
      { allowEnv: false, isolation: limits },
      compileMapping,
    );
    expect(compiled.apply(entity).entities[0].identifier).toBe('none');
  });

  it('follows the backend setting', () => {
    const compiled = buildPortKeptMapping(
      kept,
      { allowEnv: true, isolation: limits },
      compileMapping,
    );
    expect(compiled.apply(entity).entities[0].identifier).not.toBe('none');
  });

  it("names the path inside Port's config", () => {
    const error = errorOf(() =>
      buildPortKeptMapping(
        { resources: [{ kind: 'x' }] },
        { allowEnv: false, isolation: limits },
        compileMapping,
      ),
    );
    expect(error.message).toBe('config.resources[0]: "port" is required');
  });

  it('evaluates with the configured isolation limits: a field past them fails, the next entity maps', async () => {
    // each worker transpiles the sources when it starts (a source checkout), slow on a loaded machine
    const limited = readPortMappingConfig(
      new ConfigReader({
        port: {
          mapping: { isolation: { timeout: '5s', maxHeapMb: 16 } },
        },
      }),
    );
    const isolated = await buildPortKeptMapping(
      {
        // Port's copy cannot lift the backend's limits
        isolation: { timeout: '1h', maxHeapMb: 4096 },
        resources: [
          {
            kind: 'component',
            port: {
              entity: {
                mappings: {
                  identifier: '.metadata.name',
                  blueprint: '"s"',
                  properties: {
                    slow: 'if .metadata.name == "slow" then last(range(1e12)) else 1 end',
                    hungry:
                      'if .metadata.name == "hungry" then [range(4e5) | "abcdefghij" * 10] | length else 2 end',
                  },
                },
              },
            },
          },
        ],
      },
      limited,
      createIsolatedMapping,
    );
    try {
      const started = Date.now();
      const slow = await isolated.applyAsync({
        ...entity,
        metadata: { name: 'slow' },
      });
      expect(slow.entities[0]).toMatchObject({
        identifier: 'slow',
        properties: { slow: null, hungry: 2 },
      });
      // the engine's own deadline is half the worker's: an ordinary field error, the worker kept
      expect(slow.errors.map(e => [e.field, e.message])).toEqual([
        [
          'properties.slow',
          expect.stringMatching(/exceeded its (deadline|step budget)/),
        ],
      ]);
      expect(Date.now() - started).toBeLessThan(30_000); // mostly the worker's start-up
      const hungry = await isolated.applyAsync({
        ...entity,
        metadata: { name: 'hungry' },
      });
      expect(hungry.errors.map(e => [e.field, e.message])).toEqual([
        [
          'properties.hungry',
          'mapping evaluation exceeded its memory limit of 16 MB, so its worker was stopped',
        ],
      ]);
      const next = await isolated.applyAsync({
        ...entity,
        metadata: { name: 'next' },
      });
      expect(next.errors).toEqual([]);
      expect(next.entities[0].properties).toEqual({ slow: 1, hungry: 2 });
    } finally {
      await isolated.close();
    }
  }, 120_000);
});
