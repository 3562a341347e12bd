import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** Bytes of xt_helper_info.name that are kept (libxt_helper truncates, the kernel NUL-terminates at 29). */
export const HELPER_NAME_MAX = 29;

/**
 * `-m helper --helper NAME` (net/netfilter/xt_helper.c): only packets of an
 * expected connection (ct->master) whose master has a conntrack helper can
 * pass; for them the result is, XOR "!": NAME empty → true; else
 * strncmp(helper->name, NAME, strlen(helper->name)) == 0, i.e. NAME starts
 * with the helper's name ("ftp-21" matches helper "ftp"). Packets without
 * such a master yield just the "!" flag (false, or true when negated).
 */
export interface HelperMatch {
  readonly kind: 'helper';
  readonly span: Span;
  readonly name: Neg<string>;
}
