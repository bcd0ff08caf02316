/** How often refs whose change is not stitched yet are checked again. */
export const RECHECK_MS = 250;
/**
 * Refs read from the catalog per check, oldest hint first. With one check in flight at a time and `RECHECK_MS`
 * between checks, a burst of hints (a location of thousands of entities processed at once) costs at most a few
 * reads of this size a second, never one read of the whole burst.
 */
export const MAX_REFS_PER_CHECK = 100;
/** After this long without a stitched change, a hint is left to the change scan. */
export const MAX_WAIT_MS = 30_000;
/**
 * How long the targets of a changed entity's relations are watched. The catalog stitches them in the same pass as
 * the entity (a user's `memberOf` gives its group a `hasMember`), so a change of theirs shows within seconds or not
 * at all.
 */
export const RELATED_WAIT_MS = 5_000;

/** An entity as the catalog has stitched it. */
export interface StitchedEntity {
  etag: string;
  /** The targets of its relations: their stitched versions may change with it, with no hint of their own. */
  relatedRefs: string[];
}

export interface HintBufferOptions {
  /** First look after a hint; the catalog stitches asynchronously after processing. */
  delayMs: number;
  /** The stitched entities, undefined for a ref the catalog does not have (yet). */
  stitched(refs: string[]): Promise<Array<StitchedEntity | undefined>>;
  /** The etag last pushed per ref. */
  pushedEtags(refs: string[]): Promise<Map<string, string | null>>;
  /**
   * Called with the refs whose new version is stitched and not yet pushed. Not awaited by the checks: a push in
   * progress must not hold up noticing the next stitched change (the caller serialises its pushes).
   */
  onReady(refs: string[]): Promise<void>;
  onError(error: unknown): void;
  now?: () => number;
}

/**
 * Holds change hints until the change is visible in the catalog. A hint fires
 * when the catalog processes an entity, before it stitches it; pushing then
 * would read the old version (or, for a new entity, nothing) and leave the
 * change to the next scan. So each hinted ref waits until the catalog's etag
 * differs from the one last pushed: first checked `delayMs` after the hint,
 * then every `RECHECK_MS`, for up to `MAX_WAIT_MS`. A change to an entity's relations
 * changes the entities they point at too, without a hint for them: so the
 * targets of a ready entity's relations are watched as well, for
 * `RELATED_WAIT_MS`, instead of waiting for the change scan.
 */
export class HintBuffer {
  readonly #options: HintBufferOptions;
  readonly #now: () => number;
  /** Ref → until when it is watched; insertion order is hint order. */
  readonly #waiting = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #checking = false;
  #stopped = false;

  constructor(options: HintBufferOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  add(ref: string) {
    if (this.#stopped) return;
    if (!this.#waiting.has(ref))
      this.#waiting.set(ref, this.#now() + MAX_WAIT_MS);
    this.#schedule(this.#options.delayMs);
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(delayMs: number) {
    if (this.#timer || this.#checking || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#checking = true;
      this.#check()
        .catch(error => this.#options.onError(error))
        .finally(() => {
          this.#checking = false;
          if (this.#waiting.size > 0) this.#schedule(RECHECK_MS);
        });
    }, delayMs);
  }

  async #check() {
    const refs = [...this.#waiting.keys()].slice(0, MAX_REFS_PER_CHECK);
    const [current, pushed] = await Promise.all([
      this.#options.stitched(refs),
      this.#options.pushedEtags(refs),
    ]);
    const now = this.#now();
    const ready: string[] = [];
    const related = new Set<string>();
    refs.forEach((ref, i) => {
      const entity = current[i];
      const until = this.#waiting.get(ref)!;
      this.#waiting.delete(ref);
      if (entity !== undefined && entity.etag !== pushed.get(ref)) {
        ready.push(ref);
        for (const target of entity.relatedRefs) related.add(target);
      } else if (now <= until) {
        // Still waiting: behind the refs not checked this time, so a large burst is read in turn.
        this.#waiting.set(ref, until);
      }
    });
    const handedOver = new Set(ready);
    for (const target of related) {
      if (!this.#waiting.has(target) && !handedOver.has(target)) {
        this.#waiting.set(target, now + RELATED_WAIT_MS);
      }
    }
    if (ready.length > 0) {
      this.#options.onReady(ready).catch(error => this.#options.onError(error));
    }
  }
}
