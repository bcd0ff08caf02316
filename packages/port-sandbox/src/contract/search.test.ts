import { TestApi } from './testApi';

const SEARCH = '/v1/entities/search';

describe('search', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
    await api.createServiceBlueprints();
    await api.post('/v1/blueprints/team/entities', {
      identifier: 'platform',
      properties: { size: 5 },
    });
    const services = [
      {
        identifier: 'svc-go',
        title: 'Go service',
        team: ['platform'],
        properties: {
          language: 'go',
          stars: 10,
          tags: ['api', 'core'],
          deployedAt: '2026-01-10T00:00:00Z',
        },
        relations: { owner: 'platform' },
      },
      {
        identifier: 'svc-ts',
        title: 'TS service',
        team: ['web'],
        properties: { language: 'ts', stars: 2, tags: ['ui'] },
        relations: { dependsOn: ['svc-go'] },
      },
      {
        identifier: 'svc-java',
        title: 'Java thing',
        properties: {
          language: 'java',
          stars: 7,
          deployedAt: '2026-03-01T00:00:00Z',
        },
        relations: { dependsOn: ['svc-go', 'svc-ts'] },
      },
    ];
    await api.post(
      '/v1/blueprints/service/entities/bulk',
      { entities: services },
      { query: 'upsert=true' },
    );
  });
  afterAll(() => api.sandbox.close());

  async function ids(body: unknown, query?: string): Promise<string[]> {
    const response = await api.post(SEARCH, body, { query });
    expect(response.status).toBe(200);
    return response.body.entities
      .map((entity: { identifier: string }) => entity.identifier)
      .sort();
  }
  const and = (...rules: unknown[]) => ({ combinator: 'and', rules });
  const rule = (property: string, operator: string, value?: unknown) => ({
    property,
    operator,
    value,
  });

  it('finds by $identifier in and $blueprint = (Ocean diff query)', async () => {
    expect(
      await ids(
        and(
          rule('$identifier', 'in', ['svc-go', 'svc-ts', 'platform', 'nope']),
          rule('$blueprint', '=', 'service'),
        ),
      ),
    ).toEqual(['svc-go', 'svc-ts']);
    expect(
      await ids(and(rule('$identifier', 'in', ['platform', 'svc-go']))),
    ).toEqual(['platform', 'svc-go']);
  });

  it('applies the string operators', async () => {
    const within = (operator: string, value: unknown) =>
      ids(
        and(
          rule('$blueprint', '=', 'service'),
          rule('$title', operator, value),
        ),
      );
    expect(await within('=', 'Go service')).toEqual(['svc-go']);
    expect(await within('!=', 'Go service')).toEqual(['svc-java', 'svc-ts']);
    expect(await within('contains', 'service')).toEqual(['svc-go', 'svc-ts']);
    expect(await within('doesNotContains', 'service')).toEqual(['svc-java']);
    expect(await within('beginsWith', 'Java')).toEqual(['svc-java']);
    expect(await within('doesNotBeginsWith', 'Java')).toEqual([
      'svc-go',
      'svc-ts',
    ]);
    expect(await within('endsWith', 'thing')).toEqual(['svc-java']);
    expect(await within('doesNotEndsWith', 'thing')).toEqual([
      'svc-go',
      'svc-ts',
    ]);
    expect(await within('in', ['TS service', 'Java thing'])).toEqual([
      'svc-java',
      'svc-ts',
    ]);
    expect(await within('notIn', ['TS service', 'Java thing'])).toEqual([
      'svc-go',
    ]);
    expect(await within('containsAny', ['Java', 'TS'])).toEqual([
      'svc-java',
      'svc-ts',
    ]);
  });

  it('applies number operators to properties', async () => {
    expect(await ids(and(rule('stars', '>', 7)))).toEqual(['svc-go']);
    expect(await ids(and(rule('stars', '>=', 7)))).toEqual([
      'svc-go',
      'svc-java',
    ]);
    expect(await ids(and(rule('stars', '<', 7)))).toEqual(['svc-ts']);
    expect(await ids(and(rule('stars', '<=', 7)))).toEqual([
      'svc-java',
      'svc-ts',
    ]);
  });

  it('applies date operators with ranges and presets', async () => {
    expect(
      await ids(
        and(
          rule('deployedAt', 'between', {
            from: '2026-01-01T00:00:00Z',
            to: '2026-02-01T00:00:00Z',
          }),
        ),
      ),
    ).toEqual(['svc-go']);
    expect(
      await ids(
        and(
          rule('$blueprint', '=', 'service'),
          rule('deployedAt', 'notBetween', {
            from: '2026-01-01T00:00:00Z',
            to: '2026-02-01T00:00:00Z',
          }),
        ),
      ),
    ).toEqual(['svc-java', 'svc-ts']);
    expect(
      await ids(
        and(
          rule('$blueprint', '=', 'service'),
          rule('$createdAt', 'between', { preset: 'today' }),
        ),
      ),
    ).toEqual(['svc-go', 'svc-java', 'svc-ts']);
    expect(
      await ids(
        and(
          rule('$updatedAt', '>', '2000-01-01T00:00:00Z'),
          rule('$blueprint', '=', 'team'),
        ),
      ),
    ).toEqual(['platform']);
  });

  it('applies array, emptiness and meta-property rules', async () => {
    expect(
      await ids(and(rule('tags', 'containsAny', ['ui', 'nothing']))),
    ).toEqual(['svc-ts']);
    expect(await ids(and(rule('$team', '=', 'platform')))).toEqual(['svc-go']);
    expect(
      await ids(
        and(rule('$blueprint', '=', 'service'), rule('deployedAt', 'isEmpty')),
      ),
    ).toEqual(['svc-ts']);
    expect(await ids(and(rule('deployedAt', 'isNotEmpty')))).toEqual([
      'svc-go',
      'svc-java',
    ]);
    expect(
      await ids(
        and(
          rule('$datasource', 'contains', 'port-ocean/backstage/'),
          rule('$datasource', 'contains', '/test-integration/exporter'),
          rule('$blueprint', '=', 'team'),
        ),
      ),
    ).toEqual(['platform']);
    expect(
      await ids(
        and(
          rule('$createdBy', '=', 'sandbox-client'),
          rule('$blueprint', '=', 'team'),
        ),
      ),
    ).toEqual(['platform']);
  });

  it('combines nested and/or queries', async () => {
    const query = {
      combinator: 'or',
      rules: [
        rule('$identifier', '=', 'platform'),
        and(rule('language', '=', 'ts'), rule('stars', '<', 5)),
      ],
    };
    expect(await ids(query)).toEqual(['platform', 'svc-ts']);
  });

  it('finds related entities upstream, downstream and in both directions', async () => {
    const related = (direction?: string) =>
      ids(
        and(rule('$blueprint', '=', 'service'), {
          operator: 'relatedTo',
          blueprint: 'service',
          value: 'svc-ts',
          ...(direction ? { direction } : {}),
        }),
      );
    expect(await related('upstream')).toEqual(['svc-go']);
    expect(await related('downstream')).toEqual(['svc-java']);
    expect(await related()).toEqual(['svc-go', 'svc-java']);
  });

  it('answers 422 to a propertySchema rule without a property, which the spec does not allow', async () => {
    const response = await api.post(
      SEARCH,
      and({ propertySchema: { type: 'number' }, operator: '>', value: 8 }),
    );
    expect(response.status).toBe(422);
    api.sandbox.clearViolations();
  });

  it('searches one blueprint with POST /v1/blueprints/{bp}/entities/search, paging with limit and next', async () => {
    const first = await api.post('/v1/blueprints/service/entities/search', {
      query: and({
        property: '$identifier',
        operator: 'beginsWith',
        value: 'svc',
      }),
      include: ['identifier'],
      limit: 1,
    });
    expect(first.status).toBe(200);
    expect(first.body.entities).toHaveLength(1);
    expect(typeof first.body.next).toBe('string');
    const seen = [first.body.entities[0].identifier];
    let next: string | undefined = first.body.next;
    while (next) {
      const page = await api.post('/v1/blueprints/service/entities/search', {
        include: ['identifier'],
        limit: 1,
        from: next,
      });
      expect(page.status).toBe(200);
      seen.push(
        ...page.body.entities.map((e: { identifier: string }) => e.identifier),
      );
      next = page.body.next;
    }
    expect(seen.sort()).toEqual(
      await ids(
        and({ property: '$blueprint', operator: '=', value: 'service' }),
      ),
    );
    const extra = await api.post('/v1/blueprints/service/entities/search', {
      query: and({ property: '$identifier', operator: '=', value: 'x' }),
      unknown: true,
    });
    expect(extra.status).toBe(422);
    api.sandbox.clearViolations();
  });

  it('projects with include and exclude', async () => {
    const response = await api.post(
      SEARCH,
      and(rule('$identifier', '=', 'svc-go')),
      {
        query:
          'include=identifier&include=properties.stars&include=relations.owner',
      },
    );
    expect(response.body.entities).toEqual([
      {
        identifier: 'svc-go',
        properties: { stars: 10 },
        relations: { owner: 'platform' },
      },
    ]);
    const excluded = await api.post(
      SEARCH,
      and(rule('$identifier', '=', 'svc-go')),
      { query: 'exclude=properties.tags&exclude=team' },
    );
    expect(excluded.body.entities[0]).not.toHaveProperty('team');
    expect(excluded.body.entities[0].properties).toEqual({
      language: 'go',
      stars: 10,
      deployedAt: '2026-01-10T00:00:00Z',
    });
  });

  it('answers 422 for malformed queries', async () => {
    expect((await api.post(SEARCH, { rules: [] })).status).toBe(422);
    expect(
      (await api.post(SEARCH, and(rule('$title', 'like', 'x')))).status,
    ).toBe(422);
    expect(
      (await api.post(SEARCH, and(rule('$title', 'in', 'not-an-array'))))
        .status,
    ).toBe(422);
    expect(
      (
        await api.post(
          SEARCH,
          and(rule('deployedAt', 'between', { preset: 'someday' })),
        )
      ).status,
    ).toBe(422);
    expect(
      (await api.post(SEARCH, and({ operator: '=', value: 1 }))).status,
    ).toBe(422);
  });
});
