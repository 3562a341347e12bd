/**
 * ttl match (IPv4). iptables-extensions(8) "ttl"; extensions/libipt_ttl.c
 * (--ttl-eq/--ttl-lt/--ttl-gt, and the old alias --ttl = --ttl-eq without
 * "!"; all mutually exclusive, one required); kernel net/netfilter/xt_hl.c.
 * The hl match (IPv6) is the same with other names: both specs come from
 * {@link ttlLikeSpec}.
 */
import type { TtlMatch, TtlOp } from '../../../../ir/matches/ttl.js';
import type { Span } from '../../../../diagnostics/span.js';
import type { Family } from '../../../../ir/family.js';
import { parseUInt } from '../../values/number.js';
import type { MatchSpec, PrintArg } from '../spec.js';

/** The shape TtlMatch and HlMatch share. */
export interface TtlLikeMatch<K extends string> {
  readonly kind: K;
  readonly span: Span;
  readonly op: TtlOp;
  readonly value: number;
}

/** Builds the ttl/hl spec: `word` is "ttl" or "hl", `what` names the header field in messages. */
export function ttlLikeSpec<K extends string>(kind: K, word: string, what: string, family: Family): MatchSpec<TtlLikeMatch<K>> {
  return {
    name: kind,
    families: [family],
    options: {
      eq: { flags: [`--${word}-eq`], arity: 1, negatable: true },
      lt: { flags: [`--${word}-lt`], arity: 1, negatable: false },
      gt: { flags: [`--${word}-gt`], arity: 1, negatable: false },
      alias: { flags: [`--${word}`], arity: 1, negatable: false },
    },
    lower(opts, ctx, span) {
      if (opts.length === 0) {
        ctx.report('MissingOption', `the ${kind} match needs one of --${word}-eq, --${word}-lt, --${word}-gt`, span);
        return null;
      }
      if (opts.length > 1) {
        ctx.report('ConflictingOptions', `only one of --${word}-eq, --${word}-lt, --${word}-gt may be given`, opts[1]!.span);
        return null;
      }
      const o = opts[0]!;
      const value = parseUInt(o.values[0]!, ctx, 0, 255, what);
      if (value === null) return null;
      const op: TtlOp = o.name === 'lt' ? 'lt' : o.name === 'gt' ? 'gt' : o.negated ? 'ne' : 'eq';
      return { kind, span, op, value };
    },
    print(m) {
      const out: PrintArg[] = [];
      if (m.op === 'ne') out.push('!', `--${word}-eq`);
      else out.push(`--${word}-${m.op}`);
      out.push(String(m.value));
      return out;
    },
  };
}

export const ttlMatch: MatchSpec<TtlMatch> = ttlLikeSpec('ttl', 'ttl', 'a TTL', 'ipv4');
