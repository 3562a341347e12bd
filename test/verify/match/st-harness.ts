/**
 * Differential harness for the symbolic match compilers of st-util.ts's
 * kinds: a rule from iptables-save text (the real parser), the simulator's
 * MatchFn and the SymMatch for its match, and random valid packets biased
 * toward the rule's and the host's own values. For each packet, the set the
 * packet falls in (yes / unk / drop / none of them) must be the answer the
 * simulator gives (true / Unknown / hot-drop / false); an Unknown of ours
 * ("not modelled symbolically: ...") stands for packets on which the
 * simulator reads state that is not a field, so it admits any answer there.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { ExtensionMatch } from '../../../src/ir/matches/index.js';
import type { Hook } from '../../../src/ir/names.js';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { FIELDS, FIELD_NAMES, fieldMax } from '../../../src/ir/packet/fields.js';
import type { Packet } from '../../../src/ir/packet/packet.js';
import { minLength, normalizePacket, validatePacket } from '../../../src/ir/packet/packet.js';
import type { Rule } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Conn } from '../../../src/sim/conntrack/conn.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Tri } from '../../../src/sim/engine/tri.js';
import { isUnknown } from '../../../src/sim/engine/tri.js';
import type { Host } from '../../../src/sim/host/host.js';
import type { IpsetStore } from '../../../src/sim/ipset/store.js';
import { isHotdrop } from '../../../src/sim/match/hotdrop.js';
import { MATCH_COMPILERS } from '../../../src/sim/match/index.js';
import type { MatchFn } from '../../../src/sim/match/contract.js';
import type { FieldHints } from '../../../src/testing/index.js';
import { rulesetHints } from '../../../src/testing/index.js';
import type { SymMatch, SymMatchCompiler } from '../../../src/verify/match/contract.js';
import { isNotModelled } from '../../../src/verify/match/st-util.js';
import { PacketSpace } from '../../../src/verify/space/space.js';
import type { DecodeOptions } from '../../../src/verify/space/decode.js';
import { decodePacket } from '../../../src/verify/space/decode.js';
import { conn, plainHost } from '../../sim/match/basic-harness.js';

export interface CaseOpts {
  readonly family?: Family;
  readonly table?: string;
  readonly chain?: string;
  /** The hook the rule is evaluated in (default: the chain's, or PREROUTING for a user chain). */
  readonly hook?: Hook;
  readonly host?: Host;
  readonly ipsets?: IpsetStore | null;
  /** Extra values to draw, per field. */
  readonly hints?: FieldHints;
  /** Device names the packet space tells apart besides the host's and the rule's (default: the host's). */
  readonly ifaceNames?: readonly string[];
  /** Exactly these device names for the packet space (not even the host's): to test classes the host's devices fall into. */
  readonly onlyNames?: readonly string[];
  /** Wildcard device prefixes the packet space tells apart. */
  readonly ifacePrefixes?: readonly string[];
  /** Several different simulator Unknowns are possible: compare only that both are unknown. */
  readonly anyReason?: boolean;
  readonly runs?: number;
  /** Packets decoded from each sym set (default 8). */
  readonly witnesses?: number;
}

const HOOKS: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** What a check reads of a case. */
export interface AnyCase {
  readonly space: PacketSpace;
  readonly sym: SymMatch;
  readonly sim: MatchFn;
  readonly hook: Hook;
  readonly arb: fc.Arbitrary<Packet>;
}

export interface Case<K extends ExtensionMatch['kind']> extends AnyCase {
  readonly rule: Rule;
  readonly match: Extract<ExtensionMatch, { readonly kind: K }>;
  readonly family: Family;
}

function ruleText(line: string, table: string, chain: string): string {
  const builtin = HOOKS.includes(chain);
  return `*${table}\n:${chain} ${builtin ? 'ACCEPT' : '-'} [0:0]\n-A ${chain} ${line}\nCOMMIT\n`;
}

/** Builds both compilers' answers for the first `-m KIND` of `-A CHAIN <line>`. */
export function makeCase<K extends ExtensionMatch['kind']>(kind: K, symCompiler: SymMatchCompiler<K>, line: string, o: CaseOpts = {}): Case<K> {
  const family = o.family ?? 'ipv4';
  const table = o.table ?? 'filter';
  const chain = o.chain ?? 'INPUT';
  const hook = o.hook ?? ((HOOKS.includes(chain) ? chain : 'PREROUTING') as Hook);
  const r = parseRuleset(ruleText(line, table, chain), { file: 't.rules', family });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  const rule = r.value.tables[0]?.chains.find((c) => c.name === chain)?.rules[0];
  if (!rule) throw new Error(`no rule in ${line}`);
  const match = rule.matches.find((x): x is Extract<ExtensionMatch, { readonly kind: K }> => x.kind === kind);
  if (!match) throw new Error(`no -m ${kind} in "${line}"`);
  const host = o.host ?? plainHost(family);
  const ipsets = o.ipsets ?? null;
  const hints = rulesetHints(r.value);
  const ruleIfaces = [...(hints.inIface ?? []), ...(hints.outIface ?? [])].filter((n): n is string => typeof n === 'string');
  const names = o.onlyNames ?? [...new Set([...host.interfaces.map((d) => d.name), ...ruleIfaces, ...(o.ifaceNames ?? [])])];
  const space = spaceFor(family, names, o.ifacePrefixes ?? []);
  const simCompiler = MATCH_COMPILERS[kind] as unknown as (m: typeof match, env: { family: Family; host: Host; ipsets: IpsetStore | null; rule: Rule }) => MatchFn;
  const sim = simCompiler(match, { family, host, ipsets, rule });
  const sym = symCompiler(match, { space, family, host, ipsets, rule, hook });
  const merged = mergeHints(hints, o.hints ?? {});
  return { rule, match, space, sym, sim, hook, family, arb: packetArb(family, names, merged) };
}

const spaces = new Map<string, PacketSpace>();

/** One packet space per family and device names, shared by the cases (its domain is computed once). */
function spaceFor(family: Family, names: readonly string[], prefixes: readonly string[]): PacketSpace {
  const key = `${family}|${[...names].sort().join(',')}|${[...prefixes].sort().join(',')}`;
  let s = spaces.get(key);
  if (!s) spaces.set(key, (s = new PacketSpace(family, { ifaceNames: names, ifacePrefixes: prefixes })));
  return s;
}

function mergeHints(a: FieldHints, b: FieldHints): FieldHints {
  const out: Record<string, readonly (number | bigint | string)[]> = {};
  for (const f of FIELD_NAMES) {
    const v = [...(a[f] ?? []), ...(b[f] ?? [])];
    if (v.length > 0) out[f] = v;
  }
  return out as FieldHints;
}

/** Hints for an address field: each value and its neighbours. */
export function around(values: readonly bigint[], max: bigint): bigint[] {
  return values.flatMap((v) => [v - 1n, v, v + 1n]).filter((v) => v >= 0n && v <= max);
}

function fieldArb(f: FieldName, family: Family, names: readonly string[], hints: readonly (number | bigint | string)[] | undefined): fc.Arbitrary<unknown> {
  const spec = FIELDS[f];
  let base: fc.Arbitrary<unknown>;
  switch (spec.kind) {
    case 'bits': {
      const max = fieldMax(spec, family);
      base = spec.repr === 'bigint' ? fc.bigInt({ min: 0n, max }) : fc.integer({ min: 0, max: Number(max) });
      break;
    }
    case 'enum':
      base = fc.constantFrom(...spec.values);
      break;
    case 'iface': {
      const named = fc.oneof({ arbitrary: fc.constantFrom(...names, 'eth0', 'lo'), weight: 4 }, { arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), weight: 1 });
      base = spec.none ? fc.oneof(fc.constant(''), named) : named;
      break;
    }
  }
  const ok = (hints ?? []).filter((h) => (spec.kind === 'bits' ? (spec.repr === 'bigint' ? typeof h === 'bigint' : typeof h === 'number') : typeof h === 'string'));
  return ok.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...ok), weight: 2 }, { arbitrary: base, weight: 1 }) : base;
}

/** Valid packets of `family`, each field drawn from its hints two times in three. */
export function packetArb(family: Family, names: readonly string[], hints: FieldHints): fc.Arbitrary<Packet> {
  const per = {} as Record<FieldName, fc.Arbitrary<unknown>>;
  for (const f of FIELD_NAMES) per[f] = fieldArb(f, family, names, hints[f]);
  return fc
    .record(per)
    .map((fields) => repair(normalizePacket({ ...fields, family } as unknown as Packet)))
    .filter((p) => validatePacket(p).length === 0);
}

const SEEN_REPLY = 2;
const EXPECTED = 1;
const CONFIRMED = 8;

/** Moves a drawn packet into the valid ones (so few draws are filtered away): length, input device, conntrack invariants. */
function repair(p: Packet): Packet {
  const min = minLength(p.family, p.proto, p.fragment);
  const length = p.length >= min ? p.length : min + (p.length % 64);
  const inIface = p.origin === 'remote' && p.inIface === '' ? 'eth0' : p.inIface;
  let { ctStatus, ctDirection } = p;
  if (p.ctState === 'NEW') {
    ctDirection = 'ORIGINAL';
    ctStatus &= ~(SEEN_REPLY | EXPECTED);
  }
  if (p.ctState === 'ESTABLISHED' && ctDirection === 'ORIGINAL') ctStatus |= SEEN_REPLY;
  if (ctDirection === 'REPLY' || ctStatus & SEEN_REPLY) ctStatus |= CONFIRMED;
  const tracked = p.ctState === 'NEW' || p.ctState === 'ESTABLISHED' || p.ctState === 'RELATED';
  return { ...p, length, inIface, ...(tracked ? { ctStatus, ctDirection } : {}) };
}

/** The conntrack entry a tracked packet might have: counters, helper and master drawn at random. */
const connArb = fc.record({
  packets: fc.tuple(fc.nat(5), fc.nat(5)),
  bytes: fc.tuple(fc.nat(3000), fc.nat(3000)),
  synthetic: fc.boolean(),
  master: fc.option(fc.option(fc.constantFrom('ftp', 'sip', 'tftp', 'amanda'), { nil: null }), { nil: undefined }),
});

type ConnDraw = typeof connArb extends fc.Arbitrary<infer T> ? T : never;

function connOf(p: Packet, d: ConnDraw): Conn | null {
  if (p.ctState === 'INVALID' || p.ctState === 'UNTRACKED') return null;
  // The kernel sets ct->master exactly on expected connections (IPS_EXPECTED).
  const master = d.master === undefined || (p.ctStatus & 1) === 0 ? null : conn({ family: p.family, helper: d.master });
  return conn({ family: p.family, status: p.ctStatus, mark: p.ctMark, packets: d.packets, bytes: d.bytes, synthetic: d.synthetic, master });
}

/** The variable assignment of packet p (what space.point(p) is the cube of), for BddManager.evaluate. */
export function assignmentOf(space: PacketSpace, p: Packet): Uint8Array {
  const a = new Uint8Array(space.layout.varCount);
  for (const f of FIELD_NAMES) {
    const vars = space.vars(f);
    const code = space.code(f, p[f] as never);
    for (let i = 0; i < vars.length; i++) a[vars[i]!] = Number((code >> BigInt(vars.length - 1 - i)) & 1n);
  }
  return a;
}

/** What the sym sets say about p: 'yes' | 'unk' | 'drop' | 'no'; throws if they overlap on it. */
export function symAnswer(c: AnyCase, p: Packet): 'yes' | 'unk' | 'drop' | 'no' {
  const a = assignmentOf(c.space, p);
  const inYes = c.space.bdd.evaluate(c.sym.yes, a);
  const inUnk = c.space.bdd.evaluate(c.sym.unk, a);
  const inDrop = c.space.bdd.evaluate(c.sym.drop, a);
  if (Number(inYes) + Number(inUnk) + Number(inDrop) > 1) throw new Error('yes/unk/drop overlap');
  return inYes ? 'yes' : inUnk ? 'unk' : inDrop ? 'drop' : 'no';
}

/** The simulator's answer on p (with a drawn conntrack entry). */
export function simAnswer(c: AnyCase, p: Packet, d: ConnDraw): Tri {
  const skb = skbFromPacket(p, connOf(p, d));
  skb.hook = c.hook;
  return c.sim(skb);
}

/** Checks one packet; returns a message on disagreement. */
export function disagreement(c: AnyCase, p: Packet, d: ConnDraw, anyReason: boolean): string | null {
  const s = symAnswer(c, p);
  const r = simAnswer(c, p, d);
  const simText = r === true ? 'true' : r === false ? 'false' : isHotdrop(r) ? `hotdrop(${r.reason})` : `unknown(${r.module}: ${r.reason})`;
  const u = c.sym.unknown;
  switch (s) {
    case 'yes':
      return r === true ? null : `sym yes, sim ${simText}`;
    case 'no':
      return r === false ? null : `sym false, sim ${simText}`;
    case 'drop':
      return isUnknown(r) && isHotdrop(r) ? null : `sym drop, sim ${simText}`;
    case 'unk':
      if (u === null) return 'unk without an Unknown';
      if (isNotModelled(u)) return null;
      if (!isUnknown(r) || isHotdrop(r)) return `sym unknown(${u.reason}), sim ${simText}`;
      if (r.module !== u.module) return `module ${u.module} vs sim ${r.module}`;
      return anyReason || r.reason === u.reason ? null : `sym unknown(${u.reason}), sim ${simText}`;
  }
}

export type Counts = Record<'yes' | 'unk' | 'drop' | 'no', number>;

/** The differential property: `runs` random packets (default 300); returns how often each answer came up. */
export function checkCase(c: AnyCase, o: CaseOpts = {}): Counts {
  if ((c.sym.unk === 0) !== (c.sym.unknown === null)) throw new Error('unknown must be null exactly when unk is empty');
  const counts: Counts = { yes: 0, unk: 0, drop: 0, no: 0 };
  fc.assert(
    fc.property(c.arb, connArb, (p, d) => {
      const msg = disagreement(c, p, d, o.anyReason ?? false);
      if (msg !== null) throw new Error(msg);
      counts[symAnswer(c, p)]++;
    }),
    { numRuns: o.runs ?? 300 },
  );
  checkWitnesses(c, o);
  if (process.env['ST_COUNTS']) console.log(JSON.stringify(counts));
  return counts;
}

/**
 * Packets drawn from each of the sym sets (yes, unk, drop, and the rest):
 * a random packet, moved into the set by decodePacket preferring its own
 * values, so every answer the SymMatch gives is checked even when random
 * packets rarely reach it (multi-dimensional sets, host cells).
 */
export function checkWitnesses(c: AnyCase, o: CaseOpts = {}): void {
  const b = c.space.bdd;
  const rest = b.not(b.orAll([c.sym.yes, c.sym.unk, c.sym.drop]));
  const n = o.witnesses ?? 8;
  const seeds = fc.sample(fc.tuple(c.arb, connArb), n * 4);
  [c.sym.yes, c.sym.unk, c.sym.drop, rest].forEach((set, k) => {
    for (let i = 0; i < n; i++) {
      const [seed, d] = seeds[k * n + i]!;
      const prefer: Record<string, readonly unknown[]> = {};
      for (const f of FIELD_NAMES) prefer[f] = [seed[f]];
      const p = decodePacket(c.space, set, { defaults: { inIface: 'eth0' }, prefer: prefer as DecodeOptions['prefer'] });
      if (p === null) return;
      const msg = disagreement(c, p, d, o.anyReason ?? false);
      if (msg !== null) throw new Error(`${msg} on witness ${JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v))}`);
    }
  });
}

/** makeCase + checkCase. */
export function differential<K extends ExtensionMatch['kind']>(kind: K, sym: SymMatchCompiler<K>, line: string, o: CaseOpts = {}): Counts {
  return checkCase(makeCase(kind, sym, line, o), o);
}
