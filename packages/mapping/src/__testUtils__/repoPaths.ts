import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this package with a `packages` folder and a workspace package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (
      fs.existsSync(path.join(dir, 'packages')) &&
      fs.existsSync(path.join(dir, 'package.json')) &&
      JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
        .workspaces
    ) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`no repository root above ${__dirname}`);
}

/** Shared reference material sits beside the repository (`../shared`) in CI and in the team's checkout. */
export function sharedDir(): string {
  return path.resolve(repoRoot(), '..', 'shared');
}
