import type { PortBlueprint } from '@portsync/port-client';

/** Blueprints the test mapping writes to; `team` first, since `service` relates to it. */
export const testBlueprints: PortBlueprint[] = [
  {
    identifier: 'team',
    title: 'Team',
    schema: { properties: { kind: { type: 'string' } }, required: [] },
    relations: {},
  },
  {
    identifier: 'service',
    title: 'Service',
    schema: {
      properties: {
        lifecycle: { type: 'string' },
        tier: { type: 'number' },
      },
      required: [],
    },
    relations: {
      owner: { target: 'team', required: false, many: false },
      dependsOn: { target: 'service', required: false, many: true },
    },
  },
];

/** A mapping in Port's format over the test blueprints; `spec.portId` overrides the identifier. */
export function testMappingConfig(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    createMissingRelatedEntities: false,
    deleteDependentEntities: true,
    enableMergeEntity: true,
    entityDeletionThreshold: 0.5,
    ...overrides,
    resources: [
      {
        kind: 'group',
        selector: { query: 'true' },
        port: {
          entity: {
            mappings: {
              identifier: '.metadata.identifier',
              title: '.metadata.name',
              blueprint: '"team"',
              properties: { kind: '.spec.type' },
            },
          },
        },
      },
      {
        kind: 'component',
        selector: { query: 'true' },
        port: {
          entity: {
            mappings: {
              identifier: '.spec.portId // .metadata.identifier',
              title: '.metadata.title // .metadata.name',
              blueprint: '"service"',
              properties: {
                lifecycle: '.spec.lifecycle',
                tier: '.spec.tier',
              },
              relations: {
                owner:
                  '[.relations[]? | select(.type == "ownedBy") | .targetRef][0]',
                dependsOn:
                  '[.relations[]? | select(.type == "dependsOn") | .targetRef]',
              },
            },
          },
        },
      },
    ],
  };
}
