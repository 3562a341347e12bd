import type { TableName } from './names.js';

declare const ruleIdBrand: unique symbol;
/**
 * Stable rule id `table/CHAIN#n`, n 1-based like `iptables -L --line-numbers`:
 * the kernel's index of the rule in its chain after the whole file is applied.
 */
export type RuleId = string & { readonly [ruleIdBrand]: true };

export function ruleId(table: TableName, chain: string, index: number): RuleId {
  return `${table}/${chain}#${index}` as RuleId;
}
