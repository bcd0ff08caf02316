import { Random } from './random';

// Values chosen to hit edge cases: case, whitespace, numeric-looking and empty strings,
// non-ASCII (é) and astral (😀) code points, separators the string builtins split on.
export const STRINGS = [
  'service-a',
  'Payments API',
  'team-a',
  'group:default/team-a',
  'component:default/service-a',
  'user:default/jane.doe',
  'production',
  'experimental',
  'Café ☕',
  'emoji 😀 ok',
  '',
  ' ',
  '12',
  ' 12',
  '12 ',
  '1.50',
  '-0',
  '1e3',
  'nan',
  'null',
  'true',
  'a,b,,c',
  'A-B_c d',
  'https://github.com/acme/service-a/blob/main/catalog-info.yaml',
  'url:https://github.com/acme/x',
  '{"a":1}',
  '[1,2',
  'x\ty',
  'line1\nline2',
  '"quoted"',
  '<b>&amp;</b>',
  "it's",
  'aaa',
  'abcabc',
];

const NAMES = ['service-a', 'payments', 'Team-B', 'jane.doe', 'x', 'web_ui'];
const KINDS = [
  'Component',
  'API',
  'System',
  'Group',
  'User',
  'Resource',
  'Domain',
];
const TAGS = ['java', 'Go', 'team-a', 'prod', '', 'c++', 'émoji😀'];
const RELATION_TYPES = [
  'ownedBy',
  'dependsOn',
  'partOf',
  'hasMember',
  'providesApi',
];
const ANNOTATION_KEYS = [
  'backstage.io/source-location',
  'backstage.io/techdocs-ref',
  'github.com/project-slug',
  'pagerduty.com/service-id',
  'port/identifier',
];

// Written as JS prints them, which is how jq prints them: jq 1.7.1 keeps the text of number
// literals (`1e-7` stays `1E-7`), the documented decNumber difference, so none are written
// differently (`1e-7` and `1e17` appear as the results of arithmetic instead).
export const NUMBERS = [
  0, 1, 2, 3, -1, 10, 0.5, -2.25, 1.5, 100, 1000, 3.14159, -0,
];

function scalar(r: Random): unknown {
  return r.weighted<unknown>([
    [4, () => r.pick(STRINGS)],
    [3, () => r.pick(NUMBERS)],
    [2, () => null],
    [1, () => r.chance(0.5)],
  ]);
}

/** Any small JSON value, for programs run on something other than an entity. */
export function anyValue(r: Random, depth = 2): unknown {
  if (depth <= 0) return scalar(r);
  return r.weighted<unknown>([
    [4, () => scalar(r)],
    [2, () => r.times(0, 4, () => anyValue(r, depth - 1))],
    [
      2,
      () => {
        const o: Record<string, unknown> = {};
        for (const k of r.times(0, 4, () =>
          r.pick(['a', 'b', 'name', 'key', 'value', 'Key', 'k', 'v', 'x y']),
        )) {
          o[k] = anyValue(r, depth - 1);
        }
        return o;
      },
    ],
  ]);
}

function maybe(
  r: Random,
  o: Record<string, unknown>,
  key: string,
  p: number,
  f: () => unknown,
) {
  if (r.chance(p)) o[key] = f();
}

/** A Backstage catalog entity with the optional parts, nulls and odd values real catalogs have. */
export function entity(r: Random): Record<string, unknown> {
  const kind = r.pick(KINDS);
  const name = r.pick(NAMES);
  const metadata: Record<string, unknown> = { name };
  maybe(r, metadata, 'namespace', 0.6, () =>
    r.pick(['default', 'team-a', null]),
  );
  maybe(r, metadata, 'title', 0.5, () =>
    r.pick([null, 'Service A', 'Café ☕', '']),
  );
  maybe(r, metadata, 'description', 0.4, () => r.pick(STRINGS));
  maybe(r, metadata, 'annotations', 0.6, () => {
    const a: Record<string, unknown> = {};
    for (const k of r.times(0, 3, () => r.pick(ANNOTATION_KEYS)))
      a[k] = r.pick(STRINGS);
    return a;
  });
  maybe(r, metadata, 'labels', 0.3, () => ({
    tier: r.pick(['1', '2', 'gold']),
    env: r.pick(STRINGS),
  }));
  maybe(r, metadata, 'tags', 0.6, () => r.times(0, 4, () => r.pick(TAGS)));
  maybe(r, metadata, 'links', 0.3, () =>
    r.times(0, 2, () => ({
      url: r.pick(STRINGS),
      title: r.pick(['Docs', null, 'Dashboard']),
    })),
  );
  const spec: Record<string, unknown> = {};
  maybe(r, spec, 'type', 0.8, () =>
    r.pick(['service', 'website', 'library', 'openapi', null, 3]),
  );
  maybe(r, spec, 'lifecycle', 0.7, () =>
    r.pick(['production', 'experimental', 'deprecated']),
  );
  maybe(r, spec, 'owner', 0.8, () =>
    r.pick(['team-a', 'group:default/team-b', 'user:jane.doe', null]),
  );
  maybe(r, spec, 'system', 0.4, () => r.pick(['payments', 'core']));
  maybe(r, spec, 'dependsOn', 0.4, () =>
    r.times(0, 3, () => r.pick(['component:x', 'resource:db', 'api:y'])),
  );
  maybe(r, spec, 'replicas', 0.3, () => r.pick(NUMBERS));
  maybe(r, spec, 'profile', 0.2, () => ({
    email: r.pick(['a@b.c', null]),
    displayName: r.pick(STRINGS),
  }));
  maybe(r, spec, 'members', 0.2, () => r.times(0, 3, () => r.pick(NAMES)));
  const e: Record<string, unknown> = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata,
    spec,
  };
  maybe(r, e, 'relations', 0.6, () =>
    r.times(0, 4, () => {
      const tkind = r.pick(KINDS).toLowerCase();
      const tname = r.pick(NAMES);
      return {
        type: r.pick(RELATION_TYPES),
        targetRef: `${tkind}:default/${tname}`,
        target: { kind: tkind, namespace: 'default', name: tname },
      };
    }),
  );
  return e;
}

/** Mostly entities; sometimes a part of one or any small value, so type errors get exercised too. */
export function input(r: Random): unknown {
  return r.weighted<unknown>([
    [7, () => entity(r)],
    [
      1,
      () => {
        const e = entity(r);
        const m = e.metadata as Record<string, unknown>;
        return r.pick<unknown>([
          m,
          m.tags ?? [],
          e.relations ?? null,
          m.annotations ?? {},
          e.spec,
        ]);
      },
    ],
    [2, () => anyValue(r)],
  ]);
}
