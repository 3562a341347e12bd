// Builders for target tests: a rule's target from iptables-save text, a working packet, a recording ctx.
import { expect } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { Hook } from '../../../src/ir/names.js';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Rule } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Conn, TcpState } from '../../../src/sim/conntrack/conn.js';
import type { Reply } from '../../../src/sim/engine/result.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Unknown } from '../../../src/sim/engine/tri.js';
import type { Host } from '../../../src/sim/host/host.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import { parseAddress } from '../../../src/sim/host/net-addr.js';
import type { IpsetStore } from '../../../src/sim/ipset/store.js';
import type { TargetCtx, TargetEnv, TargetOf, TargetVerdict } from '../../../src/sim/target/contract.js';
import type { ExtensionTarget } from '../../../src/ir/targets/index.js';
import { TARGET_COMPILERS } from '../../../src/sim/target/index.js';
import { formatAddr } from '../../../src/ir/addr-format.js';

export const ip = (s: string): bigint => parseAddress(s)!.addr;

/** A router: eth0 outside (203.0.113.5/24, default via .1), eth1 inside (10.1.0.1/24); both families; forwarding on. */
export const ROUTER = `
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24, 2001:db8::5/64] }
  - { name: eth1, addrs: [10.1.0.1/24, 2001:db8:1::1/64] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: default, via: 2001:db8::1, dev: eth0 }
sysctls:
  net.ipv4.ip_forward: 1
  net.ipv6.conf.all.forwarding: 1
`;

export function host(yaml: string = ROUTER): Host {
  const { value, diagnostics } = parseHost(yaml, { file: 'host.yaml' });
  expect(diagnostics).toEqual([]);
  return value;
}

/** The only rule of `-A CHAIN ...` in `table`. */
export function ruleOf(line: string, opts: { table?: string; family?: Family } = {}): Rule {
  const table = opts.table ?? 'filter';
  const text = `*${table}\n${line}\nCOMMIT\n`;
  const { value, diagnostics } = parseRuleset(text, opts.family ? { file: 't.rules', family: opts.family } : { file: 't.rules' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const rule = value.tables.flatMap((t) => t.chains.flatMap((c) => c.rules))[0];
  expect(rule).toBeDefined();
  return rule!;
}

export type Fn = (skb: Skb, ctx: TargetCtx) => TargetVerdict | Unknown;

/** The compiled target of the only rule of `line`, checked to be of kind `kind`. */
export function compile<K extends keyof typeof TARGET_COMPILERS>(kind: K, line: string, opts: { table?: string; family?: Family; host?: Host } = {}): { fn: Fn; target: TargetOf<K> } {
  const rule = ruleOf(line, opts);
  const t = rule.target as ExtensionTarget | null;
  expect(t?.kind).toBe(kind);
  const env: TargetEnv = { family: opts.family ?? 'ipv4', host: opts.host ?? host(), rule };
  const target = t as TargetOf<K>;
  const compiler = TARGET_COMPILERS[kind] as unknown as (t: TargetOf<K>, env: TargetEnv) => Fn;
  return { fn: compiler(target, env), target };
}

/** A working packet at `hook` (addresses as text; fields as in makePacket). */
export function skb(init: Omit<PacketInit, 'srcAddr' | 'dstAddr' | 'family'> & { src: string; dst: string; family?: Family; hook?: Hook }, ct: Conn | null = null): Skb {
  const { src, dst, hook, family, ...fields } = init;
  const fam = family ?? (src.includes(':') ? 'ipv6' : 'ipv4');
  const p = makePacket({ ...fields, family: fam, srcAddr: ip(src), dstAddr: ip(dst) }, { inIface: 'eth0' });
  const s = skbFromPacket(p, ct);
  if (hook) s.hook = hook;
  return s;
}

export interface RecordingCtx extends TargetCtx {
  readonly replies: Reply[];
  readonly notes: string[];
}

export function ctx(ipsets: IpsetStore | null = null): RecordingCtx {
  const replies: Reply[] = [];
  const notes: string[] = [];
  return { ipsets, replies, notes, reject: (r) => void replies.push(r), note: (t) => void notes.push(t) };
}

/** A conntrack entry for `s` (TCP entries start in `state`). */
export function conn(s: Skb, opts: { mark?: number; status?: number; state?: TcpState } = {}): Conn {
  const t = { src: s.srcAddr, dst: s.dstAddr, proto: s.proto, sport: s.srcPort, dport: s.dstPort };
  return {
    family: s.family, id: 1, orig: t, reply: { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport },
    status: opts.status ?? 0, mark: opts.mark ?? 0, natSrcDone: false, natDstDone: false,
    l4: s.proto === 6 ? { proto: 'tcp', state: opts.state ?? 'ESTABLISHED' } : { proto: 'other' }, helper: null, master: null,
    packets: [1, 0], bytes: [s.length, 0],
  };
}

/** Attaches a fresh entry to `s` and returns it. */
export function track(s: Skb, opts: Parameters<typeof conn>[1] = {}): Conn {
  const c = conn(s, opts);
  s.ct = c;
  return c;
}

export const fmt = (family: Family, a: bigint): string => formatAddr(family, a);

/** The Unknown a target returned, or null for a verdict. */
export function unknownOf(v: TargetVerdict | Unknown): Unknown | null {
  return typeof v === 'object' ? v : null;
}
