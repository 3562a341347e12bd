/** The five iptables tables, in the order the kernel registers their hooks at equal priority. */
export const TABLE_NAMES = ['raw', 'mangle', 'nat', 'filter', 'security'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;
export type Hook = (typeof HOOKS)[number];

/**
 * Built-in chains of each table, from the kernel's `valid_hooks` masks
 * (net/ipv4/netfilter/iptable_*.c): e.g. iptable_nat registers PREROUTING,
 * INPUT, OUTPUT and POSTROUTING; iptable_raw only PREROUTING and OUTPUT.
 */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly Hook[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export function isTableName(s: string): s is TableName {
  return (TABLE_NAMES as readonly string[]).includes(s);
}

export function isHook(s: string): s is Hook {
  return (HOOKS as readonly string[]).includes(s);
}

export function isBuiltinChain(table: TableName, chain: string): chain is Hook {
  return (BUILTIN_CHAINS[table] as readonly string[]).includes(chain);
}

/** The policies a built-in chain may have (iptables-restore accepts only these two). */
export type Policy = 'ACCEPT' | 'DROP';
