/**
 * state match. iptables-extensions(8) "state"; userspace
 * extensions/libxt_conntrack.c (state_parse_states, state_ct23_parse: iptables
 * 1.8.9 sends it to the kernel as conntrack revision 3 with
 * XT_CONNTRACK_STATE_ALIAS); kernel net/netfilter/xt_conntrack.c.
 */
import { CT_STATE_BITS, CT_STATE_PRINT_ORDER, STATE_MATCH_NAMES, type CtStateName, type StateMatch } from '../../../../ir/matches/state.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { arg0, neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/**
 * A comma list of names as libxt_conntrack reads state and status lists:
 * each item is a case-insensitive prefix of a name, the first name in
 * `order` that it prefixes wins ("E" is ESTABLISHED, "S" is SNAT for
 * --ctstate); empty items are errors. Returns the OR of the bits.
 */
export function parseNameList<N extends string>(
  arg: ArgValue,
  ctx: LowerCtx,
  order: readonly N[],
  bits: (n: N) => number,
  what: string,
): number | null {
  let mask = 0;
  let at = 0;
  for (const item of arg.text.split(',')) {
    const name = item === '' ? undefined : order.find((n) => n.toLowerCase().startsWith(item.toLowerCase()));
    if (name === undefined) {
      const why = item === '' ? `empty ${what} in "${arg.text}" (write the list without spaces, e.g. ESTABLISHED,RELATED)` : `unknown ${what} "${item}"`;
      ctx.report('BadValue', `${why}: expected ${order.join(', ')}`, item === '' ? arg.span : subSpan(arg.span, at, item.length));
      return null;
    }
    mask |= bits(name);
    at += item.length + 1;
  }
  return mask;
}

/** State names in print_state order, joined by commas. */
export function formatStates(mask: number): string {
  return CT_STATE_PRINT_ORDER.filter((n) => mask & CT_STATE_BITS[n]).join(',');
}

export const stateMatch: MatchSpec<StateMatch> = {
  name: 'state',
  families: ['ipv4', 'ipv6'],
  options: { state: { flags: ['--state'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'state');
    if (!o) {
      ctx.report('MissingOption', 'the state match needs --state LIST (INVALID, ESTABLISHED, NEW, RELATED, UNTRACKED)', span);
      return null;
    }
    const states = parseNameList<CtStateName>(arg0(o), ctx, STATE_MATCH_NAMES, (n) => CT_STATE_BITS[n], 'state');
    return states === null ? null : { kind: 'state', span, states: neg(o, states) };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.states.negated) out.push('!');
    out.push('--state', formatStates(m.states.value));
    return out;
  },
};
