import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const dir = join(__dirname, '..', '..', 'spec');

describe('the stored spec', () => {
  it('is the file its provenance names, and the JSON the sandbox loads is the same document', () => {
    const yamlText = readFileSync(join(dir, 'apispec.yaml'));
    const provenance = JSON.parse(
      readFileSync(join(dir, 'provenance.json'), 'utf8'),
    );
    expect(provenance).toMatchObject({
      repository: 'https://github.com/port-labs/port-docs',
      path: 'static/apispec.yaml',
      openapi: '3.1.0',
    });
    expect(createHash('sha256').update(yamlText).digest('hex')).toBe(
      provenance.sha256,
    );
    expect(JSON.parse(readFileSync(join(dir, 'apispec.json'), 'utf8'))).toEqual(
      parse(yamlText.toString('utf8')),
    );
  });
});
