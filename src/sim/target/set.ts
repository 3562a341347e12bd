/**
 * `-j SET` revision 3 (net/netfilter/xt_set.c set_target_v3), in the
 * kernel's order:
 *
 *   if (add_set) ip_set_add(add_set, skb, ...);   // --exist, --timeout
 *   if (del_set) ip_set_del(del_set, skb, ...);
 *   if (map_set) {
 *     if (!match_set(map_set, ...)) return XT_CONTINUE;
 *     if (MAP_SKBMARK)  skb->mark = (skb->mark & ~skbmarkmask) ^ skbmark;
 *     if (MAP_SKBPRIO)  skb->priority = skbprio;
 *     if (MAP_SKBQUEUE) skb_set_queue_mapping(...);
 *   }
 *   return XT_CONTINUE;
 *
 * Adding and deleting change only the sets (`ctx.ipsets`, nothing when no
 * sets were given). Of the map options only --map-mark changes a modelled
 * field, and the element's skbmark is not in the set contents nfverify
 * reads, so a --map-mark lookup that finds (or may find) the element is
 * Unknown; priority and queue mapping are not modelled.
 */
import type { SetRef } from '../../ir/targets/set.js';
import type { Skb } from '../engine/skb.js';
import type { Unknown } from '../engine/tri.js';
import { unknown } from '../engine/tri.js';
import type { IpSet, IpsetStore } from '../ipset/store.js';
import type { TargetCompiler } from './contract.js';

/** The --map-set part: continue when the element is surely absent, else Unknown (its skbmark would change the mark). */
function mapMarkStep(map: SetRef): (skb: Skb, sets: IpsetStore | null) => 'continue' | Unknown {
  const noSets = unknown('SET', `--map-set ${map.name} --map-mark: no set contents were given`);
  const noSet = unknown('SET', `--map-set ${map.name} --map-mark: the set is not in the given contents`);
  const mark = unknown('SET', `--map-set ${map.name} --map-mark: the element's skbmark is not known (ipset contents carry no skbinfo)`);
  return (skb, sets) => {
    if (!sets) return noSets;
    const set = sets.get(map.name);
    if (!set) return noSet;
    return set.test(skb, map.dirs) === false ? 'continue' : mark;
  };
}

/** The set to change: through `edit` where the store copies on write (a run's sets), else the set itself. */
function editable(sets: IpsetStore | null, name: string): IpSet | undefined {
  if (sets === null) return undefined;
  return sets.edit ? sets.edit(name) : sets.get(name);
}

export const setTarget: TargetCompiler<'set'> = (t) => {
  const { add, del } = t;
  const map = t.map !== null && t.mapMark ? mapMarkStep(t.map) : null;
  return (skb, ctx) => {
    const sets = ctx.ipsets;
    if (add) editable(sets, add.name)?.add(skb, add.dirs);
    if (del) editable(sets, del.name)?.del(skb, del.dirs);
    return map ? map(skb, sets) : 'continue';
  };
};
