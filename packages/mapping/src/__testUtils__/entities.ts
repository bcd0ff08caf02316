import { BackstageEntity } from '../types';

/** A stitched Component as the catalog API returns it, with two provided APIs to show first-output semantics. */
export function artistWeb(): BackstageEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'artist-web',
      namespace: 'default',
      description: 'The place to be, for great artists',
      labels: { 'example.com/custom': 'custom_label_value' },
      annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
      links: [
        {
          url: 'https://example.com/user',
          title: 'Examples Users',
          icon: 'user',
        },
        { url: 'https://example.com/group', title: 'Example Group' },
      ],
      tags: ['java'],
    },
    spec: {
      type: 'website',
      lifecycle: 'production',
      owner: 'team-a',
      system: 'artist-engagement-portal',
      providesApis: ['artist-api', 'spotify'],
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-a' },
      { type: 'partOf', targetRef: 'system:default/artist-engagement-portal' },
      { type: 'providesApi', targetRef: 'api:default/artist-api' },
      { type: 'providesApi', targetRef: 'api:default/spotify' },
    ],
  };
}

/** A stitched Group with its type and e-mail where Backstage keeps them, and two members. */
export function teamA(): BackstageEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-a',
      namespace: 'default',
      description: 'Team A',
    },
    spec: {
      type: 'team',
      profile: { displayName: 'Team A', email: 'team-a@example.com' },
      parent: 'backstage',
      children: [],
      members: ['breanna.davison', 'guest'],
    },
    relations: [
      { type: 'childOf', targetRef: 'group:default/backstage' },
      { type: 'hasMember', targetRef: 'user:default/breanna.davison' },
      { type: 'hasMember', targetRef: 'user:default/guest' },
    ],
  };
}
