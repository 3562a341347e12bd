/**
 * The node store: hash-consed BDD nodes in one Int32Array, as in JavaBDD's
 * JFactory. Node `n` occupies the four ints from `n * 4`: its level
 * (variable index), low child, high child, and the unique table's chain
 * link. Interleaving them puts a whole node in one CPU cache line: the
 * recursions are bound by memory latency (a probe of a large table costs
 * hundreds of ns on this project's VMs), and an array per field would cost
 * a cache miss per field.
 *
 * Nodes 0 and 1 are the terminals FALSE and TRUE; their level is
 * `varCount` (below every variable) so that "the top variable of a and b"
 * is a plain `min`.
 *
 * The unique table is chained: `buckets[h]` holds the newest node of hash
 * `h` and each node's link the one before it, 0 ending a chain (node 0 is
 * a terminal and never in a chain). Since there is no garbage collection,
 * nodes are only ever appended and a chain only grows at its head.
 *
 * The array doubles until it holds the budget, in place where the platform
 * allows (growable.ts); the budget is checked before anything is allocated,
 * so running out is a BddBudgetError, not an out-of-memory crash.
 */
import { OpCache } from './cache.js';
import { BddBudgetError } from './errors.js';
import { GrowableInt32 } from './growable.js';

/** Ints per node, and the offset of each field. */
const STRIDE = 4;
const LEVEL = 0;
const LOW = 1;
const HIGH = 2;
const NEXT = 3;

/** Largest budget: node offsets (`n * 4`) must stay below 2^31. */
export const MAX_NODE_BUDGET = (1 << 29) - 2;

/** Nodes allocated up front: small, so a manager for one small question is cheap. */
const INITIAL_CAPACITY = 1 << 12;

/**
 * Each cache has 1/8 as many entries as the node table has nodes (Batfish
 * runs JFactory with cache ratios of 8 to 64), within these bounds. A
 * larger cache hits a little more often, but every probe of a table beyond
 * the CPU caches is a miss, which costs more than the extra hits save
 * (bench/bdd.ts: ratio 1/2 was about 1.5x slower than 1/8 on first-match
 * folds and quantification; 1/8 and 1/32 were alike).
 */
const CACHE_RATIO_BITS = 3;
const CACHE_MIN_BITS = 10;
const APPLY_CACHE_MAX_BITS = 22;
const OTHER_CACHE_MAX_BITS = 20;

/** Smallest power of two >= n, as its exponent. */
function log2Ceil(n: number): number {
  return n <= 1 ? 0 : 32 - Math.clz32(n - 1);
}

/** Hash of a node triple; callers keep the top bits (multiplication mixes upwards). */
function hashNode(v: number, lo: number, hi: number): number {
  return Math.imul(Math.imul(Math.imul(lo, 0x9e3779b1) ^ hi, 0x85ebca77) ^ v, 0xc2b2ae3d);
}

/** The node array, the unique table and the operation caches of one manager. */
export class NodeTable {
  readonly varCount: number;
  /** Most internal nodes allowed. */
  readonly budget: number;

  /** `[level, low, high, next]` per node. */
  private nodes: Int32Array;
  private readonly nodeStore: GrowableInt32;
  private buckets: Int32Array;
  private readonly bucketStore: GrowableInt32;
  /** 32 - log2(buckets.length). */
  private bucketShift: number;

  /** Index of the next node to allocate = nodes in use, terminals included. */
  count: number;
  private capacity: number;

  /** and/or/diff/xor/not, keyed by (a, b, op). */
  readonly applyCache: OpCache;
  /** ite, keyed by (f, g, h). */
  readonly iteCache: OpCache;
  /** exists/forall/flip/replace/restrict, keyed by (f, parameter id, op). */
  readonly unaryCache: OpCache;
  /** andExists, keyed by (f, g, var set id). */
  readonly andExistsCache: OpCache;

  /**
   * @param varCount number of variables
   * @param budget most internal nodes (at most MAX_NODE_BUDGET)
   */
  constructor(varCount: number, budget: number) {
    this.varCount = varCount;
    this.budget = budget;
    this.capacity = Math.min(INITIAL_CAPACITY, budget + 2);
    this.nodeStore = new GrowableInt32(this.capacity * STRIDE, (budget + 2) * STRIDE);
    this.nodes = this.nodeStore.array;
    const bucketBits = log2Ceil(this.capacity);
    this.bucketStore = new GrowableInt32(1 << bucketBits, 2 ** log2Ceil(budget + 2));
    this.buckets = this.bucketStore.array;
    this.bucketShift = 32 - bucketBits;
    // Terminals: FALSE = 0 (low = high = 0), TRUE = 1 (low = high = 1).
    this.nodes[LEVEL] = varCount;
    this.nodes[STRIDE + LEVEL] = varCount;
    this.nodes[STRIDE + LOW] = 1;
    this.nodes[STRIDE + HIGH] = 1;
    this.count = 2;
    const bits = Math.max(CACHE_MIN_BITS, bucketBits - CACHE_RATIO_BITS);
    const maxBits = Math.max(CACHE_MIN_BITS, log2Ceil(budget + 2) - CACHE_RATIO_BITS);
    this.applyCache = new OpCache(Math.min(bits, APPLY_CACHE_MAX_BITS), Math.min(maxBits, APPLY_CACHE_MAX_BITS));
    this.iteCache = new OpCache(Math.min(bits, OTHER_CACHE_MAX_BITS), Math.min(maxBits, OTHER_CACHE_MAX_BITS));
    this.unaryCache = new OpCache(Math.min(bits, OTHER_CACHE_MAX_BITS), Math.min(maxBits, OTHER_CACHE_MAX_BITS));
    this.andExistsCache = new OpCache(Math.min(bits, OTHER_CACHE_MAX_BITS), Math.min(maxBits, OTHER_CACHE_MAX_BITS));
  }

  /** Variable index of node n (`varCount` for a terminal). */
  level(n: number): number {
    return this.nodes[n * STRIDE + LEVEL]!;
  }

  /** Else-child (variable = 0) of node n; a terminal is its own child. */
  low(n: number): number {
    return this.nodes[n * STRIDE + LOW]!;
  }

  /** Then-child (variable = 1) of node n; a terminal is its own child. */
  high(n: number): number {
    return this.nodes[n * STRIDE + HIGH]!;
  }

  /**
   * The unique node `(v, lo, hi)`, made if new. Reduced: a node whose
   * children agree is its child. The caller guarantees `v` is above the
   * levels of `lo` and `hi`.
   */
  mk(v: number, lo: number, hi: number): number {
    if (lo === hi) return lo;
    let h = hashNode(v, lo, hi) >>> this.bucketShift;
    const nodes = this.nodes;
    for (let n = this.buckets[h]!; n !== 0; ) {
      const o = n * STRIDE;
      if (nodes[o + LEVEL] === v && nodes[o + LOW] === lo && nodes[o + HIGH] === hi) return n;
      n = nodes[o + NEXT]!;
    }
    if (this.count === this.capacity) {
      this.grow();
      h = hashNode(v, lo, hi) >>> this.bucketShift;
    }
    const n = this.count++;
    const o = n * STRIDE;
    const dst = this.nodes;
    dst[o + LEVEL] = v;
    dst[o + LOW] = lo;
    dst[o + HIGH] = hi;
    dst[o + NEXT] = this.buckets[h]!;
    this.buckets[h] = n;
    return n;
  }

  /** Doubles the node array (up to the budget) and rehashes the unique table. */
  private grow(): void {
    const max = this.budget + 2;
    if (this.capacity >= max) throw new BddBudgetError(this.budget);
    const cap = Math.min(this.capacity * 2, max);
    const bucketBits = log2Ceil(cap);
    const oldBuckets = this.buckets.length;
    let nodes: Int32Array;
    let buckets: Int32Array;
    try {
      nodes = this.nodeStore.grow(cap * STRIDE);
      buckets = this.bucketStore.grow(1 << bucketBits);
    } catch (e) {
      // The budget allows more than this process can hold: still a budget
      // failure for the caller, reported with the size actually reached.
      // Growth keeps contents and `capacity` is unchanged, so the table is
      // intact whichever allocation failed.
      if (!(e instanceof RangeError)) throw e;
      throw new BddBudgetError(
        this.budget,
        `BDD node table could not grow past ${this.count - 2} nodes: out of memory before the budget of ${this.budget} nodes (lower --bdd-nodes or give Node more memory)`,
      );
    }
    this.nodes = nodes;
    this.buckets = buckets;
    this.capacity = cap;
    if (buckets.length !== oldBuckets) {
      // Rebuild the chains for the new bucket count (the grown part is already zero).
      buckets.fill(0, 0, oldBuckets);
      this.bucketShift = 32 - bucketBits;
      const shift = this.bucketShift;
      for (let n = 2; n < this.count; n++) {
        const o = n * STRIDE;
        const h = hashNode(nodes[o + LEVEL]!, nodes[o + LOW]!, nodes[o + HIGH]!) >>> shift;
        nodes[o + NEXT] = buckets[h]!;
        buckets[h] = n;
      }
    }
    const bits = Math.max(CACHE_MIN_BITS, bucketBits - CACHE_RATIO_BITS);
    this.applyCache.grow(Math.min(bits, APPLY_CACHE_MAX_BITS));
    this.iteCache.grow(Math.min(bits, OTHER_CACHE_MAX_BITS));
    this.unaryCache.grow(Math.min(bits, OTHER_CACHE_MAX_BITS));
    this.andExistsCache.grow(Math.min(bits, OTHER_CACHE_MAX_BITS));
  }

  /** Bytes held by the node array, unique table and caches. */
  get bytes(): number {
    return this.nodes.byteLength + this.buckets.byteLength + this.applyCache.bytes + this.iteCache.bytes + this.unaryCache.bytes + this.andExistsCache.bytes;
  }
}
