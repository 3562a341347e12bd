/**
 * realm match (IPv4). iptables-extensions(8) "realm";
 * extensions/libipt_realm.c (--realm VALUE[/MASK], mandatory, invertible);
 * kernel net/netfilter/xt_realm.c (hooks POSTROUTING, FORWARD, OUTPUT,
 * INPUT). Realm names from /etc/iproute2/rt_realms are not supported:
 * numbers only. iptables-save prints a realm that has a name there by name
 * (Debian's file names 0 "cosmos"); nfverify prints numbers.
 */
import type { RealmMatch } from '../../../../ir/matches/realm.js';
import { formatValMask, parseValMask } from './devgroup.js';
import { neg, opt } from '../options.js';
import type { MatchSpec } from '../spec.js';

export const realmMatch: MatchSpec<RealmMatch> = {
  name: 'realm',
  families: ['ipv4'],
  hooks: ['POSTROUTING', 'FORWARD', 'OUTPUT', 'INPUT'],
  options: { realm: { flags: ['--realm'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'realm');
    if (!o) {
      ctx.report('MissingOption', 'the realm match needs --realm VALUE[/MASK]', span);
      return null;
    }
    const v = parseValMask(o.values[0]!, ctx, 'a realm');
    return v ? { kind: 'realm', span, realm: neg(o, v) } : null;
  },
  print(m) {
    return [...(m.realm.negated ? ['!'] : []), '--realm', formatValMask(m.realm.value)];
  },
};
