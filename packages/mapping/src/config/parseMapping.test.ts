import { parseMapping } from './parseMapping';
import { MappingConfigError } from './MappingConfigError';
import { compileMapping } from '../compileMapping';

/** The error `fn` throws, which must be a MappingConfigError. */
function errorOf(fn: () => unknown): MappingConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MappingConfigError);
    return error as MappingConfigError;
  }
  throw new Error('expected a MappingConfigError');
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function find(text: string, needle: string, occurrence = 0) {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
  }
  if (offset < 0) {
    throw new Error(`${needle} not in text`);
  }
  const before = text.slice(0, offset);
  return {
    line: before.split('\n').length,
    column: offset - before.lastIndexOf('\n'),
  };
}

const resourceYaml = (properties: string) => `resources:
  - kind: component
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          blueprint: '"component"'
          properties:
${properties}
`;

describe('parseMapping', () => {
  it('reads YAML text into a normalised config', () => {
    const config = parseMapping(resourceYaml('            a: .spec.type'));
    expect(config).toEqual({
      createMissingRelatedEntities: true,
      deleteDependentEntities: true,
      enableMergeEntity: true,
      entityDeletionThreshold: 0.9,
      language: 'jq',
      resources: [
        {
          kind: 'component',
          language: 'jq',
          selector: { query: 'true' },
          port: {
            entity: {
              mappings: [
                {
                  identifier: '.metadata.identifier',
                  blueprint: '"component"',
                  properties: { a: '.spec.type' },
                  relations: {},
                },
              ],
            },
            itemsToParseName: 'item',
            itemsToParseTopLevelTransform: true,
          },
        },
      ],
    });
  });

  it('accepts its own output again', () => {
    const config = parseMapping(resourceYaml('            a: .spec.type'));
    expect(parseMapping(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('names path, expression, and line and column of a jq syntax error inside the YAML', () => {
    const yaml = resourceYaml(
      '            ok: .spec.type\n            owner: .spec.owner | select(.x ==)',
    );
    const error = errorOf(() =>
      parseMapping(yaml, { configPath: 'port.mapping' }),
    );
    expect(error.configPath).toBe(
      'port.mapping.resources[0].port.entity.mappings.properties.owner',
    );
    expect(error.expression).toBe('.spec.owner | select(.x ==)');
    expect(error.message).toMatch(
      /^port\.mapping\.resources\[0\]\.port\.entity\.mappings\.properties\.owner: jq: /,
    );
    expect(error.message).toContain('".spec.owner | select(.x ==)"');
    // The engine points at a column inside the expression; the YAML position is the same character.
    const { line, column } = error.expressionPosition!;
    expect(line).toBe(1);
    expect(column).toBeGreaterThan('.spec.owner | select('.length);
    const start = find(yaml, '.spec.owner');
    expect({ line: error.line, column: error.column }).toEqual({
      line: start.line,
      column: start.column + column - 1,
    });
    expect(error.message).toContain(
      `(line ${error.line}, column ${error.column})`,
    );
  });

  it('finds the line of a syntax error on a later line of a block scalar', () => {
    const yaml = resourceYaml(
      '            owner: |\n              .spec.owner\n              | select(.x ==) | .y',
    );
    const error = errorOf(() => parseMapping(yaml, { sourceName: 'map.yaml' }));
    expect(error.expressionPosition!.line).toBe(2);
    expect(error.line).toBe(find(yaml, '| select(').line);
    expect(error.column).toBe(
      find(yaml, '| select(').column + error.expressionPosition!.column - 1,
    );
    expect(error.message).toContain(`(map.yaml:${error.line}:${error.column})`);
  });

  it('names path and position of a JSONata syntax error', () => {
    const yaml = `language: jsonata
resources:
  - kind: component
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          blueprint: '"component"'
          title: metadata.name ~~ "x"
`;
    const error = errorOf(() => parseMapping(yaml));
    expect(error.configPath).toBe(
      'mapping.resources[0].port.entity.mappings.title',
    );
    expect(error.problem).toMatch(/^JSONata S0204 Unknown operator/);
    expect(error.expressionPosition).toEqual({ line: 1, column: 15 });
    expect({ line: error.line, column: error.column }).toEqual(
      find(yaml, '~~'),
    );
  });

  it('points at an unknown key', () => {
    const yaml = resourceYaml('            a: .spec.type').replace(
      'selector:',
      'selectors:',
    );
    const error = errorOf(() => parseMapping(yaml));
    expect(error.configPath).toBe('mapping.resources[0].selectors');
    expect(error.problem).toMatch(
      /^unknown key "selectors"; expected one of kind, language, selector, port/,
    );
    expect({ line: error.line, column: error.column }).toEqual(
      find(yaml, 'selectors'),
    );
  });

  it('points at the mapping that lacks an identifier', () => {
    const yaml = resourceYaml('            a: .spec.type').replace(
      '          identifier: .metadata.identifier\n',
      '',
    );
    const error = errorOf(() => parseMapping(yaml));
    expect(error.message).toMatch(
      /^mapping\.resources\[0\]\.port\.entity\.mappings: "identifier" is required \(line 8, column 11\)$/,
    );
  });

  it('rejects a property that is not an expression', () => {
    const yaml = resourceYaml('            a:\n              nested: .x');
    const error = errorOf(() => parseMapping(yaml));
    expect(error.configPath).toBe(
      'mapping.resources[0].port.entity.mappings.properties.a',
    );
    expect(error.problem).toBe(
      'expected an expression (a string), got an object',
    );
    expect({ line: error.line, column: error.column }).toEqual(
      find(yaml, 'nested'),
    );
  });

  it('checks the root flags', () => {
    const threshold = errorOf(() =>
      parseMapping('entityDeletionThreshold: 1.5\nresources: []\n'),
    );
    expect(threshold.message).toBe(
      'mapping.entityDeletionThreshold: expected a number from 0 to 1, got number 1.5 (line 1, column 26)',
    );
    const flag = errorOf(() =>
      parseMapping('resources: []\ncreateMissingRelatedEntities: "yes"\n'),
    );
    expect(flag.message).toBe(
      'mapping.createMissingRelatedEntities: expected true or false, got string "yes" (line 2, column 31)',
    );
    const language = errorOf(() =>
      parseMapping('resources: []\nlanguage: jmespath\n'),
    );
    expect(language.message).toBe(
      'mapping.language: expected "jq" or "jsonata", got string "jmespath" (line 2, column 11)',
    );
  });

  it('checks search queries', () => {
    const yaml = resourceYaml('            a: .x').replace(
      '          identifier: .metadata.identifier',
      '          identifier:\n            combinator: \'"and"\'\n            rules:\n              - property: \'"$title"\'\n                value: .metadata.name',
    );
    const error = errorOf(() => parseMapping(yaml));
    expect(error.message).toBe(
      `mapping.resources[0].port.entity.mappings.identifier.rules[0]: "operator" is required (line ${
        find(yaml, 'property').line
      }, column ${find(yaml, 'property').column})`,
    );
  });

  it('checks the resource and port keys', () => {
    const noMappings = errorOf(() =>
      parseMapping(
        'resources:\n  - kind: component\n    port:\n      entity:\n        mappings: []\n',
      ),
    );
    expect(noMappings.message).toBe(
      'mapping.resources[0].port.entity.mappings: expected at least one mapping (line 5, column 19)',
    );
    const itemName = errorOf(() =>
      parseMapping(
        resourceYaml('            a: .x').replace(
          '    port:\n',
          '    port:\n      itemsToParseName: my-item\n',
        ),
      ),
    );
    expect(itemName.message).toBe(
      'mapping.resources[0].port.itemsToParseName: expected a key name (letters, digits, _), got string "my-item" (line 6, column 25)',
    );
    const noKind = errorOf(() =>
      parseMapping('resources:\n  - kind: ""\n    port: {}\n'),
    );
    expect(noKind.message).toBe(
      'mapping.resources[0].kind: expected a Backstage kind, got string "" (line 2, column 11)',
    );
  });

  it('names an unknown key deep inside a mapping, at the key', () => {
    const yaml = resourceYaml('            a: .x').replace(
      '          blueprint:',
      '          blueprnt: \'"x"\'\n          blueprint:',
    );
    const error = errorOf(() =>
      parseMapping(yaml, { configPath: 'port.mapping' }),
    );
    expect(error.configPath).toBe(
      'port.mapping.resources[0].port.entity.mappings.blueprnt',
    );
    expect(error.problem).toBe(
      'unknown key "blueprnt"; expected one of identifier, title, icon, blueprint, team, properties, relations',
    );
    expect({ line: error.line, column: error.column }).toEqual(
      find(yaml, 'blueprnt'),
    );
  });

  it('picks the search-query reading of an object where an expression may stand', () => {
    const yaml = resourceYaml('            a: .x').replace(
      '          identifier: .metadata.identifier',
      '          identifier:\n            rules: []',
    );
    const error = errorOf(() => parseMapping(yaml));
    expect(error.message).toBe(
      `mapping.resources[0].port.entity.mappings.identifier: "combinator" is required (line ${
        find(yaml, 'rules').line
      }, column ${find(yaml, 'rules').column})`,
    );
  });

  it('gives each field error the line and column of its expression', () => {
    const yaml = resourceYaml('            a: .spec.type | error("boom")');
    const result = compileMapping(parseMapping(yaml, { sourceName: 'm.yaml' }));
    const { errors } = result.apply({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
    });
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'properties.a',
        position: { ...find(yaml, '.spec.type'), sourceName: 'm.yaml' },
      }),
    ]);
  });

  it('reports invalid YAML with its position', () => {
    const error = errorOf(() =>
      parseMapping('resources:\n  - kind: component\n   bad: [\n'),
    );
    expect(error.configPath).toBe('mapping');
    expect(error.problem).toMatch(/^invalid YAML: /);
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(error.column).toBeGreaterThanOrEqual(1);
  });

  it('finds the mapping inside a whole app-config file, with positions in that file', () => {
    const appConfig = `app:
  title: demo
port:
  baseUrl: http://localhost:7007
  mapping:
    resources:
      - kind: component
        port:
          entity:
            mappings:
              identifier: .metadata.identifier
              blueprint: '"component"'
              properties:
                owner: .spec.owner +
`;
    const error = errorOf(() =>
      parseMapping(appConfig, {
        configPath: 'port.mapping',
        sourceName: 'app-config.yaml',
      }),
    );
    expect(error.configPath).toBe(
      'port.mapping.resources[0].port.entity.mappings.properties.owner',
    );
    expect(error.line).toBe(14);
    expect(error.sourceName).toBe('app-config.yaml');
    expect(error.message).toContain(`(app-config.yaml:14:${error.column})`);
  });

  it('gives the position inside the expression when the mapping is an object', () => {
    const error = errorOf(() =>
      compileMapping(
        {
          resources: [
            {
              kind: 'component',
              port: {
                entity: {
                  mappings: {
                    identifier: '.metadata.identifier',
                    blueprint: '"x"',
                    relations: { system: '.spec.system |' },
                  },
                },
              },
            },
          ],
        },
        { configPath: 'port.mapping' },
      ),
    );
    expect(error.configPath).toBe(
      'port.mapping.resources[0].port.entity.mappings.relations.system',
    );
    expect(error.expression).toBe('.spec.system |');
    expect(error.expressionPosition).toEqual({
      line: 1,
      column: expect.any(Number),
    });
    expect(error.line).toBeUndefined();
  });
});
