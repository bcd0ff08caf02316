/**
 * Gathers what is added within one turn of the event loop and hands it to `flush` in one call.
 * Catalog processing publishes its hints one by one, often hundreds at a time; queueing each on
 * its own would be one database statement per ref (on SQLite each runs in this thread).
 */
export class TurnBatcher<T> {
  readonly #flush: (items: T[]) => Promise<void>;
  #pending: T[] = [];
  #scheduled: Promise<void> | undefined;

  constructor(flush: (items: T[]) => Promise<void>) {
    this.#flush = flush;
  }

  /** Resolves once the batch holding `item` was flushed; rejects with the flush's error. */
  add(item: T): Promise<void> {
    this.#pending.push(item);
    this.#scheduled ??= new Promise<void>(resolve =>
      setImmediate(resolve),
    ).then(() => {
      const items = this.#pending;
      this.#pending = [];
      this.#scheduled = undefined;
      return this.#flush(items);
    });
    return this.#scheduled;
  }
}
