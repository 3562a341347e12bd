/**
 * hl match (IPv6). iptables-extensions(8) "hl"; extensions/libip6t_hl.c
 * (--hl-eq/--hl-lt/--hl-gt and the alias --hl); kernel net/netfilter/xt_hl.c.
 */
import type { HlMatch } from '../../../../ir/matches/hl.js';
import { ttlLikeSpec } from './ttl.js';
import type { MatchSpec } from '../spec.js';

export const hlMatch: MatchSpec<HlMatch> = ttlLikeSpec('hl', 'hl', 'a hop limit', 'ipv6');
