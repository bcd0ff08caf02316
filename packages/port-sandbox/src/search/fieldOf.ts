import { EntityRecord } from '../store/records';

/**
 * The value a search rule's `property` names: a meta-property (port-api-notes §1.3,
 * plus `$datasource` as Ocean uses it), else a property, else a relation.
 */
export function fieldOf(entity: EntityRecord, property: string): unknown {
  switch (property) {
    case '$identifier':
      return entity.identifier;
    case '$title':
      return entity.title;
    case '$team':
      return entity.team;
    case '$icon':
      return entity.icon;
    case '$blueprint':
      return entity.blueprint;
    case '$createdAt':
      return entity.createdAt;
    case '$updatedAt':
      return entity.updatedAt;
    case '$createdBy':
      return entity.createdBy;
    case '$updatedBy':
      return entity.updatedBy;
    case '$datasource':
      return entity.datasource;
    default:
      if (property in entity.properties) return entity.properties[property];
      return entity.relations[property];
  }
}
