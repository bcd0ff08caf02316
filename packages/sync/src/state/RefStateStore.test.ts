import { storeFactories } from '../__testUtils__/storeFactories';
import type { RefStateStore } from './RefStateStore';

jest.setTimeout(60_000);

/** The contract every RefStateStore keeps, on every store. */
describe.each(storeFactories(['memory', 'sqlite', 'postgres']))(
  'RefStateStore on $name',
  factory => {
    let refs: RefStateStore;

    beforeAll(() => factory.start());
    afterAll(() => factory.stop());
    beforeEach(async () => {
      refs = (await factory.create()).refs;
    });

    it('saves, reads back and replaces the entities of a ref', async () => {
      await refs.saveRefStates([
        {
          ref: 'component:default/a',
          uid: 'u1',
          etag: 'e1',
          entities: [
            { blueprint: 'service', identifier: 'a', hash: 'h1' },
            { blueprint: 'docs', identifier: 'a-docs', hash: 'h2' },
          ],
        },
      ]);
      await refs.saveRefStates([
        {
          ref: 'component:default/a',
          uid: 'u1',
          etag: 'e2',
          entities: [{ blueprint: 'service', identifier: 'a2', hash: 'h3' }],
        },
      ]);
      const states = await refs.getRefStates([
        'component:default/a',
        'component:default/missing',
      ]);
      expect([...states.values()]).toEqual([
        {
          ref: 'component:default/a',
          uid: 'u1',
          etag: 'e2',
          entities: [{ blueprint: 'service', identifier: 'a2', hash: 'h3' }],
        },
      ]);
    });

    it('lists refs and entity records, counts per blueprint, and forgets them', async () => {
      await refs.saveRefStates([
        {
          ref: 'component:default/a',
          uid: 'u1',
          etag: null,
          entities: [
            { blueprint: 'service', identifier: 'a', hash: 'h1' },
            { blueprint: 'docs', identifier: 'd', hash: 'h2' },
          ],
        },
        {
          ref: 'group:default/g',
          uid: 'u2',
          etag: 'e',
          entities: [{ blueprint: 'team', identifier: 'g', hash: 'h3' }],
        },
      ]);
      expect(await refs.listRefs()).toEqual([
        { ref: 'component:default/a', uid: 'u1', etag: null },
        { ref: 'group:default/g', uid: 'u2', etag: 'e' },
      ]);
      expect(await refs.countByBlueprint()).toEqual({
        docs: 1,
        service: 1,
        team: 1,
      });

      await refs.deleteEntityRecords([{ blueprint: 'docs', identifier: 'd' }]);
      expect(await refs.listEntityRecords()).toEqual([
        {
          ref: 'component:default/a',
          blueprint: 'service',
          identifier: 'a',
          hash: 'h1',
        },
        {
          ref: 'group:default/g',
          blueprint: 'team',
          identifier: 'g',
          hash: 'h3',
        },
      ]);

      await refs.deleteRefStates(['group:default/g']);
      expect((await refs.listRefs()).map(r => r.ref)).toEqual([
        'component:default/a',
      ]);
      expect(await refs.countByBlueprint()).toEqual({ service: 1 });
    });

    it('reads one ref with the time it was last saved', async () => {
      const state = {
        ref: 'component:default/a',
        uid: 'u1',
        etag: 'e1',
        entities: [{ blueprint: 'service', identifier: 'a', hash: 'h1' }],
      };
      const before = Date.now();
      await refs.saveRefStates([state]);
      const after = Date.now();
      const read = await refs.getRef('component:default/a');
      expect(read).toEqual({ ...state, updatedAt: expect.any(Number) });
      expect(read!.updatedAt).toBeGreaterThanOrEqual(before);
      expect(read!.updatedAt).toBeLessThanOrEqual(after);
      expect(await refs.getRef('component:default/missing')).toBeUndefined();

      await refs.deleteRefStates(['component:default/a']);
      expect(await refs.getRef('component:default/a')).toBeUndefined();
    });

    it('handles more refs than one statement takes', async () => {
      const states = Array.from({ length: 1234 }, (_, i) => ({
        ref: `component:default/c${i}`,
        uid: `u${i}`,
        etag: `e${i}`,
        entities: [
          { blueprint: 'service', identifier: `c${i}`, hash: `h${i}` },
        ],
      }));
      await refs.saveRefStates(states);
      const read = await refs.getRefStates(states.map(s => s.ref));
      expect(read.size).toBe(1234);
      expect(read.get('component:default/c1233')?.entities).toEqual([
        { blueprint: 'service', identifier: 'c1233', hash: 'h1233' },
      ]);
    });
  },
);
