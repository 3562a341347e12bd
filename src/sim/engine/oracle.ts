/**
 * The decisions a run takes where a test is unknown. A run replays a fixed
 * prefix of decisions and takes "matches" (true) for every decision after
 * it, recording each; the simulator then explores the alternatives by
 * re-running with a prefix that ends in false (simulator.ts), so every
 * combination the packet can meet is visited once, in a fixed order.
 */
import type { UnknownPoint } from './result.js';

export class Oracle {
  private pos = 0;
  readonly taken: boolean[] = [];
  readonly points: UnknownPoint[] = [];

  constructor(private readonly prefix: readonly boolean[]) {}

  decide(point: Omit<UnknownPoint, 'assumed'>): boolean {
    const d = this.pos < this.prefix.length ? this.prefix[this.pos]! : true;
    this.pos++;
    this.taken.push(d);
    this.points.push({ ...point, assumed: d });
    return d;
  }

  /** The prefixes of the branches this run opened: every decision it took by default, flipped. */
  alternatives(): boolean[][] {
    const out: boolean[][] = [];
    for (let k = this.prefix.length; k < this.taken.length; k++) out.push([...this.taken.slice(0, k), false]);
    return out;
  }
}
