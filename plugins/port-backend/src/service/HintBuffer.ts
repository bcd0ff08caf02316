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

export interface HintBufferOptions {
  /** First look after a hint; the catalog stitches asynchronously after processing. */
  delayMs: number;
  /** The stitched entities' etags, undefined for a ref the catalog does not have (yet). */
  catalogEtags(refs: string[]): Promise<Array<string | undefined>>;
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
 * then every `RECHECK_MS`, for up to `MAX_WAIT_MS`.
 */
export class HintBuffer {
  readonly #options: HintBufferOptions;
  readonly #now: () => number;
  /** Ref → when its first unhandled hint arrived; insertion order is hint order. */
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
    if (!this.#waiting.has(ref)) this.#waiting.set(ref, this.#now());
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
      this.#options.catalogEtags(refs),
      this.#options.pushedEtags(refs),
    ]);
    const now = this.#now();
    const ready: string[] = [];
    refs.forEach((ref, i) => {
      const etag = current[i];
      if (etag !== undefined && etag !== pushed.get(ref)) {
        ready.push(ref);
        this.#waiting.delete(ref);
      } else if (now - this.#waiting.get(ref)! > MAX_WAIT_MS) {
        this.#waiting.delete(ref);
      } else {
        // Still waiting: behind the refs not checked this time, so a large burst is read in turn.
        const since = this.#waiting.get(ref)!;
        this.#waiting.delete(ref);
        this.#waiting.set(ref, since);
      }
    });
    if (ready.length > 0) {
      this.#options.onReady(ready).catch(error => this.#options.onError(error));
    }
  }
}
