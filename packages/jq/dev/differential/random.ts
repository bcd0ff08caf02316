/** A small seeded PRNG (mulberry32): the same seed gives the same cases on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Calls one of the weighted alternatives. */
  weighted<T>(alternatives: readonly (readonly [number, () => T])[]): T {
    let total = 0;
    for (const [w] of alternatives) total += w;
    let x = this.next() * total;
    for (const [w, f] of alternatives) {
      x -= w;
      if (x < 0) return f();
    }
    return alternatives[alternatives.length - 1][1]();
  }

  times<T>(min: number, max: number, f: () => T): T[] {
    const n = min + this.int(max - min + 1);
    return Array.from({ length: n }, f);
  }
}
