import type { BackstageEntity } from '@portsync/mapping';
import type { EntitySource } from '../src/engine/types';

const TEAMS = 100;

/**
 * A catalog of `size` components and 100 groups, generated on the fly so the benchmark
 * measures the engine's memory and not the fixture's.
 */
export class SyntheticCatalog implements EntitySource {
  constructor(private readonly size: number, private readonly pageSize = 500) {}

  private entity(index: number): BackstageEntity {
    if (index >= this.size) {
      const name = `team-${index - this.size}`;
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, namespace: 'default', uid: `g${index}`, etag: 'v1' },
        spec: { type: 'team', children: [] },
      };
    }
    const name = `svc-${String(index).padStart(6, '0')}`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        title: `Service ${index}`,
        description: `Synthetic service number ${index} for the benchmark`,
        uid: `c${index}`,
        etag: 'v1',
      },
      spec: { type: 'service', lifecycle: 'production', tier: index % 4 },
      relations: [
        { type: 'ownedBy', targetRef: `group:default/team-${index % TEAMS}` },
        ...(index > 0
          ? [
              {
                type: 'dependsOn',
                targetRef: `component:default/svc-${String(index - 1).padStart(
                  6,
                  '0',
                )}`,
              },
            ]
          : []),
      ],
    };
  }

  async *pages(): AsyncIterable<BackstageEntity[]> {
    const total = this.size + TEAMS;
    for (let start = 0; start < total; start += this.pageSize) {
      const page: BackstageEntity[] = [];
      for (let i = start; i < Math.min(total, start + this.pageSize); i++) {
        page.push(this.entity(i));
      }
      yield page;
    }
  }

  async getByRefs(refs: string[]): Promise<Array<BackstageEntity | undefined>> {
    return refs.map(ref => {
      const component = /^component:default\/svc-(\d+)$/.exec(ref);
      if (component) return this.entity(Number(component[1]));
      const team = /^group:default\/team-(\d+)$/.exec(ref);
      return team ? this.entity(this.size + Number(team[1])) : undefined;
    });
  }

  async *listRefs(): AsyncIterable<
    Array<{ ref: string; uid: string; etag: string }>
  > {
    for await (const page of this.pages()) {
      yield page.map(entity => ({
        ref: `${entity.kind.toLowerCase()}:default/${entity.metadata.name}`,
        uid: String(entity.metadata.uid),
        etag: String(entity.metadata.etag),
      }));
    }
  }
}
