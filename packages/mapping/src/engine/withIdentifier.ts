import { BackstageEntity } from '../types';

/**
 * Ocean's Backstage integration adds `metadata.identifier` = lower-cased `kind:namespace/name` to every entity before
 * mapping, and Port's mappings rely on it. Returns a copy; the caller's entity is not changed.
 */
export function withIdentifier(entity: BackstageEntity): BackstageEntity {
  const metadata = entity.metadata ?? { name: '' };
  const namespace = metadata.namespace || 'default';
  return {
    ...entity,
    metadata: {
      ...metadata,
      identifier: `${entity.kind}:${namespace}/${metadata.name}`.toLowerCase(),
    },
  };
}
