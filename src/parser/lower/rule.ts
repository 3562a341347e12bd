/**
 * Lowers the arguments of one rule (everything after `-A CHAIN`) to a rule
 * spec, the way iptables' do_parse does with getopt_long:
 *  - base options (-s -d -p -i -o -f -j -g -m -c) first;
 *  - any other option goes to the target if it owns it, else to the live
 *    instance (a second `-m X` completes the first X) of the most recently
 *    first-loaded match module that owns it, else `-p`'s protocol match is loaded
 *    implicitly and the option retried (load_proto), else it is unknown;
 *  - an option takes exactly its arity of following arguments, whatever they
 *    look like (getopt's required_argument), plus optional ones while they
 *    are not options;
 *  - "!" negates the next option; the pre-1.4.3 form "--opt ! value" is
 *    understood but reported, since iptables 1.8 refuses it.
 * Extensions nfverify does not know stay opaque with their raw arguments.
 */
import type { CodeName } from '../../diagnostics/codes.js';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { Cidr, IfaceName } from '../../ir/addr.js';
import type { Family } from '../../ir/family.js';
import type { Neg } from '../../ir/neg.js';
import type { TableName } from '../../ir/names.js';
import type { Counters, Rule } from '../../ir/ruleset.js';
import type { Arg } from './args.js';
import type { LowerCtx } from './extensions/spec.js';
import { BASE_NAMES, FLAG_KIND, ONCE_BIT, type BaseKey } from './base-options.js';
import { Loaded, LoadedMatches, lowerMatch, lowerTarget, Use, type LoadedMatch, type LoadedTarget } from './loaded.js';
import { findMatch, findTarget, protoMatchName } from './registry.js';
import { parseCidrList } from './values/addr.js';
import { parseIface } from './values/iface.js';
import { parseProtocol } from './values/protocol.js';

/**
 * A rule as written, before `-s a,b` expansion into kernel rules: the IR
 * rule's fields, with address lists where the kernel rule has one address.
 */
export type RuleSpec = Pick<Rule, 'proto' | 'inIface' | 'outIface' | 'fragment' | 'matches' | 'target' | 'counters'> & {
  readonly src: Neg<readonly Cidr[]> | null;
  readonly dst: Neg<readonly Cidr[]> | null;
};

export interface RuleLowerEnv {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  readonly diags: DiagnosticBag;
  /** Counters from the `[p:b]` prefix of the line, if any. */
  readonly lineCounters: Counters | null;
}

/** `-p N` without "!", one shared (immutable) value per protocol: most rules of a dump have one. */
const PLAIN_PROTOS: Neg<number>[] = [];
function plainProto(p: number): Neg<number> {
  return (PLAIN_PROTOS[p] ??= { value: p, negated: false });
}

/** What extensions see of the rule. `protocol` is null while the rule's own options are read, then `-p`'s. */
class RuleCtx implements LowerCtx {
  protocol: number | null = null;

  constructor(
    readonly family: Family,
    readonly table: TableName,
    readonly chain: string,
    private readonly diags: DiagnosticBag,
  ) {}

  report(code: CodeName, message: string, span: Span): void {
    this.diags.report(code, message, span);
  }
}

/** The lowering of one rule's arguments: a cursor over them and what has been read so far. */
class RuleLowerer {
  private i: number;
  private readonly ctx: RuleCtx;
  private src: Neg<readonly Cidr[]> | null = null;
  private dst: Neg<readonly Cidr[]> | null = null;
  private proto: Neg<number> | null = null;
  private inIface: Neg<IfaceName> | null = null;
  private outIface: Neg<IfaceName> | null = null;
  private fragment: Neg<true> | null = null;
  private counters: Counters | null;
  /** ONCE_BIT of the base options given, and of those already reported as duplicates. */
  private seen = 0;
  private dupReported = 0;
  private readonly matches = new LoadedMatches();
  private target: LoadedTarget | null = null;
  private targetIsGoto = false;
  private implicitTried = false;
  /** A "!" waiting for the option it negates. */
  private negArg: Arg | null = null;

  constructor(
    private readonly args: readonly Arg[],
    start: number,
    private readonly env: RuleLowerEnv,
  ) {
    this.i = start;
    this.ctx = new RuleCtx(env.family, env.table, env.chain, env.diags);
    this.counters = env.lineCounters;
  }

  private report(code: CodeName, message: string, span: Span): void {
    this.env.diags.report(code, message, span);
  }

  lower(): RuleSpec {
    const { args } = this;
    while (this.i < args.length) this.step(args[this.i++]!);
    if (this.negArg) this.report('MissingValue', '"!" at the end of the rule negates nothing', this.negArg.span);
    const proto = this.proto;
    this.ctx.protocol = proto && !proto.negated ? proto.value : null;
    // map, not push: the array is part of the IR, and push would leave room for 16 more matches in each.
    const matches = this.matches.list.map((m) => lowerMatch(m, this.ctx, proto));
    const target = this.target ? lowerTarget(this.target, this.targetIsGoto, this.ctx) : null;
    return { src: this.src, dst: this.dst, proto, inIface: this.inIface, outIface: this.outIface, fragment: this.fragment, matches, target, counters: this.counters };
  }

  private step(a: Arg): void {
    const { args } = this;
    if (a.kind === 'bang') {
      if (this.negArg) this.report('BadValue', 'multiple consecutive "!" are not allowed', a.span);
      this.negArg = a;
      if (this.i >= args.length) this.report('MissingValue', '"!" must be followed by the option it negates', a.span);
      return;
    }
    if (a.kind !== 'flag') {
      // Stray arguments in a row are one problem (iptables stops at the first: "Bad argument").
      let last = a;
      while (args[this.i]?.kind === 'value') last = args[this.i++]!;
      const what = last === a ? `"${a.text}"` : `"${a.text} ..."`;
      this.report('UnexpectedToken', `unexpected argument ${what}: expected an option such as -s, -p, -m or -j`, a.spanTo(last));
      this.negArg = null;
      return;
    }
    const neg = this.negArg;
    this.negArg = null;
    const key = FLAG_KIND.get(a.text);
    if (key === 'command') this.report('UnexpectedToken', `a second command "${a.text}" in one rule line`, a.span);
    else if (key === undefined) this.assignOption(a, neg);
    else this.baseOption(a, key, neg);
  }

  /** Takes the old-style "!" right after a flag, if present. */
  private oldNegation(flag: Arg, negatable: boolean): boolean {
    const next = this.args[this.i];
    if (next?.kind !== 'bang') return false;
    this.i++;
    if (!negatable) {
      this.report('NotNegatable', `${flag.text} cannot be negated`, next.span);
      return false;
    }
    if (this.negArg) this.report('BadValue', 'multiple consecutive "!" are not allowed', next.span);
    this.report('OldNegation', `"${flag.text} ! value" is the pre-1.4.3 negation syntax, which iptables 1.8 refuses; write "! ${flag.text} value"`, flag.spanTo(next));
    return true;
  }

  /** Takes exactly `min` arguments, then optional ones up to `max` while they are plain values. */
  private takeValues(flag: Arg, min: number, max: number): Arg[] | null {
    const { args } = this;
    if (this.i + min > args.length) {
      this.i = args.length;
      this.report('MissingValue', `${flag.text} needs ${min === 1 ? 'a value' : `${min} values`}`, flag.span);
      return null;
    }
    let n = min;
    while (n < max && args[this.i + n]?.kind === 'value') n++;
    // Exactly sized: the array is the option's `values`.
    const out = args.slice(this.i, this.i + n);
    this.i += n;
    return out;
  }

  /** takeValues(flag, 1, 1) without the array. */
  private takeOne(flag: Arg): Arg | null {
    const a = this.args[this.i];
    if (!a) {
      this.report('MissingValue', `${flag.text} needs a value`, flag.span);
      return null;
    }
    this.i++;
    return a;
  }

  private baseSingle(flag: Arg, key: BaseKey): Arg | null {
    const bit = ONCE_BIT[key]!;
    // iptables stops at the first duplicate; one report per option is enough.
    if (this.seen & bit && !(this.dupReported & bit)) {
      this.dupReported |= bit;
      this.report('DuplicateOption', `multiple ${BASE_NAMES[key]} flags are not allowed`, flag.span);
    }
    this.seen |= bit;
    return this.takeOne(flag);
  }

  private baseOption(a: Arg, key: BaseKey, neg: Arg | null): void {
    const takesNoBang = key === 'jump' || key === 'goto' || key === 'match' || key === 'counters';
    let negated = neg !== null;
    if (neg && takesNoBang) {
      this.report('NotNegatable', `"!" cannot be used before ${a.text}`, neg.span);
      negated = false;
    }
    if (!takesNoBang && key !== 'frag' && this.oldNegation(a, true)) negated = true;
    switch (key) {
      case 'src':
      case 'dst':
        return this.address(a, key, negated);
      case 'proto':
        return this.protocol(a, negated);
      case 'in':
      case 'out': {
        const v = this.baseSingle(a, key);
        if (!v) return;
        const ifc = parseIface(v, this.ctx);
        if (!ifc) return;
        if (key === 'in') this.inIface = { value: ifc, negated };
        else this.outIface = { value: ifc, negated };
        return;
      }
      case 'frag':
        return this.frag(a, negated);
      case 'match': {
        const v = this.takeOne(a);
        if (v) this.loadMatch(v.text, v);
        return;
      }
      case 'jump':
      case 'goto':
        return this.jump(a, key);
      case 'counters':
        return this.setCounters(a);
    }
  }

  private address(a: Arg, key: 'src' | 'dst', negated: boolean): void {
    const v = this.baseSingle(a, key);
    if (!v) return;
    const list = parseCidrList(v, this.ctx, this.env.family);
    if (!list) return;
    const n = { value: list, negated };
    if (key === 'src') this.src = n;
    else this.dst = n;
    if (negated && list.length > 1) this.report('BadValue', `! ${a.text} accepts a single address, not a list`, v.span);
  }

  private protocol(a: Arg, negated: boolean): void {
    const v = this.baseSingle(a, 'proto');
    if (!v) return;
    const p = parseProtocol(v, this.ctx);
    if (p === null) return;
    if (p === 0) {
      if (negated) this.report('BadValue', '"! -p all" would never match; iptables refuses it', v.span);
      return;
    }
    this.proto = negated ? { value: p, negated } : plainProto(p);
  }

  private frag(a: Arg, negated: boolean): void {
    if (this.env.family === 'ipv6') {
      this.report('WrongFamily', '-f exists only in iptables (IPv4); ip6tables matches fragments with -m frag', a.span);
      return;
    }
    if (this.seen & ONCE_BIT.frag!) this.report('DuplicateOption', 'multiple -f flags are not allowed', a.span);
    this.seen |= ONCE_BIT.frag!;
    this.fragment = { value: true, negated };
  }

  private jump(a: Arg, key: 'jump' | 'goto'): void {
    const v = this.takeOne(a);
    if (!v) return;
    if (this.target) {
      this.report('MultipleTargets', `a rule can have only one -j or -g; "${a.text} ${v.text}" is a second one`, a.spanTo(v));
      return;
    }
    const name = v.text;
    this.targetIsGoto = key === 'goto';
    this.target = new Loaded(name, '', this.targetIsGoto ? undefined : findTarget(name, this.env.family), v);
  }

  private setCounters(a: Arg): void {
    const v = this.takeValues(a, 2, 2);
    if (!v) return;
    const [p, b] = v;
    if (!/^\d+$/.test(p!.text) || !/^\d+$/.test(b!.text)) {
      this.report('BadCounters', `-c needs two unsigned numbers (packets bytes), got "${p!.text} ${b!.text}"`, p!.spanTo(b!));
    } else {
      this.counters = { packets: BigInt(p!.text), bytes: BigInt(b!.text) };
    }
  }

  private loadMatch(name: string, first: Arg): LoadedMatch {
    const family = this.env.family;
    const known = findMatch(name, family);
    const l: LoadedMatch = new Loaded(known?.spec.name ?? name, known?.kind ?? `?${name}`, known, first);
    this.matches.add(l);
    if (!known) {
      this.report('UnknownMatch', `match module "${name}" is not modelled by nfverify; it is kept as opaque and treated as "may match"`, first.span);
    } else if (!known.spec.families.includes(family)) {
      this.report('WrongFamily', `the ${name} match exists only for ${known.spec.families.join('/')}, not ${family}`, first.span);
    }
    return l;
  }

  /** getopt_long accepts an unambiguous prefix of a long option ("--mac" for "--mac-source"). */
  private abbreviation(prefix: string): { l: LoadedMatch | LoadedTarget; f: string } | undefined {
    const loaded: (LoadedMatch | LoadedTarget)[] = [...(this.target ? [this.target] : []), ...this.matches.live()];
    const hits = loaded.flatMap((l) => [...(l.known?.flags.keys() ?? [])].filter((f) => f.startsWith(prefix)).map((f) => ({ l, f })));
    return new Set(hits.map((h) => h.f)).size === 1 ? hits[0] : undefined;
  }

  /** Assigns a non-base option to its owner, as command_default does. */
  private assignOption(written: Arg, negated: Arg | null): void {
    let flag = written;
    const target = this.target;
    let owner: LoadedMatch | LoadedTarget | undefined = target?.owns(flag.text) ? target : this.matches.ownerOf(flag.text);
    if (!owner && flag.text.startsWith('--')) {
      const hit = this.abbreviation(flag.text);
      if (hit) {
        this.report('Abbreviation', `"${flag.text}" is read as "${hit.f}" (getopt accepts unambiguous prefixes); iptables-save prints the full name`, flag.span);
        flag = flag.withText(hit.f);
        owner = hit.l;
      }
    }
    if (!owner) owner = this.implicitProtoMatch(flag);
    if (!owner) {
      this.unowned(flag, negated);
      return;
    }
    const [key, os] = owner.option(flag.text)!;
    let isNeg = negated !== null;
    if (negated && !os.negatable) {
      this.report('NotNegatable', `${flag.text} of ${owner.name} cannot be negated`, negated.span);
      isNeg = false;
    }
    if (this.oldNegation(flag, os.negatable)) isNeg = true;
    const vals = typeof os.arity === 'number' ? this.takeValues(flag, os.arity, os.arity) : this.takeValues(flag, os.arity[0], os.arity[1]);
    if (!vals) return;
    if (!os.repeatable && owner.uses.some((u) => u.name === key)) {
      this.report('DuplicateOption', `${flag.text} may be given only once for ${owner.name}`, flag.span);
    }
    owner.addUse(new Use(flag.text, key, isNeg, vals, negated, flag));
    owner.last = vals[vals.length - 1] ?? flag;
  }

  /** Loads `-p`'s protocol match for an option nobody owns, once per rule (iptables load_proto). */
  private implicitProtoMatch(flag: Arg): LoadedMatch | undefined {
    const proto = this.proto;
    if (!proto || proto.negated || this.implicitTried) return undefined;
    this.implicitTried = true;
    const family = this.env.family;
    const pm = protoMatchName(proto.value, family);
    const known = pm ? findMatch(pm, family) : undefined;
    if (pm && known?.flags.has(flag.text) && !this.matches.hasModule(known.kind)) return this.loadMatch(pm, flag);
    return undefined;
  }

  /** An option no known extension owns: an opaque extension's own, else unknown. */
  private unowned(flag: Arg, negated: Arg | null): void {
    const { args } = this;
    const target = this.target;
    // After an opaque extension, unknown options are its own: we cannot know its option table.
    const opaque = target && !target.known ? target : this.matches.lastOpaque;
    if (opaque) {
      const raw = opaque.raw!;
      if (negated) raw.push('!');
      raw.push(flag.text);
      while (args[this.i] && args[this.i]!.kind !== 'flag') raw.push(args[this.i++]!.text);
      opaque.last = args[this.i - 1] ?? flag;
      return;
    }
    const loaded = this.matches.list;
    const ctxt = loaded.length > 0 || target ? ` for ${[...loaded.map((m) => `-m ${m.name}`), ...(target ? [`-j ${target.name}`] : [])].join(', ')}` : '';
    this.report('UnknownOption', `unknown option "${flag.text}"${ctxt}`, flag.span);
    // Skip its values so they are not reported again as stray arguments.
    while (args[this.i]?.kind === 'value') this.i++;
  }
}

/** Lowers `args[start..]`, the arguments of a rule after its chain (and position). */
export function lowerRuleArgs(args: readonly Arg[], start: number, env: RuleLowerEnv): RuleSpec {
  return new RuleLowerer(args, start, env).lower();
}
