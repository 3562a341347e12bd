/**
 * The contract every xtables extension file implements: which options it has,
 * how their values lower to typed IR (with errors at exact spans), and how the
 * IR prints back to canonical iptables-save arguments. Extension knowledge is
 * written once, here; the printer and resolver only read these specs.
 */
import type { CodeName } from '../../../diagnostics/codes.js';
import type { Span } from '../../../diagnostics/span.js';
import type { Family } from '../../../ir/family.js';
import type { Hook, TableName } from '../../../ir/names.js';

/** One argument token after an option flag. `text` is unquoted and unescaped. */
export interface ArgValue {
  readonly text: string;
  readonly span: Span;
  readonly quoted: boolean;
}

/** One use of an option in a rule, already assigned to its extension. */
export interface OptionUse {
  /** The flag as written: `--dport` or `--destination-port`. */
  readonly flag: string;
  /** The canonical option key from the spec's `options` record. */
  readonly name: string;
  /** "!" before the flag, or (old syntax) right after it. */
  readonly negated: boolean;
  readonly values: readonly ArgValue[];
  /** From the "!" or flag to the last value. */
  readonly span: Span;
  /** Span of the flag token alone. */
  readonly flagSpan: Span;
}

export interface OptionSpec {
  /** Every spelling iptables accepts, canonical first (the printer uses `flags[0]`). */
  readonly flags: readonly string[];
  /** Number of value tokens: exact, or [min, max]. */
  readonly arity: number | readonly [number, number];
  readonly negatable: boolean;
  /** May appear more than once (default false: a second use is NFV2010). */
  readonly repeatable?: boolean;
}

/** What an extension's lowering may ask of the rule it sits in. */
export interface LowerCtx {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** The rule's `-p` protocol number when given and not negated, else null. */
  readonly protocol: number | null;
  report(code: CodeName, message: string, span: Span): void;
}

/** A printed argument: plain, or one that iptables-save always quotes (comments, log prefixes). */
export type PrintArg = string | { readonly quoted: string };

interface ExtensionSpecBase<T> {
  /** The name after `-m` / `-j`, as iptables-save prints it. */
  readonly name: string;
  /** Other names that load the same extension (e.g. `NOTRACK` is separate; `icmpv6` is an alias of `icmp6`). */
  readonly aliases?: readonly string[];
  readonly families: readonly Family[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * Builds the IR from this extension's option uses (in written order). Every
   * problem is reported through `ctx` with the span of the offending value; on
   * an error that leaves no meaningful value, return null and the caller keeps
   * the extension as opaque so analyses still see the rule.
   */
  lower(opts: readonly OptionUse[], ctx: LowerCtx, span: Span): T | null;
  /** The arguments after `-m NAME` / `-j NAME`, in iptables-save's order. */
  print(value: T, family: Family): readonly PrintArg[];
  /** Tables the kernel accepts it in (`.table` in the kernel's xt_match/xt_target); all when absent. */
  readonly tables?: readonly TableName[];
  /** Hooks the kernel accepts it in (`.hooks`); all when absent. */
  readonly hooks?: readonly Hook[];
  /** Protocol the kernel requires in `-p` (`.proto`), e.g. 6 for tcp. */
  readonly proto?: number;
  /**
   * Hook restrictions that depend on the options (the kernel's checkentry,
   * e.g. policy --dir in is refused in OUTPUT): a reason, or null when the
   * value is allowed in `hook`.
   */
  hookProblem?(value: T, hook: Hook): string | null;
}

export type MatchSpec<M> = ExtensionSpecBase<M>;

export interface TargetSpec<T> extends ExtensionSpecBase<T> {
  /**
   * True when the kernel target returns an absolute verdict (ACCEPT/DROP/
   * STOLEN/QUEUE) and so ends the table; false for ones that return
   * XT_CONTINUE (LOG, MARK, CT, ...). A function when it depends on options
   * (e.g. NFQUEUE never continues; TPROXY drops on failure).
   */
  readonly terminal: boolean | ((value: T) => boolean);
}
