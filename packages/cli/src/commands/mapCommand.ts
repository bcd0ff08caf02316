import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { BackstageEntity } from '@portsync/mapping';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BackstageCatalogSource } from '../backstage/BackstageCatalogSource';
import {
  BACKSTAGE_FLAGS,
  CONFIG_FLAG,
  MAPPING_FLAGS,
} from '../config/commonFlags';
import { resolveMapping } from '../config/resolveMapping';
import { Settings } from '../config/Settings';
import { UsageError } from '../framework/CliError';
import { CommandContext, ParsedCommand } from '../framework/Command';
import { ExitCode } from '../framework/ExitCode';
import { ParsedArgs } from '../framework/ParsedArgs';
import { toCliError } from '../framework/toCliError';
import { waitForChange } from '../framework/waitForChange';
import { formatFieldError } from '../map/formatFieldError';
import { readEntities } from '../map/readEntities';
import { colorsFor } from '../output/colors';

async function readStream(
  stream: AsyncIterable<string | Buffer>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  }
  return text;
}

async function readInput(
  context: CommandContext,
  args: ParsedArgs,
  settings: Settings,
): Promise<BackstageEntity[]> {
  const ref = args.string('ref');
  const file = args.positionals[0];
  if (ref !== undefined) {
    const backstage = settings.backstage();
    const source = new BackstageCatalogSource(backstage);
    return [(await source.getByRef(ref)) as BackstageEntity];
  }
  if (file !== undefined && file !== '-') {
    const path = resolve(context.cwd, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read entity file ${path}: ${(error as Error).message}`,
      );
    }
    return readEntities(text, file);
  }
  const stdin = context.io.stdin;
  if (!stdin || (stdin.isTTY && file !== '-')) {
    throw new UsageError(
      'give an entity file, - to read standard input, or --ref',
    );
  }
  return readEntities(await readStream(stdin), 'standard input');
}

async function evaluate(
  context: CommandContext,
  args: ParsedArgs,
): Promise<ExitCode> {
  const { stdout, stderr } = context.io;
  const colors = colorsFor(stderr, context.env);
  const settings = await Settings.load(context, args);
  const mapping = await resolveMapping(args, settings, context.cwd);
  const entities = await readInput(context, args, settings);
  let failed = false;
  for (const entity of entities) {
    const result = await mapping.compiled.applyAsync(entity);
    failed ||= result.errors.length > 0;
    if (args.boolean('json')) {
      // The shape of the plugin's POST /api/port/preview answer.
      const preview = {
        entityRef: stringifyEntityRef(entity as Entity),
        entities: result.entities,
        errors: result.errors,
        skipped: result.skipped,
      };
      stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      continue;
    }
    const counts = [
      `${result.entities.length} Port entit${
        result.entities.length === 1 ? 'y' : 'ies'
      }`,
      `${result.errors.length} field error${
        result.errors.length === 1 ? '' : 's'
      }`,
      result.skipped
        ? `${result.skipped} skipped (empty identifier or blueprint)`
        : undefined,
    ].filter(Boolean);
    stderr.write(
      colors.dim(
        `# ${stringifyEntityRef(entity as Entity)} with ${
          mapping.origin
        }: ${counts.join(', ')}\n`,
      ),
    );
    if (entity.relations === undefined && args.string('ref') === undefined) {
      stderr.write(
        colors.dim(
          '# this entity has no relations: the catalog adds them when it stitches; --ref reads it from Backstage\n',
        ),
      );
    }
    for (const portEntity of result.entities) {
      stdout.write(`${JSON.stringify(portEntity, null, 2)}\n`);
    }
    for (const error of result.errors) {
      stderr.write(formatFieldError(error, colors));
    }
  }
  return failed ? ExitCode.Failed : ExitCode.Ok;
}

/** The files whose change re-runs `map --watch`. */
function watchedFiles(context: CommandContext, args: ParsedArgs): string[] {
  const file = args.positionals[0];
  return [
    ...(file !== undefined && file !== '-' ? [file] : []),
    ...(args.string('mapping') !== undefined ? [args.string('mapping')!] : []),
    ...args.list('config'),
  ].map(path => resolve(context.cwd, path));
}

export const mapCommand: ParsedCommand = {
  kind: 'parsed',
  name: 'map',
  summary:
    'The mapping playground: the Port entities and field errors a mapping gives for an entity',
  description:
    'Maps Backstage entities with a mapping and prints the Port entities it produces on standard output (one JSON\n' +
    'document each) and every field whose expression failed on standard error, with the expression pointed at.\n' +
    'The entity comes from a YAML or JSON file (several documents, a list or a catalog response work too), from\n' +
    'standard input, or from a running Backstage by ref, which gives the stitched entity the plugin maps. Exits 1\n' +
    'when any field failed.',
  args: '[FILE | -]',
  maxPositionals: 1,
  flags: [
    {
      name: 'ref',
      short: 'r',
      type: 'string',
      value: 'REF',
      description:
        'Read the entity from Backstage by ref, e.g. component:default/artist-web',
    },
    ...MAPPING_FLAGS,
    {
      name: 'json',
      type: 'boolean',
      description:
        "Print each result as the plugin's /preview does: { entityRef, entities, errors, skipped }",
    },
    {
      name: 'watch',
      short: 'w',
      type: 'boolean',
      description:
        'Evaluate again whenever the entity, mapping or config file changes (Ctrl-C ends)',
    },
    CONFIG_FLAG,
    ...BACKSTAGE_FLAGS,
  ],
  examples: [
    {
      description: 'Map an entity file with the default mapping',
      command: 'portsync map catalog-info.yaml',
    },
    {
      description: "Try Port's own Backstage mapping on standard input",
      command: 'cat catalog-info.yaml | portsync map --preset ocean-compatible',
    },
    {
      description:
        'Edit a mapping against a live entity; re-runs on every save',
      command:
        'portsync map --ref component:default/artist-web --mapping mapping.yaml --watch \\\n' +
        '    --backstage-url http://localhost:7007',
    },
    {
      description: 'Use the mapping in app-config.yaml and print JSON',
      command: 'portsync map -c app-config.yaml --json catalog-info.yaml',
    },
  ],
  async run(context, args) {
    const watch = args.boolean('watch');
    const file = args.positionals[0];
    if (file !== undefined && args.string('ref') !== undefined) {
      throw new UsageError('give an entity file or --ref, not both');
    }
    if (!watch) {
      return evaluate(context, args);
    }
    if (
      args.string('ref') === undefined &&
      (file === undefined || file === '-')
    ) {
      throw new UsageError('--watch needs an entity file or --ref');
    }
    const files = watchedFiles(context, args);
    for (;;) {
      try {
        await evaluate(context, args);
      } catch (error) {
        context.io.stderr.write(
          `portsync map: ${toCliError(error).message.replace(
            /\s*\n\s*/g,
            ' ',
          )}\n`,
        );
      }
      const changed = await waitForChange(files, context.signal);
      if (changed === undefined) {
        return ExitCode.Ok;
      }
      context.io.stderr.write(`# ${changed} changed; evaluating again\n`);
    }
  },
};
