/**
 * `-j TPROXY` (net/netfilter/xt_TPROXY.c tproxy_tg4 / tproxy_tg6_v1): looks
 * for an established socket for the packet's addresses and ports, else a
 * listening socket on `--on-ip:--on-port` (nf_tproxy_get_sock_v4/v6); when
 * it finds one that is transparent (IP_TRANSPARENT), it sets
 * `skb->mark = (skb->mark & ~mark_mask) ^ mark_value`, assigns the socket and
 * returns NF_ACCEPT; otherwise NF_DROP.
 *
 * Sockets are not modelled, so the verdict is an Unknown: accepted (and
 * marked) when a transparent socket exists, dropped when none does.
 */
import { formatAddr } from '../../ir/addr-format.js';
import { unknownVerdict } from '../engine/tri.js';
import type { TargetCompiler } from './contract.js';

export const tproxyTarget: TargetCompiler<'tproxy'> = (t, env) => {
  const ip = t.onIp === 0n ? 'the input interface\'s address' : formatAddr(env.family, t.onIp);
  const port = t.onPort === 0 ? 'the packet\'s port' : String(t.onPort);
  const u = unknownVerdict('TPROXY', `whether a transparent socket is established for the packet or listens on ${ip}:${port} (then the packet is marked and accepted, else dropped)`, ['accept', 'drop'] as const);
  return () => u;
};
