/**
 * The one Lexer instance. Position tracking is "onlyOffset": lines and columns
 * are computed on demand from a line-start table (see line-index.ts), which
 * keeps the 12 MB kube-proxy dumps fast.
 */
import { Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

export const lexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  // Unknown characters cannot occur: Word takes every non-space, non-quote character.
  recoveryEnabled: true,
});
