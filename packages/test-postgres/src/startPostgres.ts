import { execFile } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** Where Debian's postgresql packages put the server binaries, one folder per major version. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** @public */
export interface TestPostgres {
  connection: { host: string; port: number; user: string; database: string };
  connectionString: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory,
 * trust auth, listening on 127.0.0.1 on a free port. Uses Debian's `initdb` and `pg_ctl`
 * (the newest installed version); resolves undefined, with a warning saying why, when they
 * are not installed, so callers can skip their PostgreSQL cases.
 *
 * PostgreSQL refuses to run as root, so under root the binaries run as the `postgres` user
 * through `runuser`, in a directory handed over to it.
 *
 * @public
 */
export async function startPostgres(): Promise<TestPostgres | undefined> {
  const bin = findPostgresBinDir();
  if (!bin) {
    // eslint-disable-next-line no-console
    console.warn(
      `PostgreSQL is not installed (no ${DEBIAN_ROOT}/*/bin/initdb); skipping the PostgreSQL tests. Install the Debian package "postgresql" to run them.`,
    );
    return undefined;
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'portsync-pg-'));
  const dataDir = join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const exec = (binary: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, binary), ...args])
      : run(join(bin, binary), args);

  const port = await freePort();
  try {
    await exec('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await exec('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `Could not start PostgreSQL from ${bin}: ${(error as Error).message}`,
    );
  }

  const connection = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
  };
  return {
    connection,
    connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The newest installed Debian PostgreSQL `bin` folder, or undefined. Synchronous, so a test
 * file can decide at load time whether to define its PostgreSQL cases.
 *
 * @public
 */
export function findPostgresBinDir(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter(version => existsSync(join(DEBIAN_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0
    ? join(DEBIAN_ROOT, versions[0], 'bin')
    : undefined;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
