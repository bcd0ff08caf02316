import { BackstageEntity } from '@portsync/mapping';
import { parseAllDocuments } from 'yaml';
import { UsageError } from '../framework/CliError';

function isEntity(value: unknown): value is BackstageEntity {
  const candidate = value as BackstageEntity | null;
  return (
    typeof candidate?.kind === 'string' &&
    typeof candidate?.metadata?.name === 'string'
  );
}

/** A document holds one entity, a list of them, or a catalog API response. */
function documentItems(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  const items = (value as { items?: unknown }).items;
  return Array.isArray(items) ? items : [value];
}

/**
 * The Backstage entities in YAML or JSON text: one entity per document (as in catalog-info.yaml files with
 * several), a JSON array of entities, or a catalog API response (`{ items: [...] }`).
 */
export function readEntities(text: string, source: string): BackstageEntity[] {
  const entities: BackstageEntity[] = [];
  const documents = parseAllDocuments(text, { prettyErrors: false });
  for (const [index, document] of (Array.isArray(documents)
    ? documents
    : [documents]
  ).entries()) {
    if (document.errors.length > 0) {
      throw new UsageError(
        `${source}: not YAML or JSON: ${
          document.errors[0].message.split('\n')[0]
        }`,
      );
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) {
      continue;
    }
    for (const item of documentItems(value)) {
      if (!isEntity(item)) {
        throw new UsageError(
          `${source}: document ${
            index + 1
          } is not a Backstage entity (it needs kind and metadata.name)`,
        );
      }
      entities.push(item);
    }
  }
  if (entities.length === 0) {
    throw new UsageError(`${source}: no entity in it`);
  }
  return entities;
}
