/**
 * nfacct match. iptables-extensions(8) "nfacct"; extensions/libxt_nfacct.c
 * (--nfacct-name, mandatory, at least 1 character, no newline, stored in a
 * 32-byte buffer: longer names are silently truncated to 31 bytes, as
 * libxtables xtopt_parse_string does); kernel net/netfilter/xt_nfacct.c.
 */
import type { NfacctMatch } from '../../../../ir/matches/nfacct.js';
import { arg0, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

/** NFACCT_NAME_MAX - 1. */
const NAME_MAX = 31;

/** The longest prefix of `s` that fits in `max` UTF-8 bytes (C strncpy into a fixed buffer). */
export function truncateBytes(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= max) return s;
  // A cut inside a multi-byte character keeps the partial bytes in C; here the character is dropped.
  return b.subarray(0, max).toString('utf8').replace(/\uFFFD$/, '');
}

/** libxtables xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted. */
export function saveString(s: string): PrintArg {
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : { quoted: s };
}

export const nfacctMatch: MatchSpec<NfacctMatch> = {
  name: 'nfacct',
  families: ['ipv4', 'ipv6'],
  options: { name: { flags: ['--nfacct-name'], arity: 1, negatable: false } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'name');
    if (!o) {
      ctx.report('MissingOption', 'the nfacct match needs --nfacct-name NAME', span);
      return null;
    }
    const a = arg0(o);
    if (a.text === '' || a.text.includes('\n')) {
      ctx.report('BadValue', 'the nfacct name must be non-empty and contain no newline', a.span);
      return null;
    }
    return { kind: 'nfacct', span, name: truncateBytes(a.text, NAME_MAX) };
  },
  print(m) {
    return ['--nfacct-name', saveString(m.name)];
  },
};
