import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this package with a workspace package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, 'utf8')).workspaces
    ) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`no repository root above ${__dirname}`);
}

export const exampleCatalog = (file: string) =>
  path.join(repoRoot(), 'examples', 'catalog', file);
