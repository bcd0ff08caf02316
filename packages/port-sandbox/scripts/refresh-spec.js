#!/usr/bin/env node
/**
 * Refreshes spec/apispec.yaml from a snapshot of Port's public docs repository
 * (github.com/port-labs/port-docs, where a daily job copies Port's served
 * `/swagger/yaml` to static/apispec.yaml), and writes:
 * - spec/apispec.yaml: the file byte for byte,
 * - spec/apispec.json: the same document as JSON, which loads in milliseconds
 *   where the YAML takes seconds (src/contract/spec.test.ts checks they agree),
 * - spec/provenance.json: repository, path, commit, commit date and sha256.
 *
 * Usage: node scripts/refresh-spec.js <git dir of a port-docs clone> [commit]
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('yaml');

const REPOSITORY = 'https://github.com/port-labs/port-docs';
const PATH = 'static/apispec.yaml';

const [gitDir, revision = 'HEAD'] = process.argv.slice(2);
if (!gitDir) {
  process.stderr.write(
    'usage: node scripts/refresh-spec.js <git dir of port-labs/port-docs> [commit]\n',
  );
  process.exit(2);
}
const git = (...args) =>
  execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });

const commit = git('rev-parse', `${revision}^{commit}`).toString().trim();
const committedAt = git('show', '-s', '--format=%cI', commit).toString().trim();
const text = git('show', `${commit}:${PATH}`);
const document = yaml.parse(text.toString('utf8'));
if (!String(document.openapi).startsWith('3.1')) {
  throw new Error(`expected OpenAPI 3.1, got ${document.openapi}`);
}

const dir = join(__dirname, '..', 'spec');
writeFileSync(join(dir, 'apispec.yaml'), text);
writeFileSync(join(dir, 'apispec.json'), `${JSON.stringify(document)}\n`);
const provenance = {
  repository: REPOSITORY,
  path: PATH,
  commit,
  committedAt,
  sha256: createHash('sha256').update(text).digest('hex'),
  openapi: document.openapi,
};
writeFileSync(
  join(dir, 'provenance.json'),
  `${JSON.stringify(provenance, null, 2)}\n`,
);
process.stdout.write(
  `spec/apispec.yaml from ${REPOSITORY} ${PATH} at ${commit} (${committedAt})\n`,
);
