/**
 * How the kernel harness asks src/testing/ruleset-packets.ts for packets:
 * received packets arrive on fw's two interfaces with one of the peers' MACs
 * (always given, so the simulator can evaluate -m mac), local packets are
 * sent by root (the inject worker's uid and gid, for -m owner), some go to
 * fw's own addresses, and none goes into a link net except to fw and its
 * peers (any other address there would wait for ARP/ND and never arrive,
 * which is not what the simulator is asked). Multicast and broadcast
 * destinations are left out: the frames are unicast to fw's MAC.
 */
import type { Family } from '../../../src/ir/family.js';
import { parseAddr } from '../../../src/ir/addr-format.js';
import type { RulesetPacketOptions } from '../../../src/testing/ruleset-packets.js';
import { MACS } from './fw-topology.js';
import type { KernelHost } from './kernel-run.js';

function inNet(family: Family, a: bigint, cidr: string): boolean {
  const [n, p] = cidr.split('/');
  const net = parseAddr(family, n!);
  const bits = family === 'ipv4' ? 32 : 128;
  const host = (1n << BigInt(bits - Number(p))) - 1n;
  return net !== null && (a & ~host) === (net & ~host);
}

/** Multicast, and for IPv4 the limited broadcast and class E. */
function groupAddr(family: Family, a: bigint): boolean {
  if (family === 'ipv4') return a >> 28n === 0xen || a >> 28n === 0xfn;
  return a >> 120n === 0xffn;
}

export function packetOptions(k: KernelHost): RulesetPacketOptions {
  const family = k.family;
  const link = k.linkNets();
  const keep = new Set([...link.fw, ...link.peers].map((t) => parseAddr(family, t)));
  return {
    ifaces: [k.plan.ifaceA, k.plan.ifaceB],
    hostAddrs: link.fw,
    extraAddrs: link.peers,
    macs: [MACS.src, MACS.dst],
    owner: { uid: 0, gid: 0 },
    localShare: 0.15,
    maxSession: 3,
    // What inject.py crafts with a real header (scapy): TCP, UDP, SCTP, ICMP/ICMPv6, and
    // protocols without ports (GRE, ESP, AH, ...: payload only). Not UDPLite or DCCP, whose
    // ports it would not write.
    protocols: [...Array.from({ length: 256 }, (_, n) => n).filter((n) => n !== 33 && n !== 136)],
    avoid: (fam, a) => groupAddr(fam, a) || (!keep.has(a) && link.nets.some((n) => inNet(fam, a, n))),
  };
}
