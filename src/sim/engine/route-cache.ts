/**
 * The walker's route decisions by query. The host does not change during a
 * simulation and routeLookup is a pure function of its query, so one
 * simulator keeps the decisions it computed: every branch of a packet asks
 * the same questions again, and so do the packets of one flow.
 *
 * The query is the one walk.ts `lookup` asks for the packet `s`: kind
 * (input / output), destination, source (when the lookup uses it), device
 * (iif, or the oif a local packet must leave by), mark, TOS, protocol,
 * ports and uid. Entries hold those fields and are compared with the
 * packet's own fields, not through a string key: building and hashing that
 * string cost more than many lookups. The entry found last is tried first
 * (a packet's branches ask one after the other); else a numeric hash picks
 * a bucket of a fixed array. Bounded: past MAX entries the cache starts
 * again empty (a batch of distinct packets would otherwise keep every
 * decision alive).
 */
import type { RouteDecision } from '../host/decision.js';
import type { Skb } from './skb.js';
import { low32 } from './skb.js';

const MAX = 1 << 14;
/** Buckets: a power of two, the hash's low bits pick one. */
const BUCKETS = MAX;

/** One cached query and its decision; entries of one bucket are chained. */
interface Entry {
  readonly v4: boolean;
  readonly output: boolean;
  /** IPv4: the addresses as numbers (the source -1 when the lookup has none); IPv6: 0, the bigints below are compared. */
  readonly dst32: number;
  readonly src32: number;
  readonly dst: bigint;
  /** The lookup's source, or -1n when it has none (a local packet from a non-local source). */
  readonly src: bigint;
  readonly dev: string;
  readonly mark: number;
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  readonly uid: number;
  readonly decision: RouteDecision;
  next: Entry | null;
}

/** Whether `e` is the query for `s` (numbers first: a bigint compare is a call). */
function matches(e: Entry, s: Skb, output: boolean, withSrc: boolean, dev: string): boolean {
  if (s.family === 'ipv4') {
    if (!e.v4 || e.dst32 !== s.dst4 || e.src32 !== (withSrc ? s.src4 : -1)) return false;
  } else if (e.v4 || e.dst !== s.dstAddr || e.src !== (withSrc ? s.srcAddr : -1n)) {
    return false;
  }
  return (
    e.output === output && e.dev === dev && e.mark === s.mark && e.tos === s.tos && e.proto === s.proto &&
    e.sport === s.srcPort && e.dport === s.dstPort && e.uid === s.ownerUid
  );
}

function hashOf(s: Skb, output: boolean, withSrc: boolean, dev: string): number {
  const v4 = s.family === 'ipv4';
  const dst = v4 ? s.dst4 : low32(s.dstAddr);
  const src = withSrc ? (v4 ? s.src4 : low32(s.srcAddr)) : -1;
  let h = Math.imul(dst ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ src ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ s.mark ^ (h >>> 13), 0x27d4eb2f);
  h = Math.imul(h ^ ((s.srcPort << 16) | s.dstPort) ^ (h >>> 16), 0x165667b1);
  h ^= (s.proto << 24) ^ (s.tos << 16) ^ s.ownerUid ^ dev.length ^ (output ? 0x5bd1e995 : 0);
  // Final mix (murmur3's fmix32): the bucket is taken from the low bits.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & (BUCKETS - 1);
}

export class RouteCache {
  private buckets: (Entry | null)[] = new Array<Entry | null>(BUCKETS).fill(null);
  private size = 0;
  /** The entry last found or added. */
  private last: Entry | null = null;

  /** The decision of the query for `s` (see the file header), or undefined when it was not computed yet. */
  get(s: Skb, output: boolean, withSrc: boolean, dev: string): RouteDecision | undefined {
    const l = this.last;
    if (l !== null && matches(l, s, output, withSrc, dev)) return l.decision;
    for (let e: Entry | null = this.buckets[hashOf(s, output, withSrc, dev)] ?? null; e !== null; e = e.next) {
      if (matches(e, s, output, withSrc, dev)) {
        this.last = e;
        return e.decision;
      }
    }
    return undefined;
  }

  set(s: Skb, output: boolean, withSrc: boolean, dev: string, decision: RouteDecision): void {
    if (this.size >= MAX) {
      this.buckets = new Array<Entry | null>(BUCKETS).fill(null);
      this.size = 0;
    }
    const b = hashOf(s, output, withSrc, dev);
    const v4 = s.family === 'ipv4';
    const e: Entry = {
      v4, output, dst32: v4 ? s.dst4 : 0, src32: v4 ? (withSrc ? s.src4 : -1) : 0, dst: s.dstAddr, src: withSrc ? s.srcAddr : -1n, dev,
      mark: s.mark, tos: s.tos, proto: s.proto, sport: s.srcPort, dport: s.dstPort, uid: s.ownerUid, decision, next: this.buckets[b] ?? null,
    };
    this.buckets[b] = e;
    this.last = e;
    this.size++;
  }
}
