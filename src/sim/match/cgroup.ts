/**
 * `-m cgroup` (net/netfilter/xt_cgroup.c cgroup_mt_v1/v2; OUTPUT,
 * POSTROUTING and INPUT only): `if (!skb->sk || !sk_fullsock(skb->sk))
 * return false;` then the socket's cgroup path or net_cls classid, XOR the
 * "!". The socket's cgroup is not modelled, so a packet with a socket is
 * unknown. Which packets have one:
 * - sent locally: the sending socket (OUTPUT, POSTROUTING): unknown;
 * - received, at INPUT: early demux (ip_rcv_finish_core) may already have
 *   attached an established TCP/UDP socket: unknown;
 * - forwarded, at POSTROUTING: no socket, so false whatever the "!".
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const cgroupMatch: MatchCompiler<'cgroup'> = (m) => {
  const what = m.path !== null ? `--path ${m.path.value}` : `--cgroup ${m.classid?.value ?? 0}`;
  const u = unknown('cgroup', `${what}: the cgroup of the packet's socket is not modelled`);
  return (skb) => (skb.origin === 'remote' && skb.hook !== 'INPUT' ? false : u);
};
