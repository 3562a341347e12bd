/**
 * Legacy iptables counters without a process spawn: the inject.py worker
 * reads them from the kernel (xt_counters.py), and the rule texts come from
 * one earlier `iptables-legacy-save -c` of the same ruleset.
 */
import type { ChainCounter, CounterSnapshot, IpFamily, RuleCounter } from './iptables.js';
import type { InjectWorker } from './worker.js';

interface FastTable {
  readonly chains: readonly { chain: string; policy: string; packets: string; bytes: string }[];
  readonly rules: readonly { chain: string; index: number; packets: string; bytes: string }[];
}

/** Legacy counters straight from the kernel (IPT_SO_GET_ENTRIES in the worker); `text` is empty. */
export async function legacyCountersFast(w: InjectWorker, family: IpFamily, host = 'fw'): Promise<CounterSnapshot> {
  const r = await w.request<{ tables: Record<string, FastTable> }>('counters', { family, host });
  const chains: ChainCounter[] = [];
  const rules: RuleCounter[] = [];
  for (const [table, t] of Object.entries(r.tables)) {
    for (const c of t.chains) chains.push({ table, chain: c.chain, policy: c.policy, packets: BigInt(c.packets), bytes: BigInt(c.bytes) });
    for (const x of t.rules) rules.push({ table, chain: x.chain, index: x.index, packets: BigInt(x.packets), bytes: BigInt(x.bytes), text: '' });
  }
  return { chains, rules };
}

function keysOf(s: CounterSnapshot): string {
  const r = s.rules.map((x) => `${x.table}/${x.chain}#${x.index}`).sort();
  const c = s.chains.map((x) => `${x.table}/${x.chain}:${x.policy}`).sort();
  return [...r, ...c].join('\n');
}

export function sameShape(a: CounterSnapshot, b: CounterSnapshot): boolean {
  return keysOf(a) === keysOf(b);
}

/** The fast counters, in the save's order and with its rule texts. */
export function attachTexts(fast: CounterSnapshot, full: CounterSnapshot): CounterSnapshot {
  const rf = new Map(fast.rules.map((r) => [`${r.table}/${r.chain}#${r.index}`, r]));
  const cf = new Map(fast.chains.map((c) => [`${c.table}/${c.chain}`, c]));
  return {
    rules: full.rules.map((r) => ({ ...r, ...pick(rf.get(`${r.table}/${r.chain}#${r.index}`)!) })),
    chains: full.chains.map((c) => ({ ...c, ...pick(cf.get(`${c.table}/${c.chain}`)!) })),
  };
}

function pick(x: { packets: bigint; bytes: bigint }): { packets: bigint; bytes: bigint } {
  return { packets: x.packets, bytes: x.bytes };
}
