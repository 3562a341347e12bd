/**
 * Differential harness for the symbolic match compilers of the `hdr` group
 * (tcp ... ipv6header): a rule from iptables-save text through the real
 * parser, the simulator's MatchFn (MATCH_COMPILERS) and the SymMatch of the
 * same match, and random valid packets (src/testing packetArbitrary, biased
 * toward the rule's own values): for each packet, the set that holds it
 * (yes / unk / drop / none) must be the MatchFn's answer on its skb
 * (true / Unknown / hot-drop / false), and the Unknown must be the
 * simulator's (same module, its reason part of the SymMatch's).
 *
 * The packet's conntrack entry is the one the simulator makes up for a
 * packet whose ct fields are given (conntrack/track.ts givenConn): its own
 * tuple and the inverse, status and mark from the fields. Where no such
 * entry can exist (no tuple, no inverse) a stand-in with arbitrary tuples
 * is used and only definite symbolic answers are checked (`loose`).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { ExtensionMatch } from '../../../src/ir/matches/index.js';
import type { Hook } from '../../../src/ir/names.js';
import { FIELD_NAMES } from '../../../src/ir/packet/fields.js';
import type { FieldValue, Packet } from '../../../src/ir/packet/packet.js';
import { validatePacket } from '../../../src/ir/packet/packet.js';
import type { Rule, Ruleset } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Conn, Tuple } from '../../../src/sim/conntrack/conn.js';
import { invertTuple, tupleOf } from '../../../src/sim/conntrack/l4/index.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Tri } from '../../../src/sim/engine/tri.js';
import { isUnknown } from '../../../src/sim/engine/tri.js';
import type { Host } from '../../../src/sim/host/host.js';
import { isHotdrop } from '../../../src/sim/match/hotdrop.js';
import { MATCH_COMPILERS } from '../../../src/sim/match/index.js';
import type { MatchFn } from '../../../src/sim/match/contract.js';
import { packetArbitrary } from '../../../src/testing/index.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';
import { FALSE } from '../../../src/verify/bdd/index.js';
import type { SymMatch, SymMatchCompiler } from '../../../src/verify/match/contract.js';
import type { DecodeOptions } from '../../../src/verify/space/decode.js';
import { decodePacket } from '../../../src/verify/space/decode.js';
import { PacketSpace } from '../../../src/verify/space/space.js';
import { plainHost } from '../../sim/match/basic-harness.js';
import { HDR_SYM } from './hdr-kinds.js';

export type HdrKind = keyof typeof HDR_SYM;
export type Answer = 'true' | 'false' | 'unknown' | 'drop';

export interface CaseOpts {
  readonly family?: Family;
  readonly hook?: Hook;
  readonly host?: Host;
  /** Extra rule lines (same chain) whose values only bias the packets. */
  readonly hints?: readonly string[];
  /**
   * A rule the parser reports (e.g. `-m tcp` without `-p tcp`, which the
   * kernel refuses) is still compiled: the MatchFn then checks the protocol
   * itself, the path `protoMiss` mirrors.
   */
  readonly allowErrors?: boolean;
  /**
   * Parse the rule as this family but compile it for `family`: the parser
   * drops a match of the wrong family (ttl in ip6tables), so this is how
   * the compilers' "the kernel refuses this rule" answers are reached.
   */
  readonly parseFamily?: Family;
  /**
   * Compile as if the rule had no `-p` (the parser keeps no match whose
   * protocol the rule lacks for some modules): the MatchFn's own protocol
   * check then runs.
   */
  readonly dropProto?: boolean;
}

/** A short test title suffix: family, hook, and what else the case sets. */
export function caseLabel(o: CaseOpts): string {
  const parts: string[] = [o.family ?? 'ipv4', o.hook ?? 'INPUT'];
  if (o.parseFamily) parts.push(`parsed as ${o.parseFamily}`);
  if (o.allowErrors) parts.push('refused rule');
  if (o.dropProto) parts.push('without -p');
  if (o.host) parts.push('test host');
  return parts.join(', ');
}

const TABLE_OF: Readonly<Record<Hook, string>> = {
  PREROUTING: 'mangle', INPUT: 'filter', FORWARD: 'filter', OUTPUT: 'filter', POSTROUTING: 'mangle',
};

export interface Compiled {
  readonly rule: Rule;
  readonly ruleset: Ruleset;
  readonly space: PacketSpace;
  readonly sym: SymMatch;
  readonly sim: MatchFn;
  readonly hook: Hook;
  readonly host: Host;
}

/** A space whose device universe holds the host's devices and every name the ruleset tests. */
function spaceFor(family: Family, host: Host, rs: Ruleset): PacketSpace {
  const names = new Set(host.interfaces.map((i) => i.name));
  const prefixes = new Set<string>();
  const add = (n: { readonly name: string; readonly wildcard: boolean } | undefined): void => {
    if (n === undefined) return;
    if (n.wildcard) prefixes.add(n.name);
    else names.add(n.name);
  };
  for (const t of rs.tables) for (const c of t.chains) for (const r of c.rules) {
    add(r.inIface?.value);
    add(r.outIface?.value);
    for (const m of r.matches) if (m.kind === 'physdev') {
      add(m.in?.value);
      add(m.out?.value);
    }
  }
  // A fresh manager per case: decoding witnesses allocates nodes, and a manager never frees any.
  return new PacketSpace(family, { ifaceNames: names, ifacePrefixes: prefixes });
}

/** Parses `line` (plus hint lines) in the hook's chain and compiles its first `-m kind` both ways. */
export function compileBoth<K extends HdrKind>(kind: K, line: string, o: CaseOpts = {}): Compiled {
  const family = o.family ?? 'ipv4';
  const hook = o.hook ?? 'INPUT';
  const table = TABLE_OF[hook];
  const lines = [line, ...(o.hints ?? [])].map((l) => `-A ${hook} ${l}`).join('\n');
  const text = `*${table}\n:${hook} ACCEPT [0:0]\n${lines}\nCOMMIT\n`;
  const r = parseRuleset(text, { file: 't.rules', family: o.parseFamily ?? family });
  if (!o.allowErrors) expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  const parsed = r.value.tables[0]?.chains.find((c) => c.name === hook)?.rules[0];
  if (!parsed) throw new Error(`no rule in ${text}`);
  const rule: Rule = o.dropProto ? { ...parsed, proto: null } : parsed;
  const m = rule.matches.find((x): x is Extract<ExtensionMatch, { readonly kind: K }> => x.kind === kind);
  if (!m) throw new Error(`no -m ${kind} in "${line}"`);
  const host = o.host ?? plainHost(family);
  const ruleset: Ruleset = { ...r.value, family };
  const space = spaceFor(family, host, ruleset);
  const symCompiler = HDR_SYM[kind] as unknown as SymMatchCompiler<K>;
  const simCompiler = MATCH_COMPILERS[kind] as unknown as (mm: typeof m, env: { family: Family; host: Host; ipsets: null; rule: Rule }) => MatchFn;
  const sym = symCompiler(m, { space, family, host, ipsets: null, rule, hook });
  const sim = simCompiler(m, { family, host, ipsets: null, rule });
  return { rule, ruleset, space, sym, sim, hook, host };
}

let nextId = 1;

/** The entry givenConn makes up for a packet with given ct fields; `loose` when it could not exist. */
function ctOf(p: Packet, skb0: Skb): { readonly ct: Conn | null; readonly loose: boolean } {
  if (p.ctState === 'INVALID' || p.ctState === 'UNTRACKED') return { ct: null, loose: false };
  const own = tupleOf(skb0);
  const inv = own ? invertTuple(own, p.family) : null;
  const fake: Tuple = { src: 1n, dst: 2n, proto: p.proto, sport: 7, dport: 9 };
  const o = own ?? fake;
  const i = inv ?? fake;
  const [orig, reply] = p.ctDirection === 'REPLY' ? [i, o] : [o, i];
  const ct: Conn = {
    family: p.family, id: nextId++, orig, reply, status: p.ctStatus, mark: p.ctMark,
    natSrcDone: false, natDstDone: false, l4: { proto: 'other' }, helper: null, master: null,
    synthetic: true, packets: [0, 0], bytes: [0, 0],
  };
  return { ct, loose: own === null || inv === null };
}

/** The working packet the MatchFn sees at `hook`, with its made-up entry. */
export function skbAt(p: Packet, hook: Hook): { readonly skb: Skb; readonly loose: boolean } {
  const { ct, loose } = ctOf(p, skbFromPacket(p, null));
  const skb = skbFromPacket(p, ct);
  skb.hook = hook;
  return { skb, loose };
}

export function answerOf(t: Tri): Answer {
  if (t === true) return 'true';
  if (t === false) return 'false';
  return isHotdrop(t) ? 'drop' : 'unknown';
}

/** The packet as a full assignment of the space's variables (for BddManager.evaluate). */
function assignmentOf(space: PacketSpace, p: Packet): Uint8Array {
  const a = new Uint8Array(space.layout.varCount);
  for (const f of FIELD_NAMES) {
    const vars = space.vars(f);
    const code = space.code(f, p[f] as FieldValue<typeof f>);
    vars.forEach((v, i) => {
      a[v] = Number((code >> BigInt(vars.length - 1 - i)) & 1n);
    });
  }
  return a;
}

/**
 * `space.contains(set, p)` without building the point's BDD: the spaces are
 * shared across cases and the manager never frees nodes, so thousands of
 * points would exhaust its budget. `exact` also asks space.contains and
 * checks the two agree.
 */
function holds(space: PacketSpace, set: Bdd, p: Packet, a: Uint8Array, exact: boolean): boolean {
  const r = space.bdd.evaluate(set, a);
  if (exact) expect(space.contains(set, p)).toBe(r);
  return r;
}

/** Which set of `sym` holds `p`, failing if more than one does. */
export function symAnswer(space: PacketSpace, sym: SymMatch, p: Packet, exact = false): Answer {
  const a = assignmentOf(space, p);
  const inSets = (['yes', 'unk', 'drop'] as const).filter((k) => holds(space, sym[k], p, a, exact));
  expect(inSets.length).toBeLessThanOrEqual(1);
  const k = inSets[0];
  return k === 'yes' ? 'true' : k === 'unk' ? 'unknown' : k === 'drop' ? 'drop' : 'false';
}

/** Checks the shape of a SymMatch: disjoint sets, an Unknown exactly when `unk` is not empty. */
export function checkShape(space: PacketSpace, sym: SymMatch): void {
  const b = space.bdd;
  expect(b.and(sym.yes, sym.unk)).toBe(FALSE);
  expect(b.and(sym.yes, sym.drop)).toBe(FALSE);
  expect(b.and(sym.unk, sym.drop)).toBe(FALSE);
  expect(sym.unknown === null).toBe(sym.unk === FALSE);
}

/** A packet of `set` close to `p` (its values where the set allows them), or null for an empty set. */
function nearIn(space: PacketSpace, set: Bdd, p: Packet): Packet | null {
  const prefer: Record<string, unknown[]> = {};
  for (const f of FIELD_NAMES) prefer[f] = [p[f]];
  return decodePacket(space, set, { defaults: { inIface: 'eth0' }, prefer: prefer as DecodeOptions['prefer'] });
}

/**
 * The property: on `runs` random packets the SymMatch agrees with the
 * MatchFn, and on packets decoded from a randomly chosen outcome set (near
 * the random one) in half of the runs, so every outcome the SymMatch claims is
 * checked, not only the ones random packets happen to hit.
 */
export function checkAgainstSim<K extends HdrKind>(kind: K, line: string, o: CaseOpts = {}, runs = 300): ReadonlyMap<Answer, number> {
  const c = compileBoth(kind, line, o);
  const { space, sym } = c;
  checkShape(space, sym);
  const b = space.bdd;
  const sets: Readonly<Record<Answer, Bdd>> = { true: sym.yes, unknown: sym.unk, drop: sym.drop, false: b.not(b.orAll([sym.yes, sym.unk, sym.drop])) };
  const arb = packetArbitrary({ family: space.family, ruleset: c.ruleset, ifaces: [...c.host.interfaces.map((i) => i.name), 'veth1'] });
  let n = 0;
  const seen = new Map<Answer, number>();
  const check = (p: Packet): void => {
    expect(validatePacket(p)).toEqual([]);
    const { skb, loose } = skbAt(p, c.hook);
    const t = c.sim(skb);
    const want = answerOf(t);
    const got = symAnswer(space, sym, p, n++ < 3);
    seen.set(want, (seen.get(want) ?? 0) + 1);
    if (loose && got === 'unknown') return;
    expect({ line, packet: p, got }).toEqual({ line, packet: p, got: want });
    if (isUnknown(t) && !isHotdrop(t)) {
      expect(sym.unknown?.module.split('+')).toContain(t.module);
      expect(sym.unknown?.reason.split('; or ')).toContain(t.reason);
    }
  };
  fc.assert(
    // Decoding costs a few ms (minUint per field), so half of the runs also check a decoded packet.
    fc.property(arb, fc.constantFrom<Answer | null>('true', 'false', 'unknown', 'drop', null, null, null, null), (p, which) => {
      check(p);
      if (which === null) return;
      const q = nearIn(space, sets[which], p);
      if (q !== null) check(q);
    }),
    { numRuns: runs },
  );
  if (process.env.NFV_HDR_STATS) console.log(kind, line, JSON.stringify(Object.fromEntries(seen)));
  return seen;
}
