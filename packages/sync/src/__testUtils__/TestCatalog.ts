import type { BackstageEntity } from '@portsync/mapping';
import { createHash, randomUUID } from 'crypto';
import type { EntitySource } from '../engine/types';
import { refOf } from '../engine/produce';

/**
 * An in-memory catalog behind the `EntitySource` interface, as the plugin's and CLI's sources
 * present Backstage's: uid per entity, an etag that changes with the content, pages in ref order.
 */
export class TestCatalog implements EntitySource {
  private readonly entities = new Map<string, BackstageEntity>();

  constructor(private readonly pageSize = 50) {}

  /** Adds or replaces an entity; returns its ref. */
  put(entity: BackstageEntity): string {
    const ref = refOf(entity);
    const previous = this.entities.get(ref);
    const { uid: _uid, etag: _etag, ...metadata } = entity.metadata;
    const body = { ...entity, metadata };
    const etag = createHash('sha1').update(JSON.stringify(body)).digest('hex');
    this.entities.set(ref, {
      ...body,
      metadata: {
        ...metadata,
        uid: (previous?.metadata.uid as string | undefined) ?? randomUUID(),
        etag,
      },
    } as BackstageEntity);
    return ref;
  }

  remove(ref: string): void {
    this.entities.delete(ref);
  }

  get(ref: string): BackstageEntity | undefined {
    return this.entities.get(ref);
  }

  refs(): string[] {
    return [...this.entities.keys()].sort();
  }

  async *pages(options: {
    kinds?: string[];
  }): AsyncIterable<BackstageEntity[]> {
    const kinds = options.kinds?.map(kind => kind.toLowerCase());
    const all = this.refs()
      .map(ref => this.entities.get(ref)!)
      .filter(entity => !kinds || kinds.includes(entity.kind.toLowerCase()));
    for (let i = 0; i < all.length; i += this.pageSize) {
      yield all.slice(i, i + this.pageSize);
    }
  }

  async getByRefs(refs: string[]): Promise<Array<BackstageEntity | undefined>> {
    return refs.map(ref => this.entities.get(ref));
  }

  async *listRefs(): AsyncIterable<
    Array<{ ref: string; uid: string; etag: string }>
  > {
    const all = this.refs().map(ref => {
      const { uid, etag } = this.entities.get(ref)!.metadata;
      return { ref, uid: uid as string, etag: etag as string };
    });
    for (let i = 0; i < all.length; i += this.pageSize * 10) {
      yield all.slice(i, i + this.pageSize * 10);
    }
  }
}

/** A component owned by a group, optionally depending on other components. */
export function component(
  name: string,
  options: {
    owner?: string;
    tier?: unknown;
    lifecycle?: string;
    portId?: string;
    dependsOn?: string[];
  } = {},
): BackstageEntity {
  const relations = [
    ...(options.owner
      ? [{ type: 'ownedBy', targetRef: `group:default/${options.owner}` }]
      : []),
    ...(options.dependsOn ?? []).map(target => ({
      type: 'dependsOn',
      targetRef: `component:default/${target}`,
    })),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: `The ${name}` },
    spec: {
      type: 'service',
      lifecycle: options.lifecycle ?? 'production',
      tier: options.tier ?? 1,
      ...(options.portId ? { portId: options.portId } : {}),
    },
    relations,
  };
}

export function group(name: string): BackstageEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}
