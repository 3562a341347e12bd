/**
 * Which hooks can reach each chain of a ruleset (through -j/-g to user
 * chains): the static call graph the kernel checks loops on
 * (ip_tables.c mark_source_chains). The harness uses it to tell which
 * counters a packet fw itself sends (a TCP reset, an ICMP error) may have
 * moved besides the packet under test.
 */
import type { Hook, Ruleset, TableName } from '../../../src/ir/ruleset.js';
import { isBuiltinChain } from '../../../src/ir/names.js';

/** `table/chain` → the hooks whose built-in chain reaches it. */
export type ChainHooks = ReadonlyMap<string, ReadonlySet<Hook>>;

export const chainKey = (table: TableName | string, chain: string): string => `${table}/${chain}`;

export function chainHooks(rs: Ruleset): ChainHooks {
  const out = new Map<string, Set<Hook>>();
  for (const t of rs.tables) {
    const byName = new Map(t.chains.map((c) => [c.name, c]));
    for (const c of t.chains) {
      if (!c.builtin || !isBuiltinChain(t.name, c.name)) continue;
      const hook = c.name;
      const stack: string[] = [c.name];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const name = stack.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        const key = chainKey(t.name, name);
        let set = out.get(key);
        if (!set) out.set(key, (set = new Set()));
        set.add(hook);
        for (const r of byName.get(name)?.rules ?? []) {
          const tg = r.target;
          if (tg && (tg.kind === 'jump' || tg.kind === 'goto') && byName.has(tg.chain)) stack.push(tg.chain);
        }
      }
    }
  }
  return out;
}

/** Whether chain `table/chain` can be reached from any of `hooks`. */
export function reachableFrom(ch: ChainHooks, key: string, hooks: ReadonlySet<Hook>): boolean {
  const set = ch.get(key);
  if (!set) return false;
  for (const h of set) if (hooks.has(h)) return true;
  return false;
}
