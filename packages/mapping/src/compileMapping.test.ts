import { compileMapping } from './compileMapping';
import { parseMapping } from './config/parseMapping';
import { artistWeb } from './__testUtils__/entities';
import { BackstageEntity } from './types';

/** A one-resource mapping for `kind` with the given entity mapping fields. */
function mapping(
  fields: Record<string, unknown>,
  resource: Record<string, unknown> = {},
  kind = 'component',
) {
  return {
    resources: [
      {
        kind,
        selector: { query: 'true' },
        port: {
          entity: {
            mappings: {
              identifier: '.metadata.identifier',
              blueprint: '"component"',
              ...fields,
            },
          },
        },
        ...resource,
      },
    ],
  };
}

describe('compileMapping', () => {
  it('fills in Ocean defaults for the root flags', () => {
    const { config } = compileMapping(mapping({}));
    expect(config).toMatchObject({
      createMissingRelatedEntities: true,
      deleteDependentEntities: true,
      enableMergeEntity: true,
      entityDeletionThreshold: 0.9,
      language: 'jq',
    });
    expect(config.resources[0].port.entity.mappings).toHaveLength(1);
  });

  it('adds the lower-cased kind:namespace/name identifier without changing the caller entity', () => {
    const entity = artistWeb();
    entity.metadata.name = 'Artist-Web';
    delete entity.metadata.namespace;
    const before = JSON.stringify(entity);
    const result = compileMapping(mapping({})).apply(entity);
    expect(result.entities[0].identifier).toBe('component:default/artist-web');
    expect(JSON.stringify(entity)).toBe(before);
  });

  it('uses only the first output of an expression', () => {
    const result = compileMapping(
      mapping({
        relations: {
          providesApis:
            '.relations[] | select(.type == "providesApi") | .targetRef',
        },
      }),
    ).apply(artistWeb());
    expect(result.entities[0].relations.providesApis).toBe(
      'api:default/artist-api',
    );
    expect(result.errors).toEqual([]);
  });

  it('gives null and a field error for no output and for a runtime error, and null alone for a null output', () => {
    const result = compileMapping(
      mapping({
        properties: {
          none: 'empty',
          failing: 'error("boom")',
          missing: '.spec.nothing',
        },
      }),
    ).apply(artistWeb());
    expect(result.entities[0].properties).toEqual({
      none: null,
      failing: null,
      missing: null,
    });
    expect(result.errors).toEqual([
      {
        resourceIndex: 0,
        kind: 'component',
        field: 'properties.none',
        expression: 'empty',
        message: 'the expression gave no output',
      },
      {
        resourceIndex: 0,
        kind: 'component',
        field: 'properties.failing',
        expression: 'error("boom")',
        message: 'boom',
      },
    ]);
  });

  it('rewrites single-quoted string literals as Ocean does', () => {
    const result = compileMapping(
      mapping({
        blueprint: "'service'",
        title: ".metadata.name + '-svc'",
      }),
    ).apply(artistWeb());
    expect(result.entities[0]).toMatchObject({
      blueprint: 'service',
      title: 'artist-web-svc',
    });
  });

  it('hides the environment unless allowed', () => {
    const fields = {
      properties: { a: 'env.PORTSYNC_TEST_VAR', b: '$ENV.PORTSYNC_TEST_VAR' },
    };
    const env = { PORTSYNC_TEST_VAR: 'visible' };
    const hidden = compileMapping(mapping(fields), { env }).apply(artistWeb());
    expect(hidden.entities[0].properties).toEqual({ a: null, b: null });
    const allowed = compileMapping(mapping(fields), {
      env,
      allowEnv: true,
    }).apply(artistWeb());
    expect(allowed.entities[0].properties).toEqual({
      a: 'visible',
      b: 'visible',
    });
  });

  it('maps nothing and records an error when the selector is not boolean', () => {
    const result = compileMapping(
      mapping({}, { selector: { query: '.spec.type' } }),
    ).apply(artistWeb());
    expect(result.entities).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        field: 'selector.query',
        expression: '.spec.type',
        message: 'the selector must give true or false, got "website"',
      }),
    ]);
  });

  it('maps nothing, silently, when the selector is false', () => {
    const result = compileMapping(
      mapping({}, { selector: { query: '.spec.type == "service"' } }),
    ).apply(artistWeb());
    expect(result).toEqual({ entities: [], errors: [], skipped: 0 });
  });

  it('drops and counts entities without identifier or blueprint', () => {
    const noIdentifier = compileMapping(
      mapping({ identifier: '.metadata.uid' }),
    ).apply(artistWeb());
    expect(noIdentifier.entities).toEqual([]);
    expect(noIdentifier.skipped).toBe(1);
    const emptyBlueprint = compileMapping(mapping({ blueprint: '""' })).apply(
      artistWeb(),
    );
    expect(emptyBlueprint.skipped).toBe(1);
  });

  it('evaluates every leaf of a search-query identifier and relation', () => {
    const result = compileMapping(
      mapping({
        identifier: {
          combinator: '"and"',
          rules: [
            { property: '"$title"', operator: '"="', value: '.metadata.name' },
          ],
        },
        relations: {
          owner: {
            combinator: "'or'",
            rules: [
              {
                combinator: '"and"',
                rules: [
                  {
                    property: '"email"',
                    operator: '"in"',
                    value: '[.spec.owner + "@example.com"]',
                  },
                ],
              },
            ],
          },
        },
      }),
    ).apply(artistWeb());
    expect(result.entities[0].identifier).toEqual({
      combinator: 'and',
      rules: [{ property: '$title', operator: '=', value: 'artist-web' }],
    });
    expect(result.entities[0].relations.owner).toEqual({
      combinator: 'or',
      rules: [
        {
          combinator: 'and',
          rules: [
            {
              property: 'email',
              operator: 'in',
              value: ['team-a@example.com'],
            },
          ],
        },
      ],
    });
  });

  it('maps each item of itemsToParse, without the parsed array in the parent', () => {
    const result = compileMapping(
      mapping(
        {},
        {
          port: {
            itemsToParse: '.spec.providesApis',
            itemsToParseName: 'api',
            entity: {
              mappings: {
                identifier: '.metadata.name + "-" + .api',
                blueprint: '"apiUse"',
                properties: {
                  api: '.api',
                  stillThere: '.spec.providesApis',
                },
              },
            },
          },
        },
      ),
    ).apply(artistWeb());
    expect(result.entities.map(e => [e.identifier, e.properties])).toEqual([
      ['artist-web-artist-api', { api: 'artist-api', stillThere: null }],
      ['artist-web-spotify', { api: 'spotify', stillThere: null }],
    ]);
  });

  it('keeps the parsed array when itemsToParseTopLevelTransform is off', () => {
    const result = compileMapping(
      mapping(
        {},
        {
          port: {
            itemsToParse: '.spec.providesApis',
            itemsToParseTopLevelTransform: false,
            entity: {
              mappings: {
                identifier: '.item',
                blueprint: '"x"',
                properties: { count: '.spec.providesApis | length' },
              },
            },
          },
        },
      ),
    ).apply(artistWeb());
    expect(result.entities.map(e => e.properties.count)).toEqual([2, 2]);
  });

  it('records an error when itemsToParse is not a list', () => {
    const result = compileMapping(
      mapping(
        {},
        {
          port: {
            itemsToParse: '.spec.type',
            entity: { mappings: { identifier: '.item', blueprint: '"x"' } },
          },
        },
      ),
    ).apply(artistWeb());
    expect(result.entities).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        field: 'itemsToParse',
        message: 'itemsToParse must give a list, got string',
      }),
    ]);
  });

  it('applies every resource of a kind, in order, and a list of mappings as several entities', () => {
    const compiled = compileMapping({
      resources: [
        {
          kind: 'Component',
          selector: { query: 'true' },
          port: {
            entity: {
              mappings: [
                { identifier: '.metadata.name', blueprint: '"a"' },
                { identifier: '.metadata.name', blueprint: '"b"' },
              ],
            },
          },
        },
        {
          kind: 'COMPONENT',
          selector: { query: 'true' },
          port: {
            entity: {
              mappings: { identifier: '.metadata.name', blueprint: '"c"' },
            },
          },
        },
      ],
    });
    const result = compiled.apply(artistWeb());
    expect(result.entities.map(e => [e.blueprint, e.resourceIndex])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1],
    ]);
    expect(compiled.kinds()).toEqual(['Component']);
  });

  it('matches kinds case-insensitively and sends other kinds to the wildcard resource', () => {
    const compiled = compileMapping({
      resources: [
        {
          kind: 'component',
          port: {
            entity: {
              mappings: { identifier: '.metadata.name', blueprint: '"c"' },
            },
          },
        },
        {
          kind: '*',
          port: {
            entity: {
              mappings: { identifier: '.metadata.name', blueprint: '"any"' },
            },
          },
        },
      ],
    });
    const custom: BackstageEntity = {
      apiVersion: 'example.com/v1',
      kind: 'Pipeline',
      metadata: { name: 'build' },
    };
    expect(compiled.apply(artistWeb()).entities.map(e => e.blueprint)).toEqual([
      'c',
    ]);
    expect(compiled.apply(custom).entities.map(e => e.blueprint)).toEqual([
      'any',
    ]);
    expect(compiled.kinds()).toEqual(['component', '*']);
  });

  it('compiles a parsed config that was changed after parsing', () => {
    const config = parseMapping(mapping({}));
    config.resources[0].port.entity.mappings[0].properties.extra = '.spec.type';
    const result = compileMapping(config).apply(artistWeb());
    expect(result.entities[0].properties).toEqual({ extra: 'website' });
  });

  it('maps no entity for a kind the mapping does not name', () => {
    const result = compileMapping(mapping({})).apply({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'guest' },
    });
    expect(result).toEqual({ entities: [], errors: [], skipped: 0 });
  });
});

describe('compileMapping with JSONata', () => {
  const jsonataMapping = {
    language: 'jsonata',
    resources: [
      {
        kind: 'component',
        selector: { query: 'spec.lifecycle = "production"' },
        port: {
          entity: {
            mappings: {
              identifier: 'metadata.identifier',
              blueprint: '"component"',
              title: 'metadata.title ? metadata.title : metadata.name',
              properties: {
                links: '[metadata.links.url]',
                missing: 'spec.nothing',
                failing: '$number("x")',
                env: '$env.PORTSYNC_TEST_VAR',
              },
              relations: {
                providesApis: '[relations[type = "providesApi"].targetRef]',
              },
            },
          },
        },
      },
    ],
  };

  it('evaluates the same structure asynchronously, and apply refuses it', async () => {
    const compiled = compileMapping(jsonataMapping);
    expect(compiled.isSync).toBe(false);
    expect(() => compiled.apply(artistWeb())).toThrow(/uses JSONata/);
    const result = await compiled.applyAsync(artistWeb());
    expect(result.entities).toEqual([
      {
        identifier: 'component:default/artist-web',
        blueprint: 'component',
        title: 'artist-web',
        properties: {
          links: ['https://example.com/user', 'https://example.com/group'],
          missing: null,
          failing: null,
          env: null,
        },
        relations: {
          providesApis: ['api:default/artist-api', 'api:default/spotify'],
        },
        resourceIndex: 0,
      },
    ]);
    // JSONata has no "no output" apart from a missing value: both are null, and only the runtime error is recorded.
    expect(result.errors.map(e => [e.field, e.message])).toEqual([
      ['properties.failing', 'Unable to cast value to a number: "x"'],
    ]);
  });

  it('exposes the environment as $env only when allowed', async () => {
    const result = await compileMapping(jsonataMapping, {
      allowEnv: true,
      env: { PORTSYNC_TEST_VAR: 'visible' },
    }).applyAsync(artistWeb());
    expect(result.entities[0].properties.env).toBe('visible');
  });

  it('lets a single resource use JSONata inside a jq mapping', async () => {
    const compiled = compileMapping({
      resources: [
        {
          kind: 'component',
          language: 'jsonata',
          port: {
            entity: {
              mappings: {
                identifier: 'metadata.identifier',
                blueprint: '"component"',
                title: 'metadata.name & "!"',
              },
            },
          },
        },
      ],
    });
    const result = await compiled.applyAsync(artistWeb());
    expect(compiled.config.language).toBe('jq');
    expect(compiled.config.resources[0].language).toBe('jsonata');
    expect(result.entities[0].title).toBe('artist-web!');
  });
});
