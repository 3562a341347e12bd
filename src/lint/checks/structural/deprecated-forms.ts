/**
 * The deprecated spellings the deprecated-syntax check knows, each with the
 * source that says so (the full text is in the codes' `help`):
 * - `-m state`: an alias loaded as the conntrack match since iptables 1.4.16
 *   (libxt_conntrack.c state_ct23_parse; commit 0d70163);
 * - `-j NOTRACK`: '"NOTRACK" target support (DEPRECATED)' in the kernel's
 *   net/netfilter/Kconfig, an alias of CT --notrack (libxt_CT.c);
 * - `-j QUEUE`: "the old obsolete QUEUE target" (Kconfig, NFQUEUE);
 * - `--set` of the set match, `--localtz` of the time match and
 *   `--nflog-range` of NFLOG: iptables 1.8.9 prints a deprecation warning
 *   when it parses them (libxt_set.c, libxt_time.c, libxt_NFLOG.c).
 * `-s ! x` (old negation) is the parser's NFV2016, not repeated here.
 *
 * `--set` and `--localtz` lower to the same IR as `--match-set` and
 * `--kerneltz`, so they are found in the text of the match's span; the others
 * are in the IR.
 */
import type { CodeName } from '../../../diagnostics/codes.js';
import { subSpan, type Span } from '../../../diagnostics/span.js';
import type { Match } from '../../../ir/match.js';
import { CT_STATE_BITS, CT_STATE_PRINT_ORDER } from '../../../ir/matches/state.js';
import type { Rule } from '../../../ir/ruleset.js';
import { isOption, splitWords } from './words.js';

/** One use of a deprecated form: where, and what to write instead. */
export interface DeprecatedUse {
  readonly span: Span;
  readonly replacement: string;
}

export interface DeprecatedForm {
  readonly code: CodeName;
  /** What is deprecated, as the message names it. */
  readonly what: string;
  /** Why, in a few words. */
  readonly why: string;
  /** Uses in one rule (`text` is the whole file). */
  find(r: Rule, text: string): readonly DeprecatedUse[];
}

/** The first unquoted word `name` inside `span`, as a sub-span; null if absent. */
export function wordSpan(text: string, span: Span, name: string): Span | null {
  const w = splitWords(text.slice(span.offset, span.offset + span.length)).find((x) => isOption(x, name));
  return w ? subSpan(span, w.offset, name.length) : null;
}

/** Finds `option` written inside the span of each `kind` match of a rule. */
function inMatches(kind: Match['kind'], option: string, replacement: string): DeprecatedForm['find'] {
  return (r, text) => {
    const out: DeprecatedUse[] = [];
    for (const m of r.matches) {
      const span = m.kind === kind ? wordSpan(text, m.span, option) : null;
      if (span) out.push({ span, replacement });
    }
    return out;
  };
}

function stateNames(mask: number): string {
  return CT_STATE_PRINT_ORDER.filter((n) => mask & CT_STATE_BITS[n]).join(',');
}

export const DEPRECATED_FORMS: readonly DeprecatedForm[] = [
  {
    code: 'StateMatch',
    what: '-m state',
    why: 'is the old alias of the conntrack match',
    find: (r) =>
      r.matches.flatMap((m) =>
        m.kind === 'state' ? [{ span: m.span, replacement: `-m conntrack ${m.states.negated ? '! ' : ''}--ctstate ${stateNames(m.states.value)}` }] : [],
      ),
  },
  {
    code: 'NotrackTarget',
    what: '-j NOTRACK',
    why: 'is deprecated (the kernel marks it DEPRECATED; it is an alias of CT)',
    find: (r, text) => (r.target?.kind === 'notrack' ? [{ span: wordSpan(text, r.span, 'NOTRACK') ?? r.span, replacement: '-j CT --notrack' }] : []),
  },
  {
    code: 'QueueTarget',
    what: '-j QUEUE',
    why: 'is the obsolete form of NFQUEUE to queue 0',
    find: (r, text) => (r.target?.kind === 'queue' ? [{ span: wordSpan(text, r.span, 'QUEUE') ?? r.span, replacement: '-j NFQUEUE --queue-num 0' }] : []),
  },
  {
    code: 'DeprecatedOption',
    what: '--set of the set match',
    why: 'is deprecated (iptables warns "--set option deprecated, please use --match-set")',
    find: inMatches('set', '--set', '--match-set'),
  },
  {
    code: 'DeprecatedOption',
    what: '--localtz of the time match',
    why: 'is being replaced (iptables warns "--localtz is being replaced by --kerneltz")',
    find: inMatches('time', '--localtz', '--kerneltz'),
  },
  {
    code: 'DeprecatedOption',
    what: '--nflog-range of NFLOG',
    why: 'has never worked and is no longer supported (iptables warns so; the kernel ignores the value)',
    find: (r, text) => {
      const t = r.target;
      if (t?.kind !== 'nflog' || t.copyLen || t.len === 0) return [];
      return [{ span: wordSpan(text, r.span, '--nflog-range') ?? r.span, replacement: `--nflog-size ${t.len}` }];
    },
  },
];
