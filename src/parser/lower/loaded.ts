/**
 * The extensions one rule loads (`-m NAME`, `-j NAME`), the option uses
 * assigned to each, the owner lookup of iptables' command_default (an option
 * belongs to the earliest loaded match that owns it and is not "completed":
 * a second `-m X` completes the first X), and their lowering to the IR.
 */
import type { Span } from '../../diagnostics/span.js';
import type { Match } from '../../ir/match.js';
import type { Neg } from '../../ir/neg.js';
import type { Target } from '../../ir/target.js';
import type { Arg } from './args.js';
import type { LowerCtx, MatchSpec, OptionSpec, OptionUse, TargetSpec } from './extensions/spec.js';
import type { Known } from './registry.js';

/** One option use. Its spans are computed only when asked for (a diagnostic, or an extension that keeps one). */
export class Use implements OptionUse {
  constructor(
    readonly flag: string,
    readonly name: string,
    readonly negated: boolean,
    readonly values: readonly Arg[],
    /** The "!" written before the flag, if any (kept in the raw arguments even when refused). */
    readonly bang: Arg | null,
    private readonly flagArg: Arg,
  ) {}

  get span(): Span {
    const first = this.bang ?? this.flagArg;
    const last = this.values[this.values.length - 1] ?? this.flagArg;
    return (first.offset <= last.offset ? first : this.flagArg).spanTo(last);
  }

  get flagSpan(): Span {
    return this.flagArg.span;
  }
}

const NO_USES: readonly Use[] = [];

/** One loaded extension instance and the option uses assigned to it. */
export class Loaded<S extends MatchSpec<unknown> | TargetSpec<unknown>> {
  /** In written order. Starts shared and empty: most extensions get one or two options, and `[]` grows by 16 at the first push. */
  uses: readonly Use[] = NO_USES;
  /**
   * Arguments of an extension nfverify does not know (or of a goto), as
   * written: every option after it that no known extension owns lands here.
   * null for a known extension, whose raw arguments come from its uses.
   */
  readonly raw: string[] | null;
  last: Arg;
  completed = false;

  constructor(
    readonly name: string,
    /** Module identity: a second instance with the same key completes this one. */
    readonly key: string,
    readonly known: Known<S> | undefined,
    readonly first: Arg,
  ) {
    this.last = first;
    this.raw = known ? null : [];
  }

  /** The arguments after `-m NAME` / `-j NAME` as written ("!" kept), for the opaque fallback. */
  rawArgs(): string[] {
    if (this.raw) return this.raw;
    const out: string[] = [];
    for (const u of this.uses) {
      if (u.bang) out.push('!');
      out.push(u.flag);
      for (const v of u.values) out.push(v.text);
    }
    return out;
  }

  addUse(u: Use): void {
    if (this.uses.length === 0) this.uses = [u];
    else (this.uses as Use[]).push(u);
  }

  owns(flag: string): boolean {
    return this.known !== undefined && this.known.flags.has(flag);
  }

  option(flag: string): readonly [string, OptionSpec] | undefined {
    return this.known?.flags.get(flag);
  }
}

export type LoadedMatch = Loaded<MatchSpec<unknown>>;
export type LoadedTarget = Loaded<TargetSpec<unknown>>;

/**
 * Above this many loaded matches a rule finds option owners through an
 * index instead of scanning its matches: real rules load a handful, but a
 * rule with tens of thousands of `-m` must still lower in linear time.
 */
const INDEX_FROM = 16;

/** The live instance of each module, and for each flag the modules owning it in order of first load. */
class OwnerIndex {
  readonly liveByModule = new Map<string, LoadedMatch>();
  private readonly modulesByFlag = new Map<string, string[]>();

  add(l: LoadedMatch): void {
    const previous = this.liveByModule.get(l.key);
    if (previous) previous.completed = true;
    this.liveByModule.set(l.key, l);
    // A module's options are merged once, at its first load (clones share them).
    if (previous || !l.known) return;
    for (const f of l.known.flags.keys()) {
      const list = this.modulesByFlag.get(f);
      if (list) list.push(l.key);
      else this.modulesByFlag.set(f, [l.key]);
    }
  }

  ownerOf(flag: string): LoadedMatch | undefined {
    const modules = this.modulesByFlag.get(flag);
    const newest = modules?.[modules.length - 1];
    return newest === undefined ? undefined : this.liveByModule.get(newest);
  }
}

/** The matches of one rule in load order (completed ones included: each is its own kernel match). */
export class LoadedMatches {
  readonly list: LoadedMatch[] = [];
  /** The last unknown match: options nobody owns after it are its own. */
  lastOpaque: LoadedMatch | null = null;
  private index: OwnerIndex | null = null;

  /** Adds a loaded match, completing the live instance of the same module. */
  add(l: LoadedMatch): void {
    if (this.index) this.index.add(l);
    else {
      // The live instance of a module is always its last one.
      for (let i = this.list.length - 1; i >= 0; i--) {
        if (this.list[i]!.key === l.key) {
          this.list[i]!.completed = true;
          break;
        }
      }
    }
    if (!l.known) this.lastOpaque = l;
    this.list.push(l);
    if (!this.index && this.list.length > INDEX_FROM) {
      this.index = new OwnerIndex();
      for (const m of this.list) this.index.add(m);
    }
  }

  /**
   * The live instance of the most recently first-loaded module that owns
   * `flag`: xtables_merge_options puts a new module's options before the
   * older ones, so getopt_long finds the newest module's entry, and
   * command_default gives it to that module's live (not completed) instance.
   * So `-m connmark ! --mark 1 -m mark --mark 0` gives the second --mark to mark.
   */
  ownerOf(flag: string): LoadedMatch | undefined {
    if (this.index) return this.index.ownerOf(flag);
    const first = new Map<string, number>();
    this.list.forEach((m, i) => {
      if (!first.has(m.key)) first.set(m.key, i);
    });
    let best: LoadedMatch | undefined;
    let bestFirst = -1;
    for (const m of this.list) {
      if (m.completed || !m.owns(flag)) continue;
      const f = first.get(m.key)!;
      if (f > bestFirst) [best, bestFirst] = [m, f];
    }
    return best;
  }

  /** Whether a match of this module was loaded. */
  hasModule(key: string): boolean {
    if (this.index) return this.index.liveByModule.has(key);
    return this.list.some((m) => m.key === key);
  }

  /** The live instance of each module, modules in the order they were first loaded. */
  live(): LoadedMatch[] {
    if (this.index) return [...this.index.liveByModule.values()];
    const byModule = new Map<string, LoadedMatch>();
    for (const m of this.list) byModule.set(m.key, m);
    return [...byModule.values()];
  }
}

/**
 * A Map, not a record: target names are arbitrary words ("-j constructor"
 * must not find Object.prototype's), and a record lookup with a string read
 * from the file first looks it up in V8's table of all interned strings.
 */
const STANDARD: ReadonlyMap<string, Target> = new Map<string, Target>([
  ['ACCEPT', { kind: 'accept' }],
  ['DROP', { kind: 'drop' }],
  ['RETURN', { kind: 'return' }],
  ['QUEUE', { kind: 'queue' }],
]);

/** The IR of a loaded match: its extension's, or opaque when unknown, of another family or refused. */
export function lowerMatch(m: LoadedMatch, ctx: LowerCtx, proto: Neg<number> | null): Match {
  const span = m.first.spanTo(m.last);
  if (m.known && m.known.spec.families.includes(ctx.family)) {
    const spec = m.known.spec;
    if (spec.proto !== undefined && ctx.protocol !== spec.proto) {
      ctx.report('NeedsProtocol', `the ${m.name} match needs "-p ${m.name === 'icmp6' ? 'ipv6-icmp' : m.name}"${proto?.negated ? ' (not negated)' : ''}; the kernel refuses the rule otherwise`, span);
    }
    const v = spec.lower(m.uses, ctx, span);
    if (v !== null) return v as Match;
  }
  return { kind: 'opaque', name: m.name, args: m.rawArgs(), span };
}

/** The IR of a rule's -j or -g. */
export function lowerTarget(t: LoadedTarget, isGoto: boolean, ctx: LowerCtx): Target {
  // Whether a goto's chain exists is the resolver's question (it sees the whole table).
  if (isGoto) return { kind: 'goto', chain: t.name, span: t.first.spanTo(t.last) };
  const std = STANDARD.get(t.name);
  if (std) return std;
  const span = t.first.spanTo(t.last);
  if (t.known) {
    const spec = t.known.spec;
    if (!spec.families.includes(ctx.family)) {
      ctx.report('WrongFamily', `the ${t.name} target exists only for ${spec.families.join('/')}, not ${ctx.family}`, span);
      return { kind: 'opaque', name: t.name, args: t.rawArgs(), span };
    }
    const v = spec.lower(t.uses, ctx, span);
    return v !== null ? (v as Target) : { kind: 'opaque', name: t.name, args: t.rawArgs(), span };
  }
  if (t.raw!.length > 0) {
    ctx.report('UnknownTarget', `target "${t.name}" is not modelled by nfverify; it is kept as opaque and treated conservatively`, span);
    return { kind: 'opaque', name: t.name, args: t.raw!, span };
  }
  // Neither a standard verdict, a known extension, nor (maybe) a chain: the
  // resolver decides between a jump and "no such chain or target".
  return { kind: 'jump', chain: t.name, span };
}
