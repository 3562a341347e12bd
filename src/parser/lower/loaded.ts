/**
 * The extensions one rule loads (`-m NAME`, `-j NAME`), the option uses
 * assigned to each, and the owner lookup of iptables' command_default: an
 * option belongs to the earliest loaded match that owns it and is not
 * "completed" (a second `-m X` completes the first X).
 */
import type { Span } from '../../diagnostics/span.js';
import type { Arg } from './args.js';
import type { MatchSpec, OptionSpec, OptionUse, TargetSpec } from './extensions/spec.js';
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

/** One loaded extension instance and the option uses assigned to it. */
export class Loaded<S extends MatchSpec<unknown> | TargetSpec<unknown>> {
  readonly uses: Use[] = [];
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

/** The live instance of each module, and for each flag the instances owning it in load order. */
class OwnerIndex {
  readonly liveByModule = new Map<string, LoadedMatch>();
  private readonly ownersByFlag = new Map<string, { list: LoadedMatch[]; head: number }>();

  add(l: LoadedMatch): void {
    const previous = this.liveByModule.get(l.key);
    if (previous) previous.completed = true;
    this.liveByModule.set(l.key, l);
    if (!l.known) return;
    for (const f of l.known.flags.keys()) {
      const entry = this.ownersByFlag.get(f);
      if (entry) entry.list.push(l);
      else this.ownersByFlag.set(f, { list: [l], head: 0 });
    }
  }

  ownerOf(flag: string): LoadedMatch | undefined {
    const byFlag = this.ownersByFlag.get(flag);
    if (!byFlag) return undefined;
    // Completed instances sit at the front (load order): skip them once.
    while (byFlag.head < byFlag.list.length && byFlag.list[byFlag.head]!.completed) byFlag.head++;
    return byFlag.list[byFlag.head];
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

  /** The earliest live match that owns `flag`. */
  ownerOf(flag: string): LoadedMatch | undefined {
    if (this.index) return this.index.ownerOf(flag);
    for (const m of this.list) if (!m.completed && m.owns(flag)) return m;
    return undefined;
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
