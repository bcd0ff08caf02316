import { Random } from './random';
import { NUMBERS, STRINGS } from './inputs';

// Random jq programs in the shape Port mappings take: paths into entities, `//`, `?`, `try`,
// `select`, `map`, entries, string and regex builtins, conversions, folds, assignments,
// destructuring. Every program terminates quickly on small inputs (no unbounded recursion,
// `repeat` or `range` over input numbers) and is written on one line, so it fits a `.test` case.

const ENTITY_PATHS = [
  '.metadata.name',
  '.metadata.title',
  '.metadata.namespace',
  '.metadata.description',
  '.metadata.annotations',
  '.metadata.annotations["backstage.io/source-location"]',
  '.metadata.annotations."github.com/project-slug"',
  '.metadata.labels',
  '.metadata.labels.tier',
  '.metadata.tags',
  '.metadata.tags[0]',
  '.metadata.tags[-1]',
  '.metadata.links',
  '.metadata.links[0].url',
  '.kind',
  '.apiVersion',
  '.spec',
  '.spec.type',
  '.spec.owner',
  '.spec.lifecycle',
  '.spec.system',
  '.spec.dependsOn',
  '.spec.replicas',
  '.spec.profile.email',
  '.spec.members',
  '.relations',
  '.relations[0]',
  '.relations[0].targetRef',
  '.relations[1].target.name',
  '.missing',
  '.missing.deeper',
];

const GENERIC_PATHS = [
  '.',
  '.[0]',
  '.[1]',
  '.[-1]',
  '.a',
  '.name',
  '.key',
  '.value',
  '.[1:]',
  '.[:2]',
  '.[-2:]',
  '.["a"]',
];

const ITERATIONS = [
  '.[]',
  '.[]?',
  '.metadata.tags[]',
  '.metadata.tags[]?',
  '.relations[]',
  '.relations[]?',
  '.relations[]?.targetRef',
  '.metadata.annotations[]?',
  '.spec.dependsOn[]?',
  '.metadata.links[]?.url',
  '..',
];

const REGEXES = [
  '^comp',
  '[a-z]+',
  '(?<kind>[a-z]+):(?<ns>[a-z]+)/(?<name>.*)',
  '\\\\d+',
  '^(.*)/(.*)$',
  '[-_.]',
  'a|e',
  '',
  'x*',
  '(a)?b',
  '\\\\s+',
  '[A-Z]',
  '(?i)TEAM',
  '^$',
  '(?<n>[0-9])',
  '\\\\bteam\\\\b',
  '[[:upper:]]',
  '\\\\p{L}+',
  '.',
  '(',
];

const REGEX_FLAGS = [
  'null',
  '"g"',
  '"i"',
  '"gi"',
  '"x"',
  '"n"',
  '"gx"',
  '"s"',
  '"l"',
  '"q"',
  '"p"',
];

const FORMATS = [
  '@base64',
  '@base64d',
  '@uri',
  '@csv',
  '@tsv',
  '@html',
  '@sh',
  '@json',
  '@text',
];

const NULLARY = [
  'length',
  'utf8bytelength',
  'keys',
  'keys_unsorted',
  'values',
  'type',
  'tostring',
  'tonumber',
  'tojson',
  'fromjson',
  'ascii_downcase',
  'ascii_upcase',
  'to_entries',
  'from_entries',
  'reverse',
  'sort',
  'unique',
  'add',
  'any',
  'all',
  'flatten',
  'min',
  'max',
  'first',
  'last',
  'not',
  'floor',
  'ceil',
  'round',
  'fabs',
  'sqrt',
  'explode',
  'implode',
  'transpose',
  'paths',
  'tostream',
  'empty',
  'error',
  'arrays',
  'objects',
  'iterables',
  'booleans',
  'numbers',
  'strings',
  'nulls',
  'scalars',
  'isinfinite',
  'isnan',
  'isnormal',
  'infinite',
  'nan',
  'recurse',
  'combinations',
  'splits("-")',
  'todate',
  'fromdate',
  'gmtime',
  'mktime',
  'tojson | fromjson',
  'getpath(["a"])',
  'abs',
  'ltrimstr("a")',
  'significand',
  'getpath([])',
  '(env | type)',
  '(builtins | length > 10)',
  'debug',
  'stderr',
  '(now | type)',
];

export class ProgramGenerator {
  private vars: string[] = [];
  private funcs: { name: string; arity: number }[] = [];
  private counter = 0;

  constructor(private readonly r: Random) {}

  program(): string {
    this.vars = [];
    this.funcs = [];
    this.counter = 0;
    return this.filter(3);
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  private withVar<T>(name: string, f: () => T): T {
    this.vars.push(name);
    try {
      return f();
    } finally {
      this.vars.pop();
    }
  }

  private string(): string {
    return JSON.stringify(this.r.pick(STRINGS));
  }

  private number(): string {
    const n = this.r.pick(NUMBERS);
    return Object.is(n, -0) ? '-0' : String(n);
  }

  private literal(): string {
    const r = this.r;
    return r.weighted([
      [3, () => this.string()],
      [3, () => this.number()],
      [
        1,
        () =>
          r.pick([
            '(1 / 10000000)',
            '(1e3 * 1e14)',
            '(0.1 + 0.2)',
            '(1 / 3)',
            '(-1 / 0.5)',
            'infinite',
            '(2 * 1e300 * 1e10)',
          ]),
      ],
      [1, () => 'null'],
      [1, () => r.pick(['true', 'false'])],
      [
        1,
        () =>
          r.pick([
            '[]',
            '{}',
            '[1,2,3]',
            '["a","b"]',
            '{"a":1,"b":null}',
            '[null,1,"a"]',
          ]),
      ],
    ]);
  }

  /** A path expression: valid on the left of `=`, in `path()`, `del()`, `paths`-style builtins. */
  path(depth: number): string {
    const r = this.r;
    if (depth <= 0)
      return r.pick([...ENTITY_PATHS, ...GENERIC_PATHS, ...ITERATIONS]);
    return r.weighted<string>([
      [6, () => r.pick(ENTITY_PATHS)],
      [2, () => r.pick(GENERIC_PATHS)],
      [3, () => r.pick(ITERATIONS)],
      [1, () => `${this.path(depth - 1)}?`],
      [1, () => `${this.path(depth - 1)} | ${this.path(depth - 1)}`],
      [1, () => `(${this.path(depth - 1)}, ${this.path(depth - 1)})`],
      [1, () => `${this.path(depth - 1)} // ${this.path(depth - 1)}`],
      [
        1,
        () => `${this.path(depth - 1)} | select(${this.condition(depth - 1)})`,
      ],
      [
        1,
        () =>
          `getpath(${r.pick([
            '["metadata","name"]',
            '["a",0]',
            '[]',
            '["spec","x","y"]',
            '[0]',
          ])})`,
      ],
      [
        1,
        () =>
          `if ${this.condition(depth - 1)} then ${this.path(
            depth - 1,
          )} else ${this.path(depth - 1)} end`,
      ],
      [1, () => `first(${this.path(depth - 1)})`],
      [1, () => `last(${this.path(depth - 1)})`],
      [1, () => `limit(${r.int(3)}; ${this.path(depth - 1)})`],
      [1, () => `.[${this.number()}]`],
      [1, () => `.[${this.string()}]`],
      [1, () => `recurse(.[]?) | select(type == "string")`],
      [1, () => `empty`],
      [1, () => `try ${this.path(depth - 1)}`],
      [1, () => `${this.path(depth - 1)}[]?`],
      [1, () => `to_entries`],
      [1, () => `.[${r.pick(['1:', ':-1', '"a":', 'null:2', '1.5:2.5'])}]`],
    ]);
  }

  /** Something that is usually true or false. */
  condition(depth: number): string {
    const r = this.r;
    const v = () => this.filter(depth - 1);
    return r.weighted<string>([
      [
        3,
        () =>
          `${this.path(0)} ${r.pick(['==', '!=', '<', '<=', '>', '>='])} ${
            depth > 0 ? v() : this.literal()
          }`,
      ],
      [1, () => `${this.path(0)}`],
      [
        1,
        () =>
          `type == ${r.pick([
            '"string"',
            '"object"',
            '"array"',
            '"null"',
            '"number"',
          ])}`,
      ],
      [
        1,
        () =>
          `has(${r.pick([
            '"metadata"',
            '"name"',
            '"a"',
            '0',
            '1',
            'null',
            '"key"',
          ])})`,
      ],
      [1, () => `(${v()}) and (${v()})`],
      [1, () => `(${v()}) or (${v()})`],
      [1, () => `(${v()}) | not`],
      [
        2,
        () =>
          `test(${JSON.stringify(r.pick(REGEXES))}${
            r.chance(0.3) ? `; ${r.pick(REGEX_FLAGS)}` : ''
          })`,
      ],
      [1, () => `startswith(${this.string()})`],
      [1, () => `endswith(${this.string()})`],
      [
        1,
        () =>
          `contains(${r.pick([
            this.string(),
            '["a"]',
            '{"kind":"API"}',
            'null',
            '1',
          ])})`,
      ],
      [1, () => `inside(${r.pick([this.string(), '["a","b"]', '{"a":1}'])})`],
      [1, () => `any(${r.pick(ITERATIONS)}; ${this.condition(depth - 1)})`],
      [1, () => `all(${r.pick(ITERATIONS)}; ${this.condition(depth - 1)})`],
      [1, () => `isempty(${this.path(depth - 1)})`],
      [1, () => `IN(${this.path(0)}; ${this.literal()}, ${this.literal()})`],
      [1, () => `in(${r.pick(['{"a":1}', '["x"]', '[1,2]', 'null'])})`],
      [1, () => `${this.literal()} == ${this.literal()}`],
    ]);
  }

  private stringArg(): string {
    return this.r.weighted<string>([
      [3, () => this.string()],
      [1, () => this.literal()],
      [1, () => this.path(0)],
    ]);
  }

  private regexCall(depth: number): string {
    const r = this.r;
    const re = JSON.stringify(r.pick(REGEXES));
    const flags = r.chance(0.4) ? `; ${r.pick(REGEX_FLAGS)}` : '';
    return r.weighted<string>([
      [2, () => `test(${re}${flags})`],
      [2, () => `[match(${re}${flags})]`],
      [1, () => `match(${re}${flags}) | .captures | map(.name)`],
      [2, () => `capture(${re}${flags})`],
      [1, () => `[scan(${re}${flags})]`],
      [
        2,
        () =>
          `sub(${re}; ${r.chance(0.5) ? this.string() : '"<\\(.)>"'}${flags})`,
      ],
      [
        2,
        () =>
          `gsub(${re}; ${
            r.chance(0.5) ? this.string() : '"[\\(.name // .)]"'
          }${flags})`,
      ],
      [
        2,
        () => `split(${re}${r.chance(0.5) ? `; ${r.pick(REGEX_FLAGS)}` : ''})`,
      ],
      [1, () => `[splits(${re}${flags})]`],
      [1, () => `ascii_downcase | test(${re})`],
      [1, () => `test([${re}${flags ? `, ${r.pick(REGEX_FLAGS)}` : ''}])`],
      [1, () => `${this.filter(depth - 1)} | test(${re})`],
    ]);
  }

  private builtinCall(depth: number): string {
    const r = this.r;
    const f = () => this.filter(depth - 1);
    return r.weighted<string>([
      [8, () => r.pick(NULLARY)],
      [2, () => `map(${f()})`],
      [1, () => `map_values(${f()})`],
      [2, () => `select(${this.condition(depth - 1)})`],
      [
        2,
        () =>
          `with_entries(${r.pick([
            '.key |= ascii_upcase',
            '.value |= tostring',
            'select(.value != null)',
            '.key = (.value | tostring)',
            '.value += 1',
            '{key: .value, value: .key}',
          ])})`,
      ],
      [
        1,
        () =>
          `to_entries | map(${r.pick([
            '.key',
            '.value',
            'select(.key | startswith("a"))',
            '{(.key): .value}',
          ])})`,
      ],
      [
        1,
        () =>
          `[${r.pick([
            '{"key":null,"value":1}',
            '{"key":false,"value":1}',
            '{"key":1,"value":2}',
            '{"k":"a","v":1}',
            '{"name":"n","value":2}',
            '{"key":"a"}',
            '{"Key":"K","Value":3}',
            '{"key":true}',
            '{"key":{"a":1},"value":0}',
            '{"k":null,"name":"z","value":4}',
            '{"key":null,"k":"q"}',
          ])}] | from_entries`,
      ],
      [1, () => `${this.literal()} | from_entries`],
      [2, () => `join(${r.pick(['", "', '"-"', '""', '1', 'null'])})`],
      [2, () => `ltrimstr(${this.stringArg()})`],
      [1, () => `rtrimstr(${this.stringArg()})`],
      [1, () => `startswith(${this.stringArg()})`],
      [2, () => `split(${this.stringArg()})`],
      [
        2,
        () =>
          `has(${r.pick([
            '"metadata"',
            '"a"',
            '0',
            '-1',
            '1.5',
            'null',
            '"0"',
            '[]',
          ])})`,
      ],
      [
        2,
        () =>
          `indices(${r.pick([
            '", "',
            '"a"',
            '""',
            '1',
            '[1,2]',
            '[]',
            'null',
            '"-"',
            '[null]',
          ])})`,
      ],
      [1, () => `index(${r.pick(['"a"', '","', '""', '1', '[1]', 'null'])})`],
      [
        2,
        () =>
          `rindex(${r.pick(['"a"', '","', '""', '1', '[1]', 'null', '"aa"'])})`,
      ],
      [2, () => `del(${this.path(depth - 1)})`],
      [1, () => `del(${this.path(0)}, ${this.path(0)})`],
      [
        2,
        () =>
          `delpaths(${r.pick([
            '[["a"]]',
            '[["metadata","name"],["spec"]]',
            '[[0],[1]]',
            '[["a",0],["a"]]',
            '[[]]',
            '[["metadata","tags",0],["metadata","tags",1]]',
            '[[-1]]',
            '[["x"],[0]]',
            '[[{"start":1,"end":2}]]',
            '[["a","b"],[0,"c"]]',
            '[1]',
            '["a"]',
            'null',
          ])})`,
      ],
      [
        1,
        () =>
          `setpath(${r.pick([
            '["a"]',
            '["metadata","name"]',
            '[0]',
            '[-1]',
            '[]',
            '["a",1]',
            '[null]',
            '"a"',
          ])}; ${this.literal()})`,
      ],
      [
        1,
        () =>
          `getpath(${r.pick([
            '["a"]',
            '["metadata","name"]',
            '[0]',
            '[-1]',
            '[]',
            '["a",1,"b"]',
            '[null]',
            '"a"',
            '[{"start":0}]',
          ])})`,
      ],
      [1, () => `[paths(${this.condition(depth - 1)})]`],
      [1, () => `pick(${this.path(0)})`],
      [
        2,
        () =>
          `tostring | ${r.pick([
            'tonumber',
            'length',
            'ascii_downcase',
            'explode | implode',
            '.[0:3]',
            'ltrimstr("s")',
          ])}`,
      ],
      [1, () => `${this.string()} | tonumber`],
      [1, () => `${this.string()} | fromjson`],
      [
        1,
        () =>
          `${this.literal()} | ${r.pick([
            'tonumber',
            'fromjson',
            'tojson',
            'tostring',
            'reverse',
            'length',
            'transpose',
            'implode',
            'explode',
            'keys',
            'add',
            'flatten',
            'sort',
            'utf8bytelength',
            'ascii_downcase',
            'splits("a")',
            'ltrimstr("a")',
            'abs',
            'not',
            'min',
            'unique',
            'to_entries',
            'from_entries',
            'paths',
            'any',
            'floor',
            'sqrt',
            'tostream',
            '@base64d',
            '@csv',
            '@sh',
            '@tsv',
            '@uri',
            '@html',
          ])}`,
      ],
      [
        1,
        () =>
          `[${r.pick([
            '[1,2],[3]',
            'null',
            '[null]',
            '["a",null]',
            '[1],"ab"',
            '[[1,2],[3,4]]',
            '{"a":1}',
            '[],[1]',
          ])}] | transpose`,
      ],
      [
        1,
        () =>
          `${r.pick([
            '"abc"',
            '"😀é"',
            '""',
            'null',
            '[1,2,3]',
            '{"a":1}',
            '123',
            'true',
          ])} | reverse`,
      ],
      [2, () => this.regexCall(depth)],
      [1, () => `${r.pick(FORMATS)}`],
      [1, () => `${r.pick(FORMATS)} "x\\(${this.path(0)})y"`],
      [1, () => `limit(${r.pick(['0', '1', '2', '-1'])}; ${f()})`],
      [1, () => `first(${f()})`],
      [1, () => `last(${f()})`],
      [
        1,
        () =>
          `[last(${r.pick([
            'empty',
            '.[]?',
            '.metadata.tags[]?',
            'range(0)',
            '1,2',
          ])})]`,
      ],
      [1, () => `nth(${r.pick(['0', '1', '-1'])}; ${f()})`],
      [
        1,
        () => `[range(${r.pick(['3', '0', '1;4', '0;10;3', '5;0;-2', '-1'])})]`,
      ],
      [1, () => `[recurse(.[]?)] | length`],
      [1, () => `walk(if type == "string" then ascii_downcase else . end)`],
      [1, () => `sort_by(${this.path(0)})`],
      [1, () => `group_by(${this.path(0)})`],
      [1, () => `unique_by(${this.path(0)})`],
      [1, () => `min_by(${this.path(0)})`],
      [1, () => `max_by(${this.path(0)})`],
      [1, () => `flatten(${r.pick(['0', '1', '-1', '2'])})`],
      [1, () => `splits(${this.string()})`],
      [1, () => `error(${r.pick(['"boom"', 'null', '{"a":1}', '.', '1'])})`],
      [1, () => `tojson | fromjson`],
      [1, () => `@base64 | @base64d`],
      [1, () => `implode`],
      [1, () => `[.[]?] | implode`],
      [
        1,
        () =>
          `${r.pick([
            '[65,66]',
            '[128512]',
            '[-1]',
            '["a"]',
            '[1114112]',
            '[55296]',
          ])} | implode`,
      ],
      [
        1,
        () =>
          `strftime(${r.pick([
            '"%Y-%m-%d"',
            '"%H:%M:%S %Z"',
            '"%A, %B %d"',
            '"%s"',
          ])})`,
      ],
      [
        1,
        () =>
          `${r.pick([
            '"2024-01-02T03:04:05Z"',
            '"2024-01-02"',
            '1700000000',
            '0',
            '"x"',
          ])} | ${r.pick([
            'fromdate',
            'todate',
            'gmtime',
            'gmtime | mktime',
            'strptime("%Y-%m-%dT%H:%M:%SZ")',
            'fromdateiso8601',
          ])}`,
      ],
      [1, () => `tostream`],
      [1, () => `[tostream] | fromstream(.[])`],
      [1, () => `getpath(["metadata"]) | keys`],
      [1, () => `splits(", *"; null)`],
      [1, () => `@json "v=\\(.)"`],
      [
        1,
        () =>
          `${this.literal()} as $v | ${r.pick([
            '$v * 2',
            '$v + $v',
            '$v - 1',
            '$v / 2',
            '$v % 2',
            '"x" * $v',
            '$v * "ab"',
            '[$v] - [1]',
            '{} * $v',
            '$v / "-"',
          ])}`,
      ],
    ]);
  }

  private objectConstruction(depth: number): string {
    const r = this.r;
    const entries = r.times(1, 3, () =>
      r.weighted<string>([
        [
          3,
          () =>
            `${r.pick([
              'name',
              'title',
              'owner',
              '"type"',
              '"a b"',
              'kind',
              '@base64 "k"',
            ])}: ${this.objectValue(depth - 1)}`,
        ],
        [
          1,
          () =>
            `(${r.pick([
              '.kind',
              '.metadata.name',
              '.spec.type',
              '"k"',
              '.missing',
              '1',
              'null',
              'true',
            ])}): ${this.objectValue(depth - 1)}`,
        ],
        [1, () => r.pick(['kind', 'metadata', 'name', '"spec"'])],
        [
          1,
          () => (this.vars.length > 0 ? `$${r.pick(this.vars)}` : 'apiVersion'),
        ],
        [1, () => `"\\(.kind)": 1`],
      ]),
    );
    return `{${entries.join(', ')}}`;
  }

  /** Object values are restricted in jq's grammar; most are parenthesised, some probe the limits. */
  private objectValue(depth: number): string {
    const r = this.r;
    return r.weighted<string>([
      [8, () => `(${this.filter(depth)})`],
      [3, () => this.path(0)],
      [1, () => this.filter(depth)],
    ]);
  }

  private binding(depth: number): string {
    const r = this.r;
    const a = this.fresh('v');
    const b = this.fresh('v');
    return r.weighted<string>([
      [
        3,
        () =>
          `${this.filter(depth - 1)} as $${a} | ${this.withVar(a, () =>
            this.filter(depth - 1),
          )}`,
      ],
      [
        1,
        () =>
          `. as {metadata: {name: $${a}, tags: $${b}}} | ${this.withVar(a, () =>
            this.withVar(b, () => this.filter(depth - 1)),
          )}`,
      ],
      [1, () => `. as {$kind, spec: {$owner}} | [$kind, $owner]`],
      [
        1,
        () =>
          `${r.pick(ITERATIONS)} as [$${a}, $${b}] | ${this.withVar(a, () =>
            this.withVar(b, () => this.filter(depth - 1)),
          )}`,
      ],
      [
        1,
        () =>
          `.relations[]? as {type: $${a}, targetRef: $${b}} | ${this.withVar(
            a,
            () => this.withVar(b, () => this.filter(depth - 1)),
          )}`,
      ],
      [
        1,
        () =>
          `. as [$${a}] ?// {metadata: {name: $${a}}} ?// $${a} | ${this.withVar(
            a,
            () => this.filter(depth - 1),
          )}`,
      ],
      [
        1,
        () =>
          `. as {(${r.pick([
            '"kind"',
            '.kind',
            '"a"',
          ])}): $${a}} | ${this.withVar(a, () => this.filter(depth - 1))}`,
      ],
      [
        1,
        () =>
          `reduce ${this.path(depth - 1)} as $${a} (${r.pick([
            '0',
            'null',
            '[]',
            '{}',
            '""',
          ])}; ${this.withVar(a, () =>
            r.pick([
              `. + 1`,
              `. + [$${a}]`,
              `. + $${a}`,
              `.[$${a} | tostring] = true`,
              `. + ($${a} | tostring)`,
              `if $${a} then . else . + 1 end`,
            ]),
          )})`,
      ],
      [
        1,
        () =>
          `[foreach ${this.path(depth - 1)} as $${a} (${r.pick([
            '0',
            'null',
            '[]',
          ])}; ${this.withVar(a, () =>
            r.pick([`. + 1`, `. + [$${a}]`, `[$${a}, .]`]),
          )}${
            r.chance(0.5)
              ? `; ${this.withVar(a, () =>
                  r.pick(['.', `[$${a}, .]`, 'length', `select(. != null)`]),
                )}`
              : ''
          })]`,
      ],
      [
        1,
        () =>
          `label $out | ${this.path(depth - 1)} | if ${this.condition(
            0,
          )} then ., break $out else . end`,
      ],
      [
        1,
        () => {
          const name = this.fresh('f');
          const arity = r.int(2);
          const body =
            arity === 0
              ? this.filter(depth - 1)
              : r.pick([
                  '[g]',
                  'g | g',
                  'if . == null then g else . end',
                  'try g catch "c"',
                ]);
          const def = `def ${name}${arity ? '(g)' : ''}: ${body};`;
          this.funcs.push({ name, arity });
          const rest = this.filter(depth - 1);
          this.funcs.pop();
          return `${def} ${rest}`;
        },
      ],
      [
        1,
        () =>
          `def ${a}($x): $x + 1; ${a}(${r.pick([
            '1',
            '.spec.replicas',
            '"a"',
            '1, 2',
          ])})`,
      ],
    ]);
  }

  private assignment(depth: number): string {
    const r = this.r;
    const op = r.pick(['=', '|=', '+=', '-=', '*=', '//=', '|=', '=']);
    const rhs =
      op === '|='
        ? r.pick([
            'ascii_downcase',
            '. + 1',
            'tostring',
            'empty',
            'length',
            '. // "d"',
            'select(. != null)',
            'first(.[]?)',
            '(1, 2)',
            'ascii_upcase?',
            'map(tostring)',
            'null',
          ])
        : this.filter(depth - 1);
    return `${this.path(depth - 1)} ${op} ${rhs}`;
  }

  private interpolation(depth: number): string {
    const parts = this.r.times(1, 2, () => `\\(${this.filter(depth - 1)})`);
    return `"${parts.join(this.r.pick(['-', ' / ', '', ':']))}"`;
  }

  filter(depth: number): string {
    const r = this.r;
    if (depth <= 0) {
      return r.weighted<string>([
        [4, () => this.path(0)],
        [2, () => this.literal()],
        [2, () => r.pick(NULLARY)],
        [1, () => (this.vars.length > 0 ? `$${r.pick(this.vars)}` : '.')],
        [
          1,
          () => {
            const fs = this.funcs.filter(f => f.arity === 0);
            return fs.length > 0 ? r.pick(fs).name : '.';
          },
        ],
      ]);
    }
    const f = () => this.filter(depth - 1);
    return r.weighted<string>([
      [6, () => this.path(depth)],
      [2, () => this.literal()],
      [5, () => `${f()} | ${f()}`],
      [2, () => `${f()}, ${f()}`],
      [5, () => `${this.path(depth - 1)} // ${f()}`],
      [1, () => `(${f()}) // (${f()}) // ${this.literal()}`],
      [2, () => `${this.path(depth - 1)}?`],
      [1, () => `(${f()})?`],
      [
        2,
        () =>
          `try ${this.path(depth - 1)}${
            r.chance(0.5)
              ? ` catch ${r.pick(['.', '"caught"', 'length', 'type'])}`
              : ''
          }`,
      ],
      [1, () => `try (${f()}) catch .`],
      [
        2,
        () =>
          `if ${this.condition(depth - 1)} then ${f()}${
            r.chance(0.5)
              ? ` elif ${this.condition(depth - 1)} then ${f()}`
              : ''
          }${r.chance(0.8) ? ` else ${f()}` : ''} end`,
      ],
      [
        2,
        () =>
          `${f()} ${r.pick(['+', '-', '*', '/', '%'])} ${
            r.chance(0.5) ? this.literal() : f()
          }`,
      ],
      [1, () => `${f()} ${r.pick(['==', '!=', '<', '<=', '>', '>='])} ${f()}`],
      [1, () => `(${f()}) ${r.pick(['and', 'or'])} (${f()})`],
      [3, () => `[${f()}]`],
      [3, () => this.objectConstruction(depth)],
      [2, () => this.interpolation(depth)],
      [12, () => this.builtinCall(depth)],
      [3, () => this.binding(depth)],
      [2, () => this.assignment(depth)],
      [1, () => `${this.path(depth - 1)} | ${this.condition(depth - 1)}`],
      [
        1,
        () => {
          const fs = this.funcs;
          if (fs.length === 0) return '.';
          const fn = r.pick(fs);
          return fn.arity === 0 ? fn.name : `${fn.name}(${f()})`;
        },
      ],
      [1, () => `-(${f()})`],
      [
        1,
        () =>
          `${this.path(depth - 1)} | ${r.pick([
            'tostring',
            'tonumber',
            'length',
            'type',
            'not',
            'keys',
            'reverse',
            'has("a")',
            'ascii_downcase',
            'tojson',
          ])}`,
      ],
    ]);
  }
}
