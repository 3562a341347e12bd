/** `-m comment` (net/netfilter/xt_comment.c comment_mt): always true. */
import type { MatchCompiler } from './contract.js';

const always = (): true => true;

export const commentMatch: MatchCompiler<'comment'> = () => always;
