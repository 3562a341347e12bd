/**
 * `-j CONNSECMARK --save|--restore` (net/netfilter/xt_CONNSECMARK.c
 * connsecmark_tg): copies skb->secmark to the connection (save, when the
 * connection has none) or back (restore, when the packet has none); always
 * XT_CONTINUE. Security marks are not modelled, so nothing changes.
 */
import type { TargetCompiler } from './contract.js';

export const connsecmarkTarget: TargetCompiler<'connsecmark'> = () => () => 'continue';
