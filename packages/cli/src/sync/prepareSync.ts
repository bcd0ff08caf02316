import { BackstageEntity } from '@portsync/mapping';
import { PortClient } from '@portsync/port-client';
import {
  EntitySource,
  MemoryStateStore,
  SyncEngine,
  SyncLogger,
} from '@portsync/sync';
import { resolve } from 'node:path';
import { BackstageCatalogSource } from '../backstage/BackstageCatalogSource';
import {
  BACKSTAGE_FLAGS,
  CONFIG_FLAG,
  MAPPING_FLAGS,
  PORT_FLAGS,
} from '../config/commonFlags';
import { resolveMapping, ResolvedMapping } from '../config/resolveMapping';
import { Settings } from '../config/Settings';
import { CommandContext, FlagSpec } from '../framework/Command';
import { ParsedArgs } from '../framework/ParsedArgs';
import { ProgressReporter } from '../output/ProgressReporter';
import { connectPort } from '../port/connectPort';
import { loadState } from './stateFile';

/** Flags `sync` and `diff` share. */
export const SYNC_FLAGS: FlagSpec[] = [
  {
    name: 'kind',
    short: 'k',
    type: 'string',
    multiple: true,
    value: 'KIND',
    description: 'Only entities of this Backstage kind',
  },
  {
    name: 'state',
    type: 'string',
    value: 'FILE',
    description:
      'Keep the sync state in this JSON file (created when missing); without it Port itself is the state',
  },
  {
    name: 'json',
    type: 'boolean',
    description: 'Print the report as JSON on standard output',
  },
  {
    name: 'verbose',
    short: 'v',
    type: 'boolean',
    description: "Also print the engine's informational log lines",
  },
  ...MAPPING_FLAGS,
  CONFIG_FLAG,
  ...BACKSTAGE_FLAGS,
  ...PORT_FLAGS,
];

export interface PreparedSync {
  engine: SyncEngine;
  client: PortClient;
  mapping: ResolvedMapping;
  settings: Settings;
  store: MemoryStateStore;
  /** Absolute path of `--state`, when given. */
  statePath?: string;
  /** Catalog entities (of the kinds asked for) when the run started. */
  total: number;
  kinds?: string[];
}

function loggerFor(reporter: ProgressReporter, verbose: boolean): SyncLogger {
  const line = (level: string) => (message: string, meta?: object) =>
    reporter.log(
      `${level}: ${message}${
        meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : ''
      }`,
    );
  const quiet = () => {};
  return {
    debug: verbose ? line('debug') : quiet,
    info: verbose ? line('info') : quiet,
    warn: line('warn'),
    error: line('error'),
  };
}

/**
 * Everything a sync or a plan needs, each part checked before any work starts: the mapping compiled, Backstage
 * reached with the token (its entity count read for the progress), Port's credentials accepted, the state read.
 */
export async function prepareSync(
  context: CommandContext,
  args: ParsedArgs,
  reporter: ProgressReporter,
): Promise<PreparedSync> {
  const settings = await Settings.load(context, args);
  const mapping = await resolveMapping(args, settings, context.cwd);
  const backstage = settings.backstage();
  const port = settings.port();
  const kinds = args.list('kind').length ? args.list('kind') : undefined;

  const catalog = new BackstageCatalogSource(backstage);
  const total = await catalog.count({ kinds });
  const client = await connectPort(port);
  const statePath =
    args.string('state') && resolve(context.cwd, args.string('state')!);
  const store = statePath ? await loadState(statePath) : new MemoryStateStore();

  // Counts what is read, so the progress moves while the engine maps and writes.
  const source: EntitySource = {
    async *pages(options) {
      let read = 0;
      for await (const page of catalog.pages(options)) {
        read += page.length;
        reporter.update(read);
        yield page as BackstageEntity[];
      }
    },
    getByRefs: async refs =>
      (await catalog.getByRefs(refs)) as Array<BackstageEntity | undefined>,
    listRefs: () => catalog.listRefs(),
  };
  const engine = new SyncEngine({
    source,
    mapping: mapping.compiled,
    client,
    store,
    logger: loggerFor(reporter, args.boolean('verbose')),
    integration: port.integration,
    sendRawDataExamples: port.sendRawDataExamples,
    onProgress: progress =>
      reporter.update(progress.processed, progress.counts),
  });
  return { engine, client, mapping, settings, store, statePath, total, kinds };
}
