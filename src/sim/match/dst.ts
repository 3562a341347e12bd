/**
 * `-m dst` (IPv6 only; net/ipv6/netfilter/ip6t_hbh.c hbh_mt6, registered
 * with NEXTHDR_DEST): the hbh tests on the Destination Options header
 * (see hbh.ts); the header is not a packet field, so unknown unless
 * `--dst-len` can never match.
 */
import type { MatchCompiler } from './contract.js';
import { optsMatch } from './hbh.js';

export const dstMatch: MatchCompiler<'dst'> = (m, env) => optsMatch(m, env.family, 'dst', 'Destination Options');
