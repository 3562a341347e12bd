/**
 * `-m dst` symbolically: the twin of src/sim/match/dst.ts (ip6t_hbh.c
 * hbh_mt6 with NEXTHDR_DEST): the hbh answer (hbh.ts) for the Destination
 * Options header.
 */
import type { SymMatchCompiler } from './contract.js';
import { optsSymMatch } from './hbh.js';

export const dstSymMatch: SymMatchCompiler<'dst'> = (m, env) => optsSymMatch(m, env, 'dst', 'Destination Options');
