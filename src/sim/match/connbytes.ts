/**
 * `-m connbytes` (net/netfilter/xt_connbytes.c connbytes_mt): false without
 * a conntrack entry (or without its accounting extension); else the
 * counter `what` of direction `dir` — packets, bytes, or for avgpkt
 * `bytes / packets` (div64_u64, integer division; 0 when no packets),
 * "both" summing the two directions first — is tested: `from <= n <= to`
 * when to >= from, else (libxt_connbytes swaps the bounds for "!")
 * `n < to || n > from`.
 *
 * Counters come from the simulator's entry (`Conn.packets` / `Conn.bytes`,
 * [original, reply]). For an entry it did not build (util.ts
 * isSyntheticConn) they are unknown. Limitation: the kernel adds the
 * accounting extension only to entries created after some connbytes rule
 * enabled nf_conntrack_acct (connbytes_mt_check); entries are assumed to
 * have it.
 */
import type { Conn } from '../conntrack/conn.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isSyntheticConn } from './util.js';

type Counter = (ct: Conn) => number;

const ORIG = 0;
const REPLY = 1;

/**
 * The counter as a number: the simulator's counters stay far below 2^53,
 * so sums and the integer quotient are exact (for a, b < 2^53, a / b is
 * more than one ulp away from the next integer unless it is one).
 */
function counter(mode: 'packets' | 'bytes' | 'avgpkt', dir: 'original' | 'reply' | 'both'): Counter {
  const pick = (xs: readonly [number, number]): number => (dir === 'original' ? xs[ORIG] : dir === 'reply' ? xs[REPLY] : xs[ORIG] + xs[REPLY]);
  switch (mode) {
    case 'packets':
      return (ct) => pick(ct.packets);
    case 'bytes':
      return (ct) => pick(ct.bytes);
    case 'avgpkt':
      return (ct) => {
        const pkts = pick(ct.packets);
        return pkts === 0 ? 0 : Math.floor(pick(ct.bytes) / pkts);
      };
  }
}

export const connbytesMatch: MatchCompiler<'connbytes'> = (m) => {
  const read = counter(m.mode, m.dir);
  // Number() is monotonic, so bounds above 2^53 still compare right with counters below it.
  const from = Number(m.from);
  const to = Number(m.to);
  const inRange = m.to >= m.from ? (n: number) => n >= from && n <= to : (n: number) => n < to || n > from;
  const notBuilt = unknown('connbytes', 'the counters of a connection that started before the simulated packets are not known');
  return (skb) => {
    const ct = skb.ct;
    if (ct === null) return false;
    if (isSyntheticConn(ct)) return notBuilt;
    return inRange(read(ct));
  };
};
