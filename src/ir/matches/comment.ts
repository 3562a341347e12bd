import type { Span } from '../../diagnostics/span.js';

/** `-m comment --comment TEXT`: always matches (net/netfilter/xt_comment.c). At most 255 bytes. */
export interface CommentMatch {
  readonly kind: 'comment';
  readonly span: Span;
  readonly comment: string;
}
