import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The app-config files a Backstage backend reads, found the way its config loader finds them: every `--config`
 * argument, else `app-config.yaml` and `app-config.local.yaml` in the nearest directory up from `cwd` that has an
 * `app-config.yaml`. Used only to point at the line of a mapping error, so a miss costs only the position.
 *
 * @public
 */
export function appConfigFiles(
  argv: string[] = process.argv,
  cwd: string = process.cwd(),
): string[] {
  const given: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--config' && argv[i + 1]) given.push(argv[i + 1]);
    else if (arg.startsWith('--config=')) given.push(arg.slice(9));
  });
  if (given.length > 0) return given.map(path => resolve(cwd, path));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const base = join(dir, 'app-config.yaml');
    if (existsSync(base)) {
      const local = join(dir, 'app-config.local.yaml');
      return existsSync(local) ? [base, local] : [base];
    }
    if (dirname(dir) === dir) return [];
  }
}
