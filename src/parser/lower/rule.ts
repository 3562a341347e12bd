/**
 * Lowers the arguments of one rule (everything after `-A CHAIN`) to a rule
 * spec, the way iptables' do_parse does with getopt_long:
 *  - base options (-s -d -p -i -o -f -j -g -m -c) first;
 *  - any other option goes to the target if it owns it, else to the
 *    earliest loaded match that owns it and is not "completed" (a second
 *    `-m X` completes the first X), else `-p`'s protocol match is loaded
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
import type { Match } from '../../ir/match.js';
import type { Neg } from '../../ir/neg.js';
import type { TableName } from '../../ir/names.js';
import type { Counters } from '../../ir/ruleset.js';
import type { Target } from '../../ir/target.js';
import type { LineIndex } from '../lexer/line-index.js';
import { argSpan, argsSpan, type Arg } from './args.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionSpec, OptionUse, TargetSpec } from './extensions/spec.js';
import { findMatch, findTarget, protoMatchName, type Known } from './registry.js';
import { parseCidrList } from './values/addr.js';
import { parseIface } from './values/iface.js';
import { parseProtocol } from './values/protocol.js';

/** A rule as written, before `-s a,b` expansion into kernel rules. */
export interface RuleSpec {
  readonly src: Neg<readonly Cidr[]> | null;
  readonly dst: Neg<readonly Cidr[]> | null;
  readonly proto: Neg<number> | null;
  readonly inIface: Neg<IfaceName> | null;
  readonly outIface: Neg<IfaceName> | null;
  readonly fragment: Neg<true> | null;
  readonly matches: readonly Match[];
  readonly target: Target | null;
  readonly counters: Counters | null;
}

export interface RuleLowerEnv {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  readonly lines: LineIndex;
  readonly diags: DiagnosticBag;
  /** Counters from the `[p:b]` prefix of the line, if any. */
  readonly lineCounters: Counters | null;
}

type BaseKey = 'src' | 'dst' | 'proto' | 'in' | 'out' | 'frag' | 'jump' | 'goto' | 'match' | 'counters';
const BASE: Readonly<Record<string, BaseKey>> = {
  '-s': 'src', '--source': 'src', '--src': 'src',
  '-d': 'dst', '--destination': 'dst', '--dst': 'dst',
  '-p': 'proto', '--protocol': 'proto',
  '-i': 'in', '--in-interface': 'in',
  '-o': 'out', '--out-interface': 'out',
  '-f': 'frag', '--fragment': 'frag',
  '-j': 'jump', '--jump': 'jump',
  '-g': 'goto', '--goto': 'goto',
  '-m': 'match', '--match': 'match',
  '-c': 'counters', '--set-counters': 'counters',
};
const BASE_NAMES: Readonly<Record<BaseKey, string>> = {
  src: '-s', dst: '-d', proto: '-p', in: '-i', out: '-o', frag: '-f', jump: '-j', goto: '-g', match: '-m', counters: '-c',
};

/** Commands that cannot appear inside a rule's arguments. */
const COMMAND_FLAGS = new Set(['-A', '--append', '-I', '--insert', '-D', '--delete', '-R', '--replace', '-N', '--new-chain', '-X', '--delete-chain', '-F', '--flush', '-P', '--policy', '-Z', '--zero', '-E', '--rename-chain', '-L', '--list', '-S', '--list-rules']);

/** One loaded extension instance and the option uses assigned to it. */
interface Loaded<S> {
  readonly name: string;
  readonly known: Known<S> | undefined;
  readonly uses: OptionUse[];
  /** Raw arguments for the opaque fallback (text as written, "!" kept). */
  readonly raw: string[];
  readonly first: Arg;
  last: Arg;
  completed: boolean;
}

const STANDARD: Readonly<Record<string, Target>> = {
  ACCEPT: { kind: 'accept' },
  DROP: { kind: 'drop' },
  RETURN: { kind: 'return' },
  QUEUE: { kind: 'queue' },
};

export function lowerRuleArgs(args: readonly Arg[], env: RuleLowerEnv): RuleSpec {
  const { lines, diags } = env;
  const report = (code: CodeName, message: string, span: Span) => diags.report(code, message, span);
  const ctxBase = { family: env.family, table: env.table, chain: env.chain, report };

  let src: Neg<readonly Cidr[]> | null = null;
  let dst: Neg<readonly Cidr[]> | null = null;
  let proto: Neg<number> | null = null;
  let inIface: Neg<IfaceName> | null = null;
  let outIface: Neg<IfaceName> | null = null;
  let fragment: Neg<true> | null = null;
  let counters: Counters | null = env.lineCounters;
  const seen = new Set<BaseKey>();
  const matches: Loaded<MatchSpec<unknown>>[] = [];
  let target: Loaded<TargetSpec<unknown>> | null = null;
  let targetIsGoto = false;
  let implicitTried = false;

  let i = 0;
  let negArg: Arg | null = null;
  // Spans of values are needed only when something is reported: computed on first use.
  const valueOf = (a: Arg): ArgValue => {
    let span: Span | undefined;
    return {
      text: a.text,
      quoted: a.quoted,
      get span() {
        return (span ??= argSpan(lines, a));
      },
    };
  };

  /** Takes the old-style "!" right after a flag, if present. */
  const oldNegation = (flag: Arg, negatable: boolean): boolean => {
    const next = args[i];
    if (next?.kind !== 'bang') return false;
    i++;
    if (!negatable) {
      report('NotNegatable', `${flag.text} cannot be negated`, argSpan(lines, next));
      return false;
    }
    if (negArg) report('BadValue', 'multiple consecutive "!" are not allowed', argSpan(lines, next));
    report('OldNegation', `"${flag.text} ! value" is the pre-1.4.3 negation syntax, which iptables 1.8 refuses; write "! ${flag.text} value"`, argsSpan(lines, flag, next));
    return true;
  };

  /** Takes exactly `min` arguments, then optional ones up to `max` while they are plain values. */
  const takeValues = (flag: Arg, min: number, max: number): Arg[] | null => {
    const out: Arg[] = [];
    while (out.length < min) {
      const a = args[i];
      if (!a) {
        report('MissingValue', `${flag.text} needs ${min === 1 ? 'a value' : `${min} values`}`, argSpan(lines, flag));
        return null;
      }
      out.push(a);
      i++;
    }
    while (out.length < max && args[i]?.kind === 'value') out.push(args[i++]!);
    return out;
  };

  const dupReported = new Set<BaseKey>();
  const baseSingle = (flag: Arg, key: BaseKey): Arg | null => {
    // iptables stops at the first duplicate; one report per option is enough.
    if (seen.has(key) && !dupReported.has(key)) {
      dupReported.add(key);
      report('DuplicateOption', `multiple ${BASE_NAMES[key]} flags are not allowed`, argSpan(lines, flag));
    }
    seen.add(key);
    const vals = takeValues(flag, 1, 1);
    return vals ? vals[0]! : null;
  };

  // Indexes that keep option lookup linear in the rule's length, however many matches it loads:
  // the live (not completed) instance of each module, and for each flag the live instances owning it.
  const liveByModule = new Map<string, Loaded<MatchSpec<unknown>>>();
  const ownersByFlag = new Map<string, { list: Loaded<MatchSpec<unknown>>[]; head: number }>();
  let lastOpaque: Loaded<MatchSpec<unknown>> | null = null;

  const loadMatch = (name: string, first: Arg, implicit: boolean): Loaded<MatchSpec<unknown>> => {
    const known = findMatch(name, env.family);
    const moduleKey = known?.kind ?? `?${name}`;
    const previous = liveByModule.get(moduleKey);
    if (previous) previous.completed = true;
    const l: Loaded<MatchSpec<unknown>> = { name: known?.spec.name ?? name, known, uses: [], raw: [], first, last: first, completed: false };
    liveByModule.set(moduleKey, l);
    if (known) {
      for (const f of known.flags.keys()) {
        const entry = ownersByFlag.get(f);
        if (entry) entry.list.push(l);
        else ownersByFlag.set(f, { list: [l], head: 0 });
      }
    } else lastOpaque = l;
    if (!known) {
      report('UnknownMatch', `match module "${name}" is not modelled by nfverify; it is kept as opaque and treated as "may match"`, argSpan(lines, first));
    } else if (!known.spec.families.includes(env.family)) {
      report('WrongFamily', `the ${name} match exists only for ${known.spec.families.join('/')}, not ${env.family}`, argSpan(lines, first));
    }
    if (implicit) l.raw.length = 0;
    matches.push(l);
    return l;
  };

  /** Assigns a non-base option to its owner, as command_default does. */
  const assignOption = (flag: Arg, negated: Arg | null): void => {
    const owners: Loaded<MatchSpec<unknown> | TargetSpec<unknown>>[] = [];
    if (target?.known?.flags.has(flag.text)) owners.push(target);
    const byFlag = ownersByFlag.get(flag.text);
    if (byFlag) {
      // Completed instances sit at the front (load order): skip them once.
      while (byFlag.head < byFlag.list.length && byFlag.list[byFlag.head]!.completed) byFlag.head++;
      const live = byFlag.list[byFlag.head];
      if (live) owners.push(live);
    }
    if (owners.length === 0 && flag.text.startsWith('--')) {
      // getopt_long accepts an unambiguous prefix of a long option ("--mac" for "--mac-source").
      const loaded = [...(target ? [target] : []), ...liveByModule.values()];
      const hits = loaded.flatMap((l) => [...(l.known?.flags.keys() ?? [])].filter((f) => f.startsWith(flag.text)).map((f) => ({ l, f })));
      const names = new Set(hits.map((h) => h.f));
      if (names.size === 1) {
        const h = hits[0]!;
        report('Abbreviation', `"${flag.text}" is read as "${h.f}" (getopt accepts unambiguous prefixes); iptables-save prints the full name`, argSpan(lines, flag));
        flag = { ...flag, text: h.f };
        owners.push(h.l);
      }
    }
    let owner = owners[0];
    if (!owner && proto && !proto.negated && !implicitTried) {
      implicitTried = true;
      const pm = protoMatchName(proto.value, env.family);
      const known = pm ? findMatch(pm, env.family) : undefined;
      if (pm && known?.flags.has(flag.text) && !liveByModule.has(known.kind)) {
        owner = loadMatch(pm, flag, true);
      }
    }
    if (!owner) {
      // After an opaque extension, unknown options are its own: we cannot know its option table.
      const opaque = target && !target.known ? target : lastOpaque;
      if (opaque) {
        if (negated) opaque.raw.push('!');
        opaque.raw.push(flag.text);
        while (args[i] && args[i]!.kind !== 'flag') opaque.raw.push(args[i++]!.text);
        opaque.last = args[i - 1] ?? flag;
        return;
      }
      const ctxt = matches.length > 0 || target ? ` for ${[...matches.map((m) => `-m ${m.name}`), ...(target ? [`-j ${target.name}`] : [])].join(', ')}` : '';
      report('UnknownOption', `unknown option "${flag.text}"${ctxt}`, argSpan(lines, flag));
      // Skip its values so they are not reported again as stray arguments.
      while (args[i]?.kind === 'value') i++;
      return;
    }
    const [key, os] = owner.known!.flags.get(flag.text)! as readonly [string, OptionSpec];
    let isNeg = negated !== null;
    if (negated && !os.negatable) {
      report('NotNegatable', `${flag.text} of ${owner.name} cannot be negated`, argSpan(lines, negated));
      isNeg = false;
    }
    if (oldNegation(flag, os.negatable)) isNeg = true;
    const [min, max] = typeof os.arity === 'number' ? [os.arity, os.arity] : os.arity;
    const vals = takeValues(flag, min, max);
    if (!vals) return;
    if (!os.repeatable && owner.uses.some((u) => u.name === key)) {
      report('DuplicateOption', `${flag.text} may be given only once for ${owner.name}`, argSpan(lines, flag));
    }
    const first = negated ?? flag;
    const last = vals[vals.length - 1] ?? flag;
    owner.uses.push({
      flag: flag.text,
      name: key,
      negated: isNeg,
      values: vals.map(valueOf),
      span: argsSpan(lines, first.offset <= last.offset ? first : flag, last),
      flagSpan: argSpan(lines, flag),
    });
    if (negated) owner.raw.push('!');
    owner.raw.push(flag.text, ...vals.map((v) => v.text));
    owner.last = last;
  };

  while (i < args.length) {
    const a = args[i++]!;
    if (a.kind === 'bang') {
      if (negArg) report('BadValue', 'multiple consecutive "!" are not allowed', argSpan(lines, a));
      negArg = a;
      if (i >= args.length) report('MissingValue', '"!" must be followed by the option it negates', argSpan(lines, a));
      continue;
    }
    if (a.kind !== 'flag') {
      // Stray arguments in a row are one problem (iptables stops at the first: "Bad argument").
      let last = a;
      while (args[i]?.kind === 'value') last = args[i++]!;
      const what = last === a ? `"${a.text}"` : `"${a.text} ..."`;
      report('UnexpectedToken', `unexpected argument ${what}: expected an option such as -s, -p, -m or -j`, argsSpan(lines, a, last));
      negArg = null;
      continue;
    }
    const neg = negArg;
    negArg = null;
    if (COMMAND_FLAGS.has(a.text)) {
      report('UnexpectedToken', `a second command "${a.text}" in one rule line`, argSpan(lines, a));
      continue;
    }
    const key = BASE[a.text];
    if (!key) {
      assignOption(a, neg);
      continue;
    }
    let negated = neg !== null;
    if (neg && (key === 'jump' || key === 'goto' || key === 'match' || key === 'counters')) {
      report('NotNegatable', `"!" cannot be used before ${a.text}`, argSpan(lines, neg));
      negated = false;
    }
    if (key !== 'jump' && key !== 'goto' && key !== 'match' && key !== 'counters' && key !== 'frag' && oldNegation(a, true)) negated = true;
    switch (key) {
      case 'src':
      case 'dst': {
        const v = baseSingle(a, key);
        if (!v) break;
        const list = parseCidrList(valueOf(v), { ...ctxBase, protocol: null }, env.family);
        if (list) {
          const n = { value: list, negated };
          if (key === 'src') src = n;
          else dst = n;
          if (negated && list.length > 1) report('BadValue', `! ${a.text} accepts a single address, not a list`, argSpan(lines, v));
        }
        break;
      }
      case 'proto': {
        const v = baseSingle(a, key);
        if (!v) break;
        const p = parseProtocol(valueOf(v), { ...ctxBase, protocol: null });
        if (p === null) break;
        if (p === 0) {
          if (negated) report('BadValue', '"! -p all" would never match; iptables refuses it', argSpan(lines, v));
          break;
        }
        proto = { value: p, negated };
        break;
      }
      case 'in':
      case 'out': {
        const v = baseSingle(a, key);
        if (!v) break;
        const ifc = parseIface(valueOf(v), { ...ctxBase, protocol: null });
        if (ifc) (key === 'in' ? (inIface = { value: ifc, negated }) : (outIface = { value: ifc, negated }));
        break;
      }
      case 'frag': {
        if (env.family === 'ipv6') {
          report('WrongFamily', '-f exists only in iptables (IPv4); ip6tables matches fragments with -m frag', argSpan(lines, a));
          break;
        }
        if (seen.has('frag')) report('DuplicateOption', 'multiple -f flags are not allowed', argSpan(lines, a));
        seen.add('frag');
        fragment = { value: true, negated };
        break;
      }
      case 'match': {
        const v = takeValues(a, 1, 1);
        if (v) loadMatch(v[0]!.text, v[0]!, false);
        break;
      }
      case 'jump':
      case 'goto': {
        const v = takeValues(a, 1, 1);
        if (!v) break;
        if (target) {
          report('MultipleTargets', `a rule can have only one -j or -g; "${a.text} ${v[0]!.text}" is a second one`, argsSpan(lines, a, v[0]!));
          break;
        }
        const name = v[0]!.text;
        targetIsGoto = key === 'goto';
        target = { name, known: targetIsGoto ? undefined : findTarget(name, env.family), uses: [], raw: [], first: v[0]!, last: v[0]!, completed: false };
        break;
      }
      case 'counters': {
        const v = takeValues(a, 2, 2);
        if (!v) break;
        const [p, b] = v;
        if (!/^\d+$/.test(p!.text) || !/^\d+$/.test(b!.text)) {
          report('BadCounters', `-c needs two unsigned numbers (packets bytes), got "${p!.text} ${b!.text}"`, argsSpan(lines, p!, b!));
        } else {
          counters = { packets: BigInt(p!.text), bytes: BigInt(b!.text) };
        }
        break;
      }
    }
  }
  if (negArg) report('MissingValue', '"!" at the end of the rule negates nothing', argSpan(lines, negArg));

  const protocol = proto && !proto.negated ? proto.value : null;
  const ctx: LowerCtx = { ...ctxBase, protocol };

  const lowered: Match[] = [];
  for (const m of matches) {
    const span = argsSpan(lines, m.first, m.last);
    if (m.known && m.known.spec.families.includes(env.family)) {
      const spec = m.known.spec;
      if (spec.proto !== undefined && (protocol !== spec.proto)) {
        report('NeedsProtocol', `the ${m.name} match needs "-p ${m.name === 'icmp6' ? 'ipv6-icmp' : m.name}"${proto?.negated ? ' (not negated)' : ''}; the kernel refuses the rule otherwise`, span);
      }
      const v = spec.lower(m.uses, ctx, span);
      if (v !== null) {
        lowered.push(v as Match);
        continue;
      }
    }
    lowered.push({ kind: 'opaque', name: m.name, args: m.raw, span });
  }

  let tgt: Target | null = null;
  if (target) {
    const t: Loaded<TargetSpec<unknown>> = target;
    const span = argsSpan(lines, t.first, t.last);
    const std = STANDARD[t.name];
    if (targetIsGoto) {
      // Whether the chain exists is the resolver's question (it sees the whole table).
      tgt = { kind: 'goto', chain: t.name, span };
    } else if (std) {
      tgt = std;
    } else if (t.known) {
      const spec = t.known.spec;
      if (!spec.families.includes(env.family)) {
        report('WrongFamily', `the ${t.name} target exists only for ${spec.families.join('/')}, not ${env.family}`, span);
        tgt = { kind: 'opaque', name: t.name, args: t.raw, span };
      } else {
        const v = spec.lower(t.uses, ctx, span);
        tgt = v !== null ? (v as Target) : { kind: 'opaque', name: t.name, args: t.raw, span };
      }
    } else if (t.raw.length > 0) {
      report('UnknownTarget', `target "${t.name}" is not modelled by nfverify; it is kept as opaque and treated conservatively`, span);
      tgt = { kind: 'opaque', name: t.name, args: t.raw, span };
    } else {
      // Neither a standard verdict, a known extension, nor (maybe) a chain: the
      // resolver decides between a jump and "no such chain or target".
      tgt = { kind: 'jump', chain: t.name, span };
    }
  }

  return { src, dst, proto, inIface, outIface, fragment, matches: lowered, target: tgt, counters };
}
