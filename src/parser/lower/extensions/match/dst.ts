/**
 * dst match (IPv6). iptables-extensions(8) "dst"; extensions/libip6t_dst.c
 * (--dst-len, --dst-opts); kernel net/ipv6/netfilter/ip6t_hbh.c ("dst"
 * registration). Same grammar as hbh.
 */
import type { DstMatch } from '../../../../ir/matches/dst.js';
import { ip6OptsSpec } from './hbh.js';
import type { MatchSpec } from '../spec.js';

export const dstMatch: MatchSpec<DstMatch> = ip6OptsSpec('dst', 'dst');
