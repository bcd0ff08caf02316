import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  Entity,
  stringifyEntityRef,
  DEFAULT_NAMESPACE,
} from '@backstage/catalog-model';
import { BuiltinKindsEntityProcessor } from '@backstage/plugin-catalog-backend';
import { ScaffolderEntitiesProcessor } from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { BackstageEntity } from '../types';

class RemotePlaceholder extends Error {}

/** What the catalog API would return for a folder of catalog files, and what could not be loaded offline. */
export interface LoadedCatalog {
  entities: BackstageEntity[];
  /** Entities whose `$text`/`$json`/`$yaml` placeholder points at a URL: the catalog would hold them back. */
  unresolved: string[];
}

/**
 * Reads every catalog file under `dir` and produces the entities as the catalog API serves them: namespace filled
 * in, local placeholders resolved, and `relations` computed by Backstage's own processors (the builtin kinds and the
 * scaffolder's Template), attached to their source entity as stitching does.
 */
export async function loadCatalog(dir: string): Promise<LoadedCatalog> {
  const raw: Entity[] = [];
  const unresolved: string[] = [];
  for (const file of yamlFiles(dir)) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const value = doc.toJS() as Entity | null;
      if (
        !value ||
        typeof value !== 'object' ||
        !value.kind ||
        !value.metadata
      ) {
        continue;
      }
      const entity = {
        ...value,
        metadata: {
          ...value.metadata,
          namespace: value.metadata.namespace ?? DEFAULT_NAMESPACE,
        },
      };
      try {
        raw.push(resolvePlaceholders(entity, path.dirname(file)) as Entity);
      } catch (error) {
        if (!(error instanceof RemotePlaceholder)) {
          throw error;
        }
        unresolved.push(stringifyEntityRef(entity));
      }
    }
  }

  const processors = [
    new BuiltinKindsEntityProcessor(),
    new ScaffolderEntitiesProcessor(),
  ];
  const relations = new Map<
    string,
    Array<{ type: string; targetRef: string }>
  >();
  const location = { type: 'file', target: dir };
  for (const entity of raw) {
    for (const processor of processors) {
      await processor.postProcessEntity(entity, location, result => {
        if (result.type !== 'relation') {
          return;
        }
        const source = stringifyEntityRef(result.relation.source);
        const list = relations.get(source) ?? [];
        list.push({
          type: result.relation.type,
          targetRef: stringifyEntityRef(result.relation.target),
        });
        relations.set(source, list);
      });
    }
  }
  const entities = raw.map(entity => ({
    ...entity,
    relations: dedupe(relations.get(stringifyEntityRef(entity)) ?? []),
  })) as BackstageEntity[];
  return { entities, unresolved };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...yamlFiles(full));
    } else if (/\.ya?ml$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out.sort();
}

/** The catalog's PlaceholderProcessor for local files; a URL target cannot be read in a test. */
function resolvePlaceholders(value: unknown, baseDir: string): unknown {
  if (Array.isArray(value)) {
    return value.map(v => resolvePlaceholders(v, baseDir));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && ['$text', '$json', '$yaml'].includes(keys[0])) {
    const target = String(record[keys[0]]);
    if (/^[a-z]+:\/\//i.test(target)) {
      throw new RemotePlaceholder(target);
    }
    const text = fs.readFileSync(path.resolve(baseDir, target), 'utf8');
    if (keys[0] === '$text') {
      return text;
    }
    return keys[0] === '$json'
      ? JSON.parse(text)
      : parseAllDocuments(text)[0].toJS();
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    out[key] = resolvePlaceholders(record[key], baseDir);
  }
  return out;
}

function dedupe(
  list: Array<{ type: string; targetRef: string }>,
): Array<{ type: string; targetRef: string }> {
  const seen = new Set<string>();
  return list.filter(r => {
    const key = `${r.type} ${r.targetRef}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
