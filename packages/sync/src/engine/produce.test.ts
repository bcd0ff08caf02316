import type {
  BackstageEntity,
  CompiledMapping,
  MappingResult,
} from '@portsync/mapping';
import { MAP_SLICE_MS, mapEntities } from './produce';

const entity = (name: string): BackstageEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
});

const produced = (name: string): MappingResult => ({
  entities: [
    {
      blueprint: 'service',
      identifier: name,
      properties: {},
      relations: {},
      resourceIndex: 0,
    },
  ],
  errors: [],
  skipped: 0,
});

/**
 * A mapping in this thread whose every entity costs `costMs` on a clock the test drives, and
 * which records the order in which entities are mapped among other events.
 */
function costlyMapping(
  costMs: number,
  events: string[],
  clock: { now: number },
) {
  const apply = (e: BackstageEntity): MappingResult => {
    clock.now += costMs;
    events.push(e.metadata.name);
    if (e.metadata.name === 'broken') throw new Error('the mapping threw');
    return produced(e.metadata.name);
  };
  return {
    isSync: true,
    apply,
    applyAsync: async (e: BackstageEntity) => apply(e),
  } as unknown as CompiledMapping;
}

describe('mapEntities', () => {
  it('gives the event loop a turn after each slice of synchronous mapping, and keeps the order', async () => {
    const events: string[] = [];
    const clock = { now: 0 };
    const perEntity = MAP_SLICE_MS / 2 + 1; // two entities fill a slice
    const mapping = costlyMapping(perEntity, events, clock);
    setImmediate(() => events.push('turn'));

    const results = await mapEntities(
      mapping,
      ['a', 'b', 'c', 'd', 'e'].map(entity),
      () => clock.now,
    );

    expect(results.map(r => r.ref)).toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/c',
      'component:default/d',
      'component:default/e',
    ]);
    // the other work ran after the first slice, not after the whole page
    expect(events.indexOf('turn')).toBe(2);
  });

  it('maps a cheap page without giving up its turn', async () => {
    const events: string[] = [];
    const clock = { now: 0 };
    const mapping = costlyMapping(0, events, clock);
    setImmediate(() => events.push('turn'));

    await mapEntities(mapping, ['a', 'b', 'c'].map(entity), () => clock.now);
    events.push('done');

    expect(events).toEqual(['a', 'b', 'c', 'done']);
    await new Promise(resolve => setImmediate(resolve));
  });

  it('reports an entity the mapping threw for, and maps the others', async () => {
    const events: string[] = [];
    const clock = { now: 0 };
    const mapping = costlyMapping(MAP_SLICE_MS, events, clock);

    const results = await mapEntities(
      mapping,
      ['a', 'broken', 'c'].map(entity),
      () => clock.now,
    );

    expect(results.map(r => [r.ref, r.error, r.produced.length])).toEqual([
      ['component:default/a', undefined, 1],
      ['component:default/broken', 'the mapping threw', 0],
      ['component:default/c', undefined, 1],
    ]);
  });

  it('asks a mapping evaluated elsewhere for the whole page at once', async () => {
    const asked: string[] = [];
    const answers: Array<() => void> = [];
    const mapping = {
      isSync: false,
      apply: () => {
        throw new Error('not in this thread');
      },
      applyAsync: (e: BackstageEntity) =>
        new Promise<MappingResult>(resolve => {
          asked.push(e.metadata.name);
          answers.push(() => resolve(produced(e.metadata.name)));
        }),
    } as unknown as CompiledMapping;

    const page = mapEntities(mapping, ['a', 'b', 'c'].map(entity));
    await Promise.resolve();
    expect(asked).toEqual(['a', 'b', 'c']);
    answers.forEach(answer => answer());
    expect((await page).map(r => r.produced[0].identifier)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
