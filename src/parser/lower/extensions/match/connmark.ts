/**
 * connmark match, revision 1. iptables-extensions(8) "connmark"; userspace
 * extensions/libxt_connmark.c (XTTYPE_MARKMASK32 like the mark match);
 * kernel net/netfilter/xt_connmark.c connmark_mt (needs conntrack).
 */
import { markLikeMatch } from './mark.js';

export const connmarkMatch = markLikeMatch('connmark', 'a connection mark');
