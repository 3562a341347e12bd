/**
 * The decisions a run takes where a test is unknown. A run replays a fixed
 * prefix of decisions and takes "matches" (true) for every decision after
 * it, recording each; the simulator then explores the alternatives by
 * re-running with a prefix that ends in false (simulator.ts), so every
 * combination the packet can meet is visited once, in a fixed order.
 *
 * One oracle serves every run of a simulator (reset per run): only the
 * points a run took are handed out, in a fresh array, as its Fate's
 * assumptions.
 */
import type { UnknownPoint } from './result.js';

export class Oracle {
  private prefix: readonly boolean[] = [];
  private taken: boolean[] = [];
  points: UnknownPoint[] = [];

  /** Starts a run that replays `prefix`. */
  reset(prefix: readonly boolean[]): void {
    this.prefix = prefix;
    // New arrays rather than `length = 0` (a slow store to the length accessor); an empty one costs no elements.
    this.taken = [];
    this.points = [];
  }

  /** The next decision's assumption (the prefix's, else true); the caller records the point with `record`. */
  next(): boolean {
    const pos = this.taken.length;
    const d = pos < this.prefix.length ? this.prefix[pos]! : true;
    this.taken.push(d);
    return d;
  }

  /** The point of the decision `next` just took, with its assumption. */
  record(point: UnknownPoint): void {
    this.points.push(point);
  }

  /** Whether this run took any decision of its own (beyond its prefix): then it opened other branches. */
  opened(): boolean {
    return this.taken.length > this.prefix.length;
  }

  /** The prefixes of the branches this run opened: every decision it took by default, flipped. */
  alternatives(out: boolean[][]): void {
    for (let k = this.prefix.length; k < this.taken.length; k++) {
      const p = this.taken.slice(0, k + 1);
      p[k] = false;
      out.push(p);
    }
  }
}
