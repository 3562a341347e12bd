/**
 * TCPMSS target. iptables-extensions(8) "TCPMSS"; extensions/libxt_TCPMSS.c
 * (--set-mss 0..65535-20 for IPv4, 0..65535-40 for IPv6; --clamp-mss-to-pmtu
 * stores mss 0xffff; the two are not declared exclusive, so the one written
 * last wins: checked in a namespace). Kernel net/netfilter/xt_TCPMSS.c:
 * `.proto = IPPROTO_TCP`, any table; `--clamp-mss-to-pmtu` only in FORWARD,
 * OUTPUT, POSTROUTING, which `hooks` cannot say per option (see the IR type);
 * iptables-legacy also needs a SYN-selecting tcp match in the same rule.
 */
import type { TcpmssTarget } from '../../../../ir/targets/tcpmss.js';
import { parseUInt } from '../../values/number.js';
import { arg0 } from '../options.js';
import type { TargetSpec } from '../spec.js';

export const tcpmssTarget: TargetSpec<TcpmssTarget> = {
  name: 'TCPMSS',
  families: ['ipv4', 'ipv6'],
  proto: 6,
  terminal: false,
  options: {
    setMss: { flags: ['--set-mss'], arity: 1, negatable: false },
    clamp: { flags: ['--clamp-mss-to-pmtu'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const last = opts.filter((o) => o.name === 'setMss' || o.name === 'clamp').at(-1);
    if (!last) {
      ctx.report('MissingOption', 'TCPMSS needs --set-mss VALUE or --clamp-mss-to-pmtu', span);
      return null;
    }
    if (last.name === 'clamp') return { kind: 'tcpmss', mss: 'clamp-to-pmtu' };
    const max = 65535 - (ctx.family === 'ipv4' ? 20 : 40);
    const mss = parseUInt(arg0(last), ctx, 0, max, 'an MSS');
    return mss === null ? null : { kind: 'tcpmss', mss };
  },
  print(t) {
    return t.mss === 'clamp-to-pmtu' ? ['--clamp-mss-to-pmtu'] : ['--set-mss', String(t.mss)];
  },
};
