import { MemoryStateStore } from '@portsync/sync';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { ConfigError } from '../framework/CliError';

/** The state saved by an earlier run, or an empty one when the file does not exist yet. */
export async function loadState(path: string): Promise<MemoryStateStore> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new MemoryStateStore();
    }
    throw new ConfigError(
      `cannot read state file ${path}: ${(error as Error).message}`,
    );
  }
  try {
    return MemoryStateStore.fromJSON(text);
  } catch (error) {
    throw new ConfigError(
      `state file ${path} is not a portsync state: ${(error as Error).message}`,
    );
  }
}

/** Writes beside the file and renames, so a job killed mid-write leaves the previous state whole. */
export async function saveState(
  path: string,
  store: MemoryStateStore,
): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(store.toJSON())}\n`);
  await rename(temporary, path);
}
