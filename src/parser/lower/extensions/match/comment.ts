/**
 * comment match. iptables-extensions(8) "comment"; extensions/libxt_comment.c
 * (XT_MAX_COMMENT_LEN 256 including the NUL); net/netfilter/xt_comment.c
 * always returns true.
 */
import type { CommentMatch } from '../../../../ir/matches/comment.js';
import { arg0, opt } from '../options.js';
import type { MatchSpec } from '../spec.js';

const MAX_LEN = 255;

export const commentMatch: MatchSpec<CommentMatch> = {
  name: 'comment',
  families: ['ipv4', 'ipv6'],
  options: { comment: { flags: ['--comment'], arity: 1, negatable: false } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'comment');
    if (!o) {
      ctx.report('MissingOption', 'the comment match needs --comment TEXT', span);
      return null;
    }
    const text = arg0(o).text;
    if (Buffer.byteLength(text, 'utf8') > MAX_LEN) {
      ctx.report('BadValue', `comment is ${Buffer.byteLength(text, 'utf8')} bytes; iptables allows at most ${MAX_LEN}`, arg0(o).span);
      return null;
    }
    return { kind: 'comment', span, comment: text };
  },
  print(m) {
    return ['--comment', { quoted: m.comment }];
  },
};
