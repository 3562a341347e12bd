/**
 * Shared setup for the match compiler tests (l4, fields, ct, host): a rule
 * from iptables-save text through the real parser, its match compiled, and
 * a working packet from makePacket + skbFromPacket.
 */
import { expect } from 'vitest';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Family } from '../../../src/ir/family.js';
import type { ExtensionMatch } from '../../../src/ir/matches/index.js';
import type { Hook } from '../../../src/ir/names.js';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Rule } from '../../../src/ir/ruleset.js';
import { parseAddr } from '../../../src/ir/addr-format.js';
import type { Conn, Tuple } from '../../../src/sim/conntrack/conn.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Tri } from '../../../src/sim/engine/tri.js';
import { isUnknown } from '../../../src/sim/engine/tri.js';
import type { Host } from '../../../src/sim/host/host.js';
import { defaultHost } from '../../../src/sim/host/default-host.js';
import type { MatchCompiler, MatchFn } from '../../../src/sim/match/contract.js';

export interface RuleOpts {
  readonly family?: Family;
  readonly table?: string;
  readonly chain?: string;
  readonly host?: Host;
}

/** The one rule of `-A CHAIN <line>` in a table (default filter INPUT), parsed without errors. */
export function ruleOf(line: string, o: RuleOpts = {}): Rule {
  const table = o.table ?? 'filter';
  const chain = o.chain ?? 'INPUT';
  const text = `*${table}\n:${chain} ACCEPT [0:0]\n-A ${chain} ${line}\nCOMMIT\n`;
  const r = parseRuleset(text, { file: 't.rules', family: o.family ?? 'ipv4' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
  const rule = r.value.tables[0]?.chains.find((c) => c.name === chain)?.rules[0];
  if (!rule) throw new Error(`no rule in ${text}`);
  return rule;
}

const hosts = new Map<Family, Host>();

/** A default host (lo, eth0, eth1) for tests that do not look at the host. */
export function plainHost(family: Family): Host {
  let h = hosts.get(family);
  if (!h) {
    const a = (s: string): bigint => parseAddr(family, s)!;
    const p = family === 'ipv4' ? { src: a('198.51.100.9'), dst: a('192.0.2.10') } : { src: a('2001:db8:1::9'), dst: a('2001:db8:2::10') };
    h = defaultHost(null, { family, ...p, iif: 'eth0', oif: 'eth1' }).value;
    hosts.set(family, h);
  }
  return h;
}

/** Compiles the rule's first match of `kind` with `compiler`. */
export function compile<K extends ExtensionMatch['kind']>(kind: K, compiler: MatchCompiler<K>, line: string, o: RuleOpts = {}): MatchFn {
  const rule = ruleOf(line, o);
  const m = rule.matches.find((x): x is Extract<ExtensionMatch, { readonly kind: K }> => x.kind === kind);
  if (!m) throw new Error(`no -m ${kind} in "${line}": ${JSON.stringify(rule.matches.map((x) => x.kind))}`);
  const family = o.family ?? 'ipv4';
  return compiler(m, { family, host: o.host ?? plainHost(family), ipsets: null, rule });
}

/** Packet fields with addresses as text. */
export type PacketSpec = Omit<Partial<PacketInit>, 'srcAddr' | 'dstAddr' | 'family'> & {
  readonly family?: Family;
  readonly src?: string;
  readonly dst?: string;
};

export interface SkbOpts {
  readonly hook?: Hook;
  readonly ct?: Conn | null;
}

/** A working packet: defaults of the trace formats (TCP 40000 -> 80, SYN, received on eth0). */
export function skb(p: PacketSpec = {}, o: SkbOpts = {}): Skb {
  const family = p.family ?? 'ipv4';
  const { src, dst, family: _f, ...rest } = p;
  const a = (s: string): bigint => parseAddr(family, s)!;
  const init: PacketInit = {
    family,
    srcAddr: a(src ?? (family === 'ipv4' ? '198.51.100.9' : '2001:db8:1::9')),
    dstAddr: a(dst ?? (family === 'ipv4' ? '192.0.2.10' : '2001:db8:2::10')),
    ...rest,
  };
  const s = skbFromPacket(makePacket(init, { inIface: 'eth0' }), o.ct ?? null);
  if (o.hook) s.hook = o.hook;
  return s;
}

export function tuple(family: Family, src: string, dst: string, proto: number, sport: number, dport: number): Tuple {
  return { src: parseAddr(family, src)!, dst: parseAddr(family, dst)!, proto, sport, dport };
}

let nextId = 1;

/** A conntrack entry; by default a TCP one whose reply tuple mirrors the original. */
export function conn(over: Partial<Conn> & { readonly family?: Family; readonly synthetic?: boolean } = {}): Conn {
  const family = over.family ?? 'ipv4';
  const [s, d] = family === 'ipv4' ? ['198.51.100.9', '192.0.2.10'] : ['2001:db8:1::9', '2001:db8:2::10'];
  return {
    id: nextId++,
    orig: tuple(family, s, d, 6, 40000, 80),
    reply: tuple(family, d, s, 6, 80, 40000),
    status: 0,
    mark: 0,
    natSrcDone: false,
    natDstDone: false,
    l4: { proto: 'tcp', state: 'ESTABLISHED' },
    helper: null,
    master: null,
    packets: [0, 0],
    bytes: [0, 0],
    ...over,
    family,
  };
}

/** A Tri as text for table-driven expectations: 'true' | 'false' | 'unknown'. */
export function tri(t: Tri): 'true' | 'false' | 'unknown' {
  return isUnknown(t) ? 'unknown' : t ? 'true' : 'false';
}
