import { createMockDirectory } from '@backstage/backend-test-utils';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ExitCode } from './framework/ExitCode';
import { exampleCatalog } from './__testUtils__/repoPaths';
import { Invocation, runInProcess } from './__testUtils__/runInProcess';

const dir = createMockDirectory({
  content: {
    'mapping.yaml': [
      'resources:',
      '  - kind: component',
      "    selector: { query: 'true' }",
      '    port:',
      '      entity:',
      '        mappings:',
      '          identifier: .metadata.name',
      `          blueprint: '"component"'`,
      '          properties:',
      '            owner: .spec.owner',
      '            port: .metadata.name | tonumber',
      '',
    ].join('\n'),
    'broken.yaml': [
      'resources:',
      '  - kind: component',
      '    port:',
      '      entity:',
      '        mappings:',
      '          identifier: .metadata.name |',
      `          blueprint: '"component"'`,
      '',
    ].join('\n'),
    'entity.yaml': [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata: { name: artist-web }',
      'spec: { type: website, owner: group:default/web, lifecycle: production }',
      '',
    ].join('\n'),
    'not-entity.yaml': 'just: text\n',
    'app-config.yaml': [
      'port:',
      '  clientId: ${TEST_CLIENT_ID}',
      '  clientSecret: ${TEST_CLIENT_SECRET}',
      '  mapping:',
      '    preset: ocean-compatible',
      '',
    ].join('\n'),
    'bad-config.yaml': 'port: [\n',
  },
});

interface Case extends Invocation {
  name: string;
  code: ExitCode;
  stdout?: string | RegExp;
  stderr?: string | RegExp;
}

const cases: Case[] = [
  {
    name: 'prints the command list and exit codes for --help',
    args: ['--help'],
    code: ExitCode.Ok,
    stdout:
      /^Usage: portsync <command>[\s\S]*Commands:\n {2}sync +One full sync[\s\S]* {2}map +The mapping playground[\s\S]*Exit codes:\n {2}0 +success/,
    stderr: '',
  },
  {
    name: 'prints usage without arguments',
    args: [],
    code: ExitCode.Ok,
    stdout: /^Usage: portsync <command>/,
  },
  {
    name: 'prints the version for --version',
    args: ['--version'],
    code: ExitCode.Ok,
    stdout: '1.2.3\n',
  },
  {
    name: 'rejects an unknown command with one line',
    args: ['frobnicate'],
    code: ExitCode.Usage,
    stdout: '',
    stderr: "portsync: unknown command 'frobnicate' (see portsync --help)\n",
  },
  {
    name: 'rejects an unknown top-level option with one line',
    args: ['--frob'],
    code: ExitCode.Usage,
    stderr: "portsync: unknown option '--frob' (see portsync --help)\n",
  },
  {
    name: "rejects a command's unknown option with one line",
    args: ['map', '--frob', 'x.yaml'],
    code: ExitCode.Usage,
    stderr: "portsync map: unknown option '--frob' (see portsync map --help)\n",
  },
  {
    name: 'rejects a string option without its value',
    args: ['map', '--mapping'],
    code: ExitCode.Usage,
    stderr:
      "portsync map: option '-m, --mapping <value>' argument missing (see portsync map --help)\n",
  },
  {
    name: 'rejects a value given to a boolean option',
    args: ['map', '--json=yes', 'x.yaml'],
    code: ExitCode.Usage,
    stderr:
      /^portsync map: option '--json' does not take an argument \(see portsync map --help\)\n$/,
  },
  {
    name: 'rejects a second positional argument',
    args: ['map', 'a.yaml', 'b.yaml'],
    code: ExitCode.Usage,
    stderr:
      "portsync map: unexpected argument 'b.yaml' (see portsync map --help)\n",
  },
  {
    name: "generates a command's --help from its flag table, with examples",
    args: ['map', '--help'],
    code: ExitCode.Ok,
    stdout:
      /^Usage: portsync map \[options\] \[FILE \| -\][\s\S]*-m, --mapping FILE +A mapping[\s\S]*--backstage-url URL +Backstage's backend, e\.g\. http:\/\/localhost:7007 \(else env\n {31}BACKSTAGE_URL, config backend\.baseUrl\)[\s\S]*Examples:\n {2}# Map an entity file/,
  },
  {
    name: 'map: maps an entity file with the default mapping',
    args: ['map', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Ok,
    stdout:
      /^\{\n {2}"blueprint": "component",\n {2}"identifier": "component:default\/artist-web",/,
    stderr:
      '# component:default/artist-web with preset default: 1 Port entity, 0 field errors\n' +
      '# this entity has no relations: the catalog adds them when it stitches; --ref reads it from Backstage\n',
  },
  {
    name: 'map: reads the entity from standard input with -',
    args: ['map', '--json', '-'],
    stdin:
      '{"apiVersion":"v1","kind":"Group","metadata":{"name":"web"},"spec":{"type":"team","children":[]},"relations":[]}',
    code: ExitCode.Ok,
    stdout:
      /^\{\n {2}"entityRef": "group:default\/web",\n {2}"entities": \[\n {4}\{\n {6}"blueprint": "group",[\s\S]*"errors": \[\],\n {2}"skipped": 0\n\}\n$/,
    stderr: '',
  },
  {
    name: 'map: asks for an entity when standard input is a terminal',
    args: ['map'],
    code: ExitCode.Usage,
    stderr:
      'portsync map: give an entity file, - to read standard input, or --ref (see portsync map --help)\n',
  },
  {
    name: 'map: points at each failing expression in the mapping file and exits 1',
    args: ['map', '--mapping', 'mapping.yaml', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Failed,
    stdout: /"port": null/,
    stderr: [
      '# component:default/artist-web with mapping.yaml: 1 Port entity, 1 field error\n',
      '# this entity has no relations: the catalog adds them when it stitches; --ref reads it from Backstage\n',
      "error: resources[0] (kind component) properties.port: Invalid numeric literal at EOF at line 1, column 10 (while parsing 'artist-web')\n",
      '    .metadata.name | tonumber\n',
      '    ^^^^^^^^^^^^^^^^^^^^^^^^^\n',
      '    at mapping.yaml:11:19\n',
    ].join(''),
  },
  {
    name: 'map: a broken mapping ends with one line naming the expression and its place, exit 3',
    args: ['map', '--mapping', 'broken.yaml', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Config,
    stdout: '',
    stderr:
      /^portsync map: invalid mapping: mapping\.resources\[0\]\.port\.entity\.mappings\.identifier: .*"\.metadata\.name \|".*\(broken\.yaml:6:39\)\n$/,
  },
  {
    name: 'map: uses the preset named in the config file',
    args: ['map', '-c', 'app-config.yaml', 'entity.yaml'],
    cwd: dir.path,
    // Port's own mapping iterates `.relations[]`, which an entity from a file (not stitched) lacks.
    code: ExitCode.Failed,
    stderr:
      /with config port\.mapping: 1 Port entity, 7 field errors\n[\s\S]*relations\.owningUser: Cannot iterate over null/,
    stdout: /"system": "system:default\/"/,
  },
  {
    name: 'map: --preset ocean-compatible maps as Port does',
    args: [
      'map',
      '--preset',
      'ocean-compatible',
      '--json',
      exampleCatalog('components.yaml'),
    ],
    code: ExitCode.Failed,
    stdout:
      /"identifier": "component:default\/stream-gateway"[\s\S]*"system": "system:default\/audio-streaming"/,
  },
  {
    name: 'map: an unknown preset is a usage error',
    args: ['map', '--preset', 'fancy', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Usage,
    stderr:
      "portsync map: unknown preset 'fancy'; choose one of default, ocean-compatible (see portsync map --help)\n",
  },
  {
    name: 'map: --mapping and --preset together are a usage error',
    args: ['map', '--preset', 'default', '-m', 'mapping.yaml', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Usage,
    stderr: /^portsync map: give either --mapping or --preset, not both/,
  },
  {
    name: 'map: a file that holds no entity is a usage error',
    args: ['map', 'not-entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Usage,
    stderr:
      'portsync map: not-entity.yaml: document 1 is not a Backstage entity (it needs kind and metadata.name) (see portsync map --help)\n',
  },
  {
    name: 'map: a missing entity file is a usage error',
    args: ['map', 'nope.yaml'],
    cwd: dir.path,
    code: ExitCode.Usage,
    stderr: /^portsync map: cannot read entity file .*nope\.yaml: ENOENT/,
  },
  {
    name: 'a config file that is not YAML ends with one line naming it, exit 3',
    args: ['map', '-c', 'bad-config.yaml', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Config,
    stderr:
      /^portsync map: cannot read config .*bad-config\.yaml: .*line 2, column 1\n$/,
  },
  {
    name: 'a missing config file ends with one line naming it, exit 3',
    args: ['map', '-c', 'absent.yaml', 'entity.yaml'],
    cwd: dir.path,
    code: ExitCode.Config,
    stderr:
      /^portsync map: cannot read config: Config file ".*absent\.yaml" does not exist\n$/,
  },
  {
    name: 'map --ref: without a Backstage URL names every way to give one',
    args: ['map', '--ref', 'component:default/x'],
    code: ExitCode.Config,
    stderr:
      'portsync map: missing Backstage URL (BACKSTAGE_URL, --backstage-url or backend.baseUrl)\n',
  },
  {
    name: 'map --ref: an unreachable Backstage ends with one line, exit 4, and the token masked',
    args: ['map', '--ref', 'component:default/x'],
    env: {
      BACKSTAGE_URL: 'http://127.0.0.1:{closedPort}/?t=backstage-token-0123',
      BACKSTAGE_TOKEN: 'backstage-token-0123',
    },
    code: ExitCode.Backstage,
    stderr:
      'portsync map: cannot reach Backstage at http://127.0.0.1:{closedPort}/?t=[redacted]: ECONNREFUSED\n',
  },
  {
    name: 'map --ref: a malformed ref is a usage error',
    args: ['map', '--ref', 'no-kind-here'],
    env: { BACKSTAGE_URL: 'http://127.0.0.1:{closedPort}' },
    code: ExitCode.Usage,
    stderr: /^portsync map: not an entity ref: 'no-kind-here'/,
  },
  {
    name: 'a Backstage URL that is not a URL is a config error naming where it came from',
    args: ['map', '--ref', 'component:x'],
    env: { BACKSTAGE_URL: 'localhost:7007' },
    code: ExitCode.Config,
    stderr:
      "portsync map: BACKSTAGE_URL: must be an http or https URL, got 'localhost:7007'\n",
  },
];

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('portsync', () => {
  let placeholders: Record<string, string>;
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (all, key) => placeholders[key] ?? all);

  const expected = (want: string | RegExp | undefined) => {
    if (want === undefined) return expect.any(String);
    return typeof want === 'string' ? fill(want) : expect.stringMatching(want);
  };

  beforeAll(async () => {
    placeholders = { closedPort: String(await closedPort()) };
  });

  it.each(cases)(
    '$name',
    async ({ name: _name, code, stdout, stderr, ...invocation }) => {
      const outcome = await runInProcess({
        ...invocation,
        args: invocation.args.map(fill),
        env: Object.fromEntries(
          Object.entries(invocation.env ?? {}).map(([k, v]) => [k, fill(v)]),
        ),
      });
      expect(outcome).toEqual({
        code,
        stdout: expected(stdout),
        stderr: expected(stderr),
      });
    },
  );
});
