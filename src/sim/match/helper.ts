/**
 * `-m helper` (net/netfilter/xt_helper.c helper_mt): the result starts as
 * the "!" flag and stays so unless the packet's entry has a master (it is
 * an expected connection) whose helper is set; then an empty name flips
 * it, else it is XORed with `strncmp(helper->name, name,
 * strlen(helper->name)) == 0` — the rule's name must start with the
 * helper's ("ftp-21" matches helper "ftp").
 */
import type { MatchCompiler } from './contract.js';

export const helperMatch: MatchCompiler<'helper'> = (m) => {
  const name = m.name.value;
  const neg = m.name.negated;
  return (skb) => {
    const helper = skb.ct?.master?.helper ?? null;
    if (helper === null) return neg;
    if (name === '') return !neg;
    return name.startsWith(helper) !== neg;
  };
};
