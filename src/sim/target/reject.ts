/**
 * `-j REJECT` (net/ipv4/netfilter/ipt_REJECT.c reject_tg,
 * net/ipv6/netfilter/ip6t_REJECT.c reject_tg6): sends the reply of its
 * `--reject-with` type when the kernel would (reject-reply.ts) and returns
 * NF_DROP in every case. The kernel accepts the target only in the filter
 * table's INPUT, FORWARD and OUTPUT chains (`.table = "filter"`, `.hooks`),
 * and tcp-reset only in a `-p tcp` rule (reject_tg_check).
 *
 * After sending a reset, nf_send_reset / nf_send_reset6 call
 * nf_ct_set_closing(skb_nfct(oldskb)) ("netfilter: let reset rules clean
 * out conntrack entries", v6.3): a confirmed TCP entry moves to state CLOSE
 * (nf_conntrack_tcp_set_closing); an unconfirmed one is left alone. Checked
 * on 6.18: an ESTABLISHED entry inserted with `conntrack -I` shows CLOSE
 * after an ACK matching it is rejected with tcp-reset.
 */
import { IPS } from '../conntrack/conn.js';
import type { TargetCompiler } from './contract.js';
import { rejectReplyBuilder } from './reject-reply.js';

export const rejectTarget: TargetCompiler<'reject'> = (t, env) => {
  const build = rejectReplyBuilder(t.with, env.family, env.host);
  const reset = t.with === 'tcp-reset';
  return (skb, ctx) => {
    const packet = build(skb);
    if (packet) {
      ctx.reject({ with: t.with, packet });
      const ct = skb.ct;
      if (reset && ct && (ct.status & IPS.CONFIRMED) !== 0 && ct.l4.proto === 'tcp') ct.l4.state = 'CLOSE';
    }
    return 'drop';
  };
};
