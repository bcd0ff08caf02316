/**
 * @jest-environment node
 */
import { compileMapping } from '../compileMapping';
import { MappingConfigError } from '../config/MappingConfigError';
import { BackstageEntity, FieldError } from '../types';
import {
  createIsolatedMapping,
  IsolatedMapping,
} from './createIsolatedMapping';

// each worker transpiles the sources when it starts (a source checkout), slow on a loaded machine
jest.setTimeout(60_000);

const component = (name: string): BackstageEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service' },
});

/** `huge` always fails, by the engine's value bound; the other fields are the subject here. */
const withoutHuge = (errors: FieldError[]) =>
  errors.filter(e => e.field !== 'properties.huge');

const mapping = {
  resources: [
    {
      kind: 'component',
      port: {
        entity: {
          mappings: {
            identifier: '.metadata.name',
            blueprint: '"component"',
            properties: {
              type: '.spec.type',
              slow: 'if .metadata.name == "slow" then last(range(1e12)) else "quick" end',
              hungry:
                'if .metadata.name == "hungry" then [range(1e6) | [range(100)]] | length else 0 end',
              huge: '"x" * 5e8',
              backtracking:
                '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" | test("(a+)+$")',
            },
          },
        },
      },
    },
  ],
};

describe('createIsolatedMapping', () => {
  let isolated: IsolatedMapping;

  beforeAll(async () => {
    isolated = await createIsolatedMapping(mapping, {
      timeoutMs: 1_000,
      maxHeapMb: 32,
      // the engine's step and time budgets off, to reach the worker's backstops; never its value
      // size bound: one huge allocation aborts the whole process, not just the worker
      jq: { maxSteps: 1e15, timeoutMs: 1e9 },
    });
  });

  afterAll(() => isolated.close());

  it('maps in the worker, with engine limits as ordinary field errors', async () => {
    const bounded = await createIsolatedMapping(mapping);
    try {
      const result = await bounded.applyAsync(component('fine'));
      expect(result.entities[0].properties).toEqual({
        type: 'service',
        slow: 'quick',
        hungry: 0,
        huge: null,
        backtracking: false,
      });
      expect(result.errors.map(e => [e.field, e.message])).toEqual([
        [
          'properties.huge',
          'jq program built a string of 500000000 characters, over its limit of 1000000',
        ],
      ]);
      expect(() => bounded.apply(component('x'))).toThrow(/use applyAsync/);
    } finally {
      await bounded.close();
    }
  });

  it('stops a field past the deadline, replaces the worker and keeps the other fields', async () => {
    const result = await isolated.applyAsync(component('slow'));
    expect(result.entities[0].properties).toMatchObject({
      type: 'service',
      slow: null,
      hungry: 0,
    });
    expect(withoutHuge(result.errors)).toEqual([
      expect.objectContaining({
        field: 'properties.slow',
        message:
          'mapping evaluation exceeded its deadline of 1000 ms, so its worker was stopped',
      }),
    ]);
  });

  it('maps entities asked for together in one batch; one stopped entity loses only its own field', async () => {
    const names = ['before', 'slow', 'after'];
    const results = await Promise.all(
      names.map(name => isolated.applyAsync(component(name))),
    );
    expect(results.map(r => r.entities[0].identifier)).toEqual(names);
    expect(results.map(r => withoutHuge(r.errors).map(e => e.field))).toEqual([
      [],
      ['properties.slow'],
      [],
    ]);
    expect(results[0].entities[0].properties).toMatchObject({
      slow: 'quick',
      backtracking: false,
    });
  });

  it('stops a field past the memory limit, and the next entity maps fine', async () => {
    // a deadline long enough that only the heap limit can stop it, even on a loaded machine
    const roomy = await createIsolatedMapping(mapping, {
      timeoutMs: 120_000,
      maxHeapMb: 32,
      jq: { maxSteps: 1e15, timeoutMs: 1e9 },
    });
    try {
      const hungry = await roomy.applyAsync(component('hungry'));
      expect(withoutHuge(hungry.errors)).toEqual([
        expect.objectContaining({
          field: 'properties.hungry',
          message:
            'mapping evaluation exceeded its memory limit of 32 MB, so its worker was stopped',
        }),
      ]);
      const next = await roomy.applyAsync(component('next'));
      expect(withoutHuge(next.errors)).toEqual([]);
      expect(next.entities[0]).toMatchObject({
        identifier: 'next',
        properties: { slow: 'quick', hungry: 0, backtracking: false },
      });
    } finally {
      await roomy.close();
    }
  });

  it('compiles in the worker: its normalised config and kinds come back from there', async () => {
    const fromWorker = await createIsolatedMapping(mapping, { idleMs: 60_000 });
    try {
      const here = compileMapping(mapping);
      expect(fromWorker.config).toEqual(here.config);
      expect(fromWorker.kinds()).toEqual(['component']);
      expect(fromWorker.isSync).toBe(false);
    } finally {
      await fromWorker.close();
    }
  });

  it('rejects a mapping that does not compile with the MappingConfigError compileMapping gives, position and file included', async () => {
    const yaml = [
      'resources:',
      '  - kind: component',
      '    port:',
      '      entity:',
      '        mappings:',
      '          blueprint: \'"component"\'',
      '          identifier: .metadata.name',
      '          properties:',
      '            owner: .spec.owner | select(.x ==)',
      '',
    ].join('\n');
    const options = { configPath: 'mapping', sourceName: 'preview.yaml' };
    const expected = errorOf(() => compileMapping(yaml, options));

    const error = await createIsolatedMapping(yaml, options).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(MappingConfigError);
    expect(error).toMatchObject({
      message: expected.message,
      configPath: expected.configPath,
      problem: expected.problem,
      path: expected.path,
      expression: '.spec.owner | select(.x ==)',
      expressionPosition: expected.expressionPosition,
      line: 9,
      column: expected.column,
      sourceName: 'preview.yaml',
    });
    expect(expected.message).toMatch(
      /^mapping\.resources\[0\]\.port\.entity\.mappings\.properties\.owner: jq: syntax error.* \(preview\.yaml:9:\d+\)$/,
    );
  });

  it('rejects an invalid mapping given as an object, naming the config path', async () => {
    await expect(
      createIsolatedMapping(
        { resources: [{ kind: 'component' }] },
        { configPath: 'config' },
      ),
    ).rejects.toThrow(
      new MappingConfigError('config.resources[0]', '"port" is required'),
    );
  });
});

function errorOf(f: () => unknown): MappingConfigError {
  try {
    f();
  } catch (error) {
    return error as MappingConfigError;
  }
  throw new Error('expected an error');
}
