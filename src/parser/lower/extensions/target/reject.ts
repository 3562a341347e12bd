/**
 * REJECT target. iptables-extensions(8) "REJECT (IPv4)"/"REJECT (IPv6)";
 * extensions/libipt_REJECT.c and libip6t_REJECT.c (names and aliases);
 * kernel net/ipv4/netfilter/ipt_REJECT.c: `.table = "filter"`, hooks
 * INPUT/FORWARD/OUTPUT, tcp-reset refused unless `-p tcp` (not negated).
 */
import { REJECT_WITH_V4, REJECT_WITH_V6, type RejectTarget, type RejectWith } from '../../../../ir/targets/reject.js';
import { arg0, opt } from '../options.js';
import type { TargetSpec } from '../spec.js';

/** Short spellings libipt_REJECT / libip6t_REJECT accept, mapped to the canonical names iptables-save prints. */
const ALIASES_V4: Readonly<Record<string, RejectWith>> = {
  'net-unreach': 'icmp-net-unreachable', 'host-unreach': 'icmp-host-unreachable', 'port-unreach': 'icmp-port-unreachable',
  'proto-unreach': 'icmp-proto-unreachable', 'net-prohib': 'icmp-net-prohibited', 'host-prohib': 'icmp-host-prohibited',
  'tcp-rst': 'tcp-reset', 'admin-prohib': 'icmp-admin-prohibited',
};
const ALIASES_V6: Readonly<Record<string, RejectWith>> = {
  'no-route': 'icmp6-no-route', 'adm-prohibited': 'icmp6-adm-prohibited', 'addr-unreach': 'icmp6-addr-unreachable',
  'port-unreach': 'icmp6-port-unreachable', 'tcp-rst': 'tcp-reset', 'policy-fail': 'icmp6-policy-fail', 'reject-route': 'icmp6-reject-route',
};

export const rejectTarget: TargetSpec<RejectTarget> = {
  name: 'REJECT',
  families: ['ipv4', 'ipv6'],
  tables: ['filter'],
  hooks: ['INPUT', 'FORWARD', 'OUTPUT'],
  terminal: true,
  options: { with: { flags: ['--reject-with'], arity: 1, negatable: false } },
  lower(opts, ctx) {
    const v4 = ctx.family === 'ipv4';
    const o = opt(opts, 'with');
    if (!o) return { kind: 'reject', with: v4 ? 'icmp-port-unreachable' : 'icmp6-port-unreachable' };
    const text = arg0(o).text;
    const names: readonly string[] = v4 ? REJECT_WITH_V4 : REJECT_WITH_V6;
    const w = (names.includes(text) ? text : (v4 ? ALIASES_V4 : ALIASES_V6)[text]) as RejectWith | undefined;
    if (!w) {
      ctx.report('BadValue', `unknown --reject-with type "${text}": expected one of ${names.join(', ')}`, arg0(o).span);
      return null;
    }
    if (w === 'tcp-reset' && ctx.protocol !== 6) {
      ctx.report('NeedsProtocol', '--reject-with tcp-reset needs -p tcp; the kernel refuses the rule otherwise', arg0(o).span);
    }
    return { kind: 'reject', with: w };
  },
  print(t) {
    return ['--reject-with', t.with];
  },
};
