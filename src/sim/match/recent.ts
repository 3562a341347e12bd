/**
 * `-m recent` (net/netfilter/xt_recent.c recent_mt). The lists
 * (/proc/net/xt_recent/NAME) are kernel state, so --rcheck, --update and
 * --remove, which answer whether (and how often, how recently) the address
 * is in the list, are unknown.
 *
 * `--set` is decided: recent_mt either finds the entry or creates it
 * (recent_entry_init) and in both paths does `ret = !ret` from
 * `ret = info->invert`, so it always matches, XOR the "!". (Only a failed
 * kmalloc for a new entry hot-drops the packet; memory is not modelled.)
 * The list itself is not tracked: a later --rcheck in the same simulation
 * still cannot know the entries that were there before.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const recentMatch: MatchCompiler<'recent'> = (m) => {
  const cmd = m.command.value;
  const inv = m.command.negated;
  if (cmd === 'set') return () => !inv;
  const u = unknown('recent', `--${cmd} --name ${m.name}: the recent list is kernel state`);
  return () => u;
};
