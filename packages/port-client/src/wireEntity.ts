import { PortEntity } from './types';

/**
 * The entity as it goes on the wire: Port's spec types `title` and `icon` as
 * strings, so an unmapped (`null`) one is left out rather than sent.
 */
export function wireEntity(entity: PortEntity): PortEntity {
  if (entity.title !== null && entity.icon !== null) return entity;
  const { title, icon, ...rest } = entity;
  return {
    ...rest,
    ...(title === null ? {} : { title }),
    ...(icon === null ? {} : { icon }),
  };
}
