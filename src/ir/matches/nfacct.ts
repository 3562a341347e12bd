import type { Span } from '../../diagnostics/span.js';

/**
 * `-m nfacct --nfacct-name NAME` (net/netfilter/xt_nfacct.c): always
 * matches; adds the packet to the nfnetlink_acct object NAME, which must
 * exist when the rule is loaded (else the kernel refuses the rule). NAME is
 * at most 31 bytes (NFACCT_NAME_MAX - 1; libxt_nfacct truncates longer ones).
 */
export interface NfacctMatch {
  readonly kind: 'nfacct';
  readonly span: Span;
  readonly name: string;
}
