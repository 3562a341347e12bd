/**
 * A direct-mapped operation cache (JavaBDD's BddCache): a computed result is
 * remembered under a three-int key in one Int32Array slot of four ints
 * `[a, b, c, result]`. A colliding entry simply overwrites the old one: a
 * cache that forgets costs recomputation, never correctness.
 *
 * There is no garbage collection, so a node index once handed out is valid
 * forever and an entry never goes stale; resizing just drops the contents.
 */
import { GrowableInt32 } from './growable.js';

/** Stride of one entry in ints. */
const STRIDE = 4;

/** A direct-mapped memo table for one family of operations. */
export class OpCache {
  private readonly memory: GrowableInt32;
  private data: Int32Array;
  /** 32 - log2(entries): the hash keeps its top bits, the best mixed ones. */
  private shift: number;
  private bits: number;
  /** Size asked for by the node table; reached at the next lookup. */
  private wantBits: number;

  /**
   * @param bits log2 of the initial number of entries
   * @param maxBits log2 of the most entries it will ever grow to
   */
  constructor(bits: number, maxBits: number) {
    this.bits = bits;
    this.wantBits = bits;
    this.shift = 32 - bits;
    // Zeroed memory is an empty cache as is: every operation handles a
    // terminal first argument before it probes, so a real key always has
    // a >= 2 and never matches an all-zero entry.
    this.memory = new GrowableInt32(STRIDE << bits, STRIDE << Math.max(bits, maxBits));
    this.data = this.memory.array;
  }

  /** Fibonacci-style multiplicative hash of the key, as an entry offset. */
  private slot(a: number, b: number, c: number): number {
    return (Math.imul((Math.imul(a, 0x9e3779b1) ^ b) + Math.imul(c, 0x7feb352d), 0x846ca68b) >>> this.shift) * STRIDE;
  }

  /** The cached result for key `(a, b, c)`, or -1 when absent. */
  lookup(a: number, b: number, c: number): number {
    if (this.bits !== this.wantBits) this.resize();
    const d = this.data;
    const i = this.slot(a, b, c);
    // Safe reads: i + 3 < d.length by construction of slot().
    return d[i] === a && d[i + 1] === b && d[i + 2] === c ? (d[i + 3] as number) : -1;
  }

  /**
   * Remembers `result` for key `(a, b, c)`. The slot is recomputed here, not
   * reused from lookup(), in case the cache was resized in between.
   */
  store(a: number, b: number, c: number, result: number): void {
    const d = this.data;
    const i = this.slot(a, b, c);
    d[i] = a;
    d[i + 1] = b;
    d[i + 2] = c;
    d[i + 3] = result;
  }

  /**
   * Asks for `2^bits` entries; never shrinks. The memory is taken at the
   * next lookup, so a cache no operation uses (andExists in a question
   * that never quantifies) stays small.
   */
  grow(bits: number): void {
    if (bits > this.wantBits) this.wantBits = bits;
  }

  /** Grows to the size asked for, dropping the contents (entries move with the hash width anyway). */
  private resize(): void {
    const old = this.data.length;
    this.data = this.memory.grow(STRIDE << this.wantBits);
    this.data.fill(0, 0, old);
    this.bits = this.wantBits;
    this.shift = 32 - this.bits;
  }

  /** Forgets every entry. */
  clear(): void {
    this.data.fill(0);
  }

  /** Bytes held by the entries. */
  get bytes(): number {
    return this.data.byteLength;
  }
}

/**
 * Operation tags of the table's shared `unaryCache`, whose second key is a
 * parameter: a var set id, a substitution id or a cube node. The tag keeps
 * a parameter of one kind from meeting an equal number of another kind.
 */
export const UnaryOp = {
  exists: 0,
  forall: 1,
  flip: 2,
  replace: 3,
  restrict: 4,
} as const;
