/**
 * TPROXY target. iptables-extensions(8) "TPROXY"; extensions/libxt_TPROXY.c
 * revision 1 (--on-port mandatory, XTTYPE_PORT: getaddrinfo's service
 * lookup, so a decimal number taken modulo 65536 ("70000" is 4464, "080" is
 * 80, "0x50" is refused: checked in a namespace) or a service name;
 * --on-ip XTTYPE_HOST; --tproxy-mark VALUE[/MASK]; save prints all three).
 * Kernel net/netfilter/xt_TPROXY.c: `.table = "mangle"`, hook PREROUTING,
 * and only with `-p tcp` or `-p udp` not negated; NF_ACCEPT or NF_DROP, so
 * it always ends the table.
 */
import { formatAddr, parseAddr } from '../../../../ir/addr-format.js';
import type { TproxyTarget } from '../../../../ir/targets/tproxy.js';
import { parseMasked } from '../../values/masked.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, TargetSpec } from '../spec.js';
import { anyServicePort } from './dnat.js';

function lowerPort(a: ArgValue, ctx: LowerCtx): number | null {
  if (/^[0-9]+$/.test(a.text)) {
    // glibc reads a numeric service with strtoul(s, 10) (saturating) and keeps 16 bits through htons.
    const U64 = (1n << 64n) - 1n;
    const v = BigInt(a.text);
    return Number((v > U64 ? U64 : v) & 0xffffn);
  }
  const svc = anyServicePort(a.text);
  if (svc === null) ctx.report('BadPort', `port "${a.text}" is neither a decimal number nor a known service name`, a.span);
  return svc;
}

function lowerIp(a: ArgValue, ctx: LowerCtx): bigint | null {
  const v = parseAddr(ctx.family, a.text);
  if (v !== null) return v;
  if (/[A-Za-z]/.test(a.text) && !(ctx.family === 'ipv6' && a.text.includes(':'))) {
    ctx.report('HostName', `"${a.text}" is a host name: iptables resolves it through DNS when loading; write the address instead`, a.span);
  } else {
    ctx.report('BadAddress', `expected an ${ctx.family === 'ipv4' ? 'IPv4' : 'IPv6'} address, got "${a.text}"`, a.span);
  }
  return null;
}

export const tproxyTarget: TargetSpec<TproxyTarget> = {
  name: 'TPROXY',
  families: ['ipv4', 'ipv6'],
  tables: ['mangle'],
  hooks: ['PREROUTING'],
  terminal: true,
  options: {
    onPort: { flags: ['--on-port'], arity: 1, negatable: false },
    onIp: { flags: ['--on-ip'], arity: 1, negatable: false },
    mark: { flags: ['--tproxy-mark'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const p = opt(opts, 'onPort');
    if (!p) {
      ctx.report('MissingOption', 'TPROXY needs --on-port PORT', span);
      return null;
    }
    if (ctx.protocol !== 6 && ctx.protocol !== 17) {
      ctx.report('NeedsProtocol', 'TPROXY works only with -p tcp or -p udp (not negated); the kernel refuses the rule otherwise', span);
    }
    const ip = opt(opts, 'onIp');
    const m = opt(opts, 'mark');
    const onPort = lowerPort(arg0(p), ctx);
    const onIp = ip ? lowerIp(arg0(ip), ctx) : 0n;
    const tproxyMark = m ? parseMasked(arg0(m), ctx, 'a mark') : { value: 0, mask: 0 };
    if (onPort === null || onIp === null || tproxyMark === null) return null;
    return { kind: 'tproxy', onPort, onIp, tproxyMark };
  },
  print(t, family) {
    const h = (n: number) => `0x${n.toString(16)}`;
    return ['--on-port', String(t.onPort), '--on-ip', formatAddr(family, t.onIp), '--tproxy-mark', `${h(t.tproxyMark.value)}/${h(t.tproxyMark.mask)}`];
  },
};
