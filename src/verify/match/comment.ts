/** `-m comment` symbolically: the twin of src/sim/match/comment.ts (xt_comment.c comment_mt): every packet. */
import type { SymMatchCompiler } from './contract.js';
import { constSym } from './hdr-util.js';

export const commentSymMatch: SymMatchCompiler<'comment'> = (_m, env) => constSym(env.space, true);
