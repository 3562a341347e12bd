/**
 * Hand-written cases for the kernel behaviours a naive simulator gets wrong
 * (issue 4, "Subtleties already observed on this kernel"). Each case states
 * what the kernel does (`kernel`: checked against the real kernel first, so
 * the harness proves the behaviour itself) and is then compared with the
 * simulator like every other case.
 *
 * Topology (fw-topology.ts): client 203.0.113.10 (2001:db8:c::10) behind
 * eth0, server 192.0.2.80 (2001:db8:5::80) behind eth1 (fw's default
 * route); fw is 198.18.0.1 on eth0 and 198.18.1.1 on eth1 (fd6e:7676:a::1,
 * fd6e:7676:b::1).
 */
import type { Family } from '../../../src/ir/family.js';
import type { KernelOutcome, ObservedPacket } from './kernel-run.js';
import type { FwPlan } from './fw-topology.js';
import type { TracePacket } from './trace-packet.js';

export interface KernelFacts {
  readonly outcome?: KernelOutcome;
  /** Exactly these rule counters moved (sorted labels). */
  readonly hits?: readonly string[];
  /** Exactly these policy counters moved. */
  readonly policies?: readonly string[];
  readonly final?: Partial<ObservedPacket>;
  readonly reply?: { readonly kind: 'tcp-reset' } | { readonly kind: 'icmp'; readonly type: number; readonly code: number } | null;
}

export interface SubtleCase {
  readonly name: string;
  readonly family: Family;
  readonly rules: string;
  readonly session: readonly TracePacket[];
  /** fw sysctls for this case only (set before, restored after). */
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly kernel: KernelFacts;
}

export const CLIENT = { ipv4: '203.0.113.10', ipv6: '2001:db8:c::10' } as const;
export const SERVER = { ipv4: '192.0.2.80', ipv6: '2001:db8:5::80' } as const;
export const FW_A = { ipv4: '198.18.0.1', ipv6: 'fd6e:7676:a::1' } as const;
export const FW_B = { ipv4: '198.18.1.1', ipv6: 'fd6e:7676:b::1' } as const;

export function subtlePlan(family: Family): FwPlan {
  return {
    family,
    ifaceA: 'eth0',
    ifaceB: 'eth1',
    ownAddrs: [],
    routesA: [family === 'ipv4' ? '203.0.113.0/24' : '2001:db8:c::/64'],
    routesB: [],
  };
}

/** Drops the fields the packet does not have (ports of ICMP or of a later fragment): the trace input refuses them. */
function tidy(p: TracePacket): TracePacket {
  const proto = String(p.proto ?? 'tcp');
  const later = p.fragment === 'middle' || p.fragment === 'last';
  const { sport, dport, tcp_flags, ...rest } = p;
  const ports = !later && ['tcp', 'udp', '6', '17'].includes(proto);
  return { ...rest, ...(ports ? { sport, dport } : {}), ...(ports && tcp_flags !== undefined ? { tcp_flags } : {}) };
}

const FILTER_ACCEPT = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';

/** A table block: built-in chains with their policies, then the lines. */
function table(name: string, chains: Readonly<Record<string, string>>, lines: readonly string[]): string {
  return `*${name}\n${Object.entries(chains).map(([c, p]) => `:${c} ${p} [0:0]\n`).join('')}${lines.map((l) => `${l}\n`).join('')}COMMIT\n`;
}
const RAW = (lines: readonly string[]): string => table('raw', { PREROUTING: 'ACCEPT', OUTPUT: 'ACCEPT' }, lines);
const MANGLE = (lines: readonly string[]): string =>
  table('mangle', { PREROUTING: 'ACCEPT', INPUT: 'ACCEPT', FORWARD: 'ACCEPT', OUTPUT: 'ACCEPT', POSTROUTING: 'ACCEPT' }, lines);
const NAT = (lines: readonly string[]): string => table('nat', { PREROUTING: 'ACCEPT', INPUT: 'ACCEPT', OUTPUT: 'ACCEPT', POSTROUTING: 'ACCEPT' }, lines);
const FILTER = (lines: readonly string[], policies: { INPUT?: string; FORWARD?: string; OUTPUT?: string } = {}): string =>
  table('filter', { INPUT: policies.INPUT ?? 'ACCEPT', FORWARD: policies.FORWARD ?? 'ACCEPT', OUTPUT: policies.OUTPUT ?? 'ACCEPT' }, lines);

function v4(): SubtleCase[] {
  const c = CLIENT.ipv4;
  const s = SERVER.ipv4;
  const fwA = FW_A.ipv4;
  const fwB = FW_B.ipv4;
  const fwd = (p: Partial<TracePacket> = {}): TracePacket => tidy({ proto: 'udp', src: c, dst: s, sport: 40000, dport: 53, in_iface: 'eth0', ...p });
  const invalidRules = FILTER(['-A FORWARD -m conntrack --ctstate INVALID -j DROP', '-A FORWARD -m conntrack --ctstate NEW -j ACCEPT', '-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT'], { FORWARD: 'DROP' });
  const tcp = (flags: string): TracePacket => fwd({ proto: 'tcp', dport: 80, tcp_flags: flags });
  const martianRules =
    RAW(['-A PREROUTING -s 127.0.0.0/8', '-A PREROUTING -d 127.0.0.0/8', `-A PREROUTING -s ${fwB}`]) +
    FILTER(['-A INPUT -j ACCEPT', '-A FORWARD -j ACCEPT']);
  const localnetRules = NAT(['-A PREROUTING -p icmp -j DNAT --to-destination 127.0.0.1']) + FILTER(['-A INPUT -d 127.0.0.1 -j ACCEPT']);
  const allAccept = RAW([]) + MANGLE([]) + NAT([]) + FILTER([]);
  // A rule without a target that needs conntrack (xt_conntrack checkentry: nf_ct_netns_get).
  const allAcceptTracked = RAW([]) + MANGLE([]) + NAT([]) + FILTER(['-A FORWARD -m conntrack --ctstate INVALID']);
  return [
    {
      name: 'CT --notrack does not end the raw chain: the later rule and the policy count; the packet is UNTRACKED (xt_CT.c xt_ct_target returns XT_CONTINUE)',
      family: 'ipv4',
      rules: RAW(['-A PREROUTING -p udp --dport 53 -j CT --notrack', '-A PREROUTING -p udp --dport 53']) + FILTER(['-A FORWARD -m conntrack --ctstate UNTRACKED -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd()],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#1', 'raw/PREROUTING#1', 'raw/PREROUTING#2'], policies: ['raw/PREROUTING'] },
    },
    {
      name: 'NOTRACK continues like CT --notrack (xt_CT.c notrack_tg returns XT_CONTINUE)',
      family: 'ipv4',
      rules: RAW(['-A PREROUTING -p udp -j NOTRACK', '-A PREROUTING -p udp -j ACCEPT']) + FILTER(['-A FORWARD -m state --state UNTRACKED -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd()],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#1', 'raw/PREROUTING#1', 'raw/PREROUTING#2'], policies: [] },
    },
    {
      name: 'nat OUTPUT DNAT to 127.0.0.1: filter OUTPUT -o still sees the first route\'s device, POSTROUTING sees lo, INPUT sees -i lo (ip_route_me_harder after nat OUTPUT)',
      family: 'ipv4',
      rules:
        NAT([`-A OUTPUT -d ${s} -p icmp -j DNAT --to-destination 127.0.0.1`, '-A POSTROUTING -o lo', '-A POSTROUTING -o eth1', '-A INPUT -i lo']) +
        FILTER(['-A OUTPUT -o eth1', '-A OUTPUT -o lo', '-A INPUT -i lo -d 127.0.0.1']),
      session: [{ proto: 'icmp', src: fwB, dst: s, icmp_type: 8, icmp_code: 0, origin: 'local', uid: 0, gid: 0 }],
      kernel: {
        outcome: 'delivered',
        hits: ['filter/INPUT#1', 'filter/OUTPUT#1', 'nat/OUTPUT#1', 'nat/POSTROUTING#1'],
        policies: ['filter/INPUT', 'filter/OUTPUT', 'nat/POSTROUTING'],
        final: { dst: '127.0.0.1', iface: 'lo' },
      },
    },
    ...(['SA', 'R', 'NONE', 'FA', 'RA'] as const).map((f): SubtleCase => ({
      name: `a lone TCP ${f} is INVALID (nf_conntrack_proto_tcp.c tcp_new: tcp_conntracks[0][index][sNO] is sIV)`,
      family: 'ipv4',
      rules: invalidRules,
      session: [tcp(f)],
      kernel: { outcome: 'dropped', hits: ['filter/FORWARD#1'], policies: [] },
    })),
    ...(['A', 'PA', 'S'] as const).map((f): SubtleCase => ({
      name: `a lone TCP ${f} is NEW (nf_conntrack_tcp_loose=1 picks up a bare ACK: tcp_conntracks[0][TCP_ACK_SET][sNO] is sES)`,
      family: 'ipv4',
      rules: invalidRules,
      session: [tcp(f)],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#2'], policies: [] },
    })),
    {
      name: 'SYN, SYN/ACK, ACK: the reply and the third packet are ESTABLISHED',
      family: 'ipv4',
      rules: invalidRules,
      session: [tcp('S'), { proto: 'tcp', src: s, dst: c, sport: 80, dport: 40000, tcp_flags: 'SA', in_iface: 'eth1' }, tcp('A')],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#3'], policies: [] },
    },
    {
      name: 'an ICMP echo reply with no request is INVALID (nf_conntrack_proto_icmp.c icmp_new: only request types start a connection)',
      family: 'ipv4',
      rules: invalidRules,
      session: [fwd({ proto: 'icmp', icmp_type: 0, icmp_code: 0 })],
      kernel: { outcome: 'dropped', hits: ['filter/FORWARD#1'], policies: [] },
    },
    {
      name: 'an ICMP echo reply after its request is ESTABLISHED',
      family: 'ipv4',
      rules: invalidRules,
      session: [fwd({ proto: 'icmp', icmp_type: 8, icmp_code: 0 }), { proto: 'icmp', src: s, dst: c, icmp_type: 0, icmp_code: 0, in_iface: 'eth1' }],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#3'], policies: [] },
    },
    {
      name: 'forwarding decrements the TTL before the FORWARD hook (ip_forward: ip_decrease_ttl before NF_HOOK(NF_INET_FORWARD))',
      family: 'ipv4',
      rules: MANGLE(['-A PREROUTING -m ttl --ttl-eq 5', '-A FORWARD -m ttl --ttl-eq 4', '-A FORWARD -m ttl --ttl-eq 5', '-A POSTROUTING -m ttl --ttl-eq 4']) + FILTER(['-A FORWARD -m ttl --ttl-eq 4 -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd({ ttl: 5 })],
      kernel: { outcome: 'forwarded', final: { ttl: 4 }, hits: ['filter/FORWARD#1', 'mangle/FORWARD#1', 'mangle/POSTROUTING#1', 'mangle/PREROUTING#1'] },
    },
    {
      name: 'a TTL of 1 is never forwarded: PREROUTING counts it, FORWARD never sees it, fw sends time exceeded (ip_forward: ttl <= 1 goto too_many_hops)',
      family: 'ipv4',
      rules: MANGLE(['-A PREROUTING -m ttl --ttl-eq 1', '-A FORWARD']) + FILTER(['-A FORWARD -j ACCEPT']),
      session: [fwd({ ttl: 1 })],
      kernel: { outcome: 'dropped', hits: ['mangle/PREROUTING#1'], reply: { kind: 'icmp', type: 11, code: 0 } },
    },
    {
      name: 'a TTL of 1 to fw itself is delivered (only forwarding decrements)',
      family: 'ipv4',
      rules: FILTER(['-A INPUT -m ttl --ttl-eq 1 -j ACCEPT'], { INPUT: 'DROP' }),
      session: [fwd({ dst: fwA, ttl: 1, proto: 'icmp', icmp_type: 8, icmp_code: 0 })],
      kernel: { outcome: 'delivered', hits: ['filter/INPUT#1'], final: { ttl: 1, iface: 'eth0' } },
    },
    {
      name: 'a 127/8 source from outside is a martian: raw PREROUTING counts it, routing drops it (ip_route_input_slow: ipv4_is_loopback(saddr) goto martian_source)',
      family: 'ipv4',
      rules: martianRules,
      session: [fwd({ src: '127.0.0.5' })],
      kernel: { outcome: 'dropped', hits: ['raw/PREROUTING#1'], policies: ['raw/PREROUTING'] },
    },
    {
      name: 'a 127/8 destination from outside is a martian without route_localnet (ip_route_input_slow: martian_destination)',
      family: 'ipv4',
      rules: martianRules,
      session: [fwd({ dst: '127.0.0.1' })],
      kernel: { outcome: 'dropped', hits: ['raw/PREROUTING#2'], policies: ['raw/PREROUTING'] },
    },
    {
      name: 'fw\'s own address as the source of a received packet is a martian (fib_validate_source: inet_lookup_ifaddr_rcu)',
      family: 'ipv4',
      rules: martianRules,
      session: [fwd({ src: fwB })],
      kernel: { outcome: 'dropped', hits: ['raw/PREROUTING#3'], policies: ['raw/PREROUTING'] },
    },
    {
      name: 'DNAT to 127.0.0.1 from outside is dropped by routing without route_localnet',
      family: 'ipv4',
      rules: localnetRules,
      session: [fwd({ dst: fwA, proto: 'icmp', icmp_type: 8, icmp_code: 0 })],
      kernel: { outcome: 'dropped', hits: ['nat/PREROUTING#1'], policies: [] },
    },
    {
      name: 'DNAT to 127.0.0.1 from outside is delivered with route_localnet=1 (IN_DEV_ROUTE_LOCALNET)',
      family: 'ipv4',
      rules: localnetRules,
      sysctls: { 'net.ipv4.conf.all.route_localnet': '1' },
      session: [fwd({ dst: fwA, proto: 'icmp', icmp_type: 8, icmp_code: 0 })],
      kernel: { outcome: 'delivered', hits: ['filter/INPUT#1', 'nat/PREROUTING#1'], final: { dst: '127.0.0.1', iface: 'eth0' } },
    },
    {
      name: 'a nat chain sees only a connection\'s first packet: the third packet of a DNATed connection moves no nat counter but is rewritten (nf_nat_inet_fn)',
      family: 'ipv4',
      rules: NAT([`-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination ${s}:80`, '-A POSTROUTING -p tcp']) + FILTER([]),
      session: [
        { proto: 'tcp', src: c, dst: fwA, sport: 40000, dport: 8080, tcp_flags: 'S', in_iface: 'eth0' },
        { proto: 'tcp', src: s, dst: c, sport: 80, dport: 40000, tcp_flags: 'SA', in_iface: 'eth1' },
        { proto: 'tcp', src: c, dst: fwA, sport: 40000, dport: 8080, tcp_flags: 'A', in_iface: 'eth0' },
      ],
      kernel: { outcome: 'forwarded', hits: [], policies: ['filter/FORWARD'], final: { dst: s, dport: 80, iface: 'eth1' } },
    },
    {
      name: 'the reply of a DNATed connection is de-NATed and moves no nat counter',
      family: 'ipv4',
      rules: NAT([`-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination ${s}:80`, '-A POSTROUTING -p tcp']) + FILTER([]),
      session: [
        { proto: 'tcp', src: c, dst: fwA, sport: 40000, dport: 8080, tcp_flags: 'S', in_iface: 'eth0' },
        { proto: 'tcp', src: s, dst: c, sport: 80, dport: 40000, tcp_flags: 'SA', in_iface: 'eth1' },
      ],
      kernel: { outcome: 'forwarded', hits: [], policies: ['filter/FORWARD'], final: { src: fwA, sport: 8080, dst: c, iface: 'eth0' } },
    },
    {
      name: 'MASQUERADE takes the outgoing interface\'s address; the reply is de-NATed to the client',
      family: 'ipv4',
      rules: NAT(['-A POSTROUTING -o eth1 -j MASQUERADE']) + FILTER([]),
      session: [tcp('S'), { proto: 'tcp', src: s, dst: fwB, sport: 80, dport: 40000, tcp_flags: 'SA', in_iface: 'eth1' }],
      kernel: { outcome: 'forwarded', hits: [], final: { src: s, dst: c, dport: 40000, iface: 'eth0' } },
    },
    {
      name: 'without a rule that needs conntrack, nat chains are not traversed at all (nf_nat_inet_fn: no conntrack entry, NF_ACCEPT)',
      family: 'ipv4',
      rules: allAccept,
      session: [tcp('S')],
      kernel: { outcome: 'forwarded', hits: [], policies: ['filter/FORWARD', 'mangle/FORWARD', 'mangle/POSTROUTING', 'mangle/PREROUTING', 'raw/PREROUTING'] },
    },
    {
      name: 'ACCEPT policies of raw, mangle and nat chains count as applied',
      family: 'ipv4',
      rules: allAcceptTracked,
      session: [tcp('S')],
      kernel: {
        outcome: 'forwarded',
        hits: [],
        policies: ['filter/FORWARD', 'mangle/FORWARD', 'mangle/POSTROUTING', 'mangle/PREROUTING', 'nat/POSTROUTING', 'nat/PREROUTING', 'raw/PREROUTING'],
      },
    },
    {
      name: 'without a rule that needs conntrack, a later fragment passes on its own (no defragmentation: nf_defrag_ipv4 comes with conntrack)',
      family: 'ipv4',
      rules: FILTER(['-A FORWARD -f -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd({ fragment: 'middle', payload_len: 64 })],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#1'], policies: [] },
    },
    {
      name: 'an empty nat table does not turn conntrack on: a later fragment still passes on its own',
      family: 'ipv4',
      rules: NAT([]) + FILTER(['-A FORWARD -f -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd({ fragment: 'middle', payload_len: 64 })],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#1'] },
    },
    {
      name: 'with a rule that needs conntrack, a lone later fragment waits in defragmentation and reaches no hook',
      family: 'ipv4',
      rules: FILTER(['-A FORWARD -f -j ACCEPT', '-A FORWARD -m conntrack --ctstate INVALID -j DROP'], { FORWARD: 'DROP' }),
      session: [fwd({ fragment: 'middle', payload_len: 64 })],
      kernel: { outcome: 'dropped', hits: [], policies: [] },
    },
    {
      name: 'REJECT --reject-with tcp-reset answers with a TCP RST (nf_reject_ipv4.c nf_send_reset)',
      family: 'ipv4',
      rules: FILTER(['-A FORWARD -p tcp --dport 23 -j REJECT --reject-with tcp-reset']),
      session: [{ ...tcp('S'), dport: 23 }],
      kernel: { outcome: 'rejected', hits: ['filter/FORWARD#1'], reply: { kind: 'tcp-reset' } },
    },
    ...([
      ['icmp-port-unreachable', 3],
      ['icmp-host-prohibited', 10],
      ['icmp-admin-prohibited', 13],
      ['icmp-net-unreachable', 0],
    ] as const).map(([w, code]): SubtleCase => ({
      name: `REJECT --reject-with ${w} answers with ICMP 3/${code} (ipt_REJECT.c reject_tg)`,
      family: 'ipv4',
      rules: FILTER([`-A FORWARD -p udp -j REJECT --reject-with ${w}`]),
      session: [fwd()],
      kernel: { outcome: 'rejected', hits: ['filter/FORWARD#1'], reply: { kind: 'icmp', type: 3, code } },
    })),
    {
      name: 'REJECT\'s reply goes through fw\'s own OUTPUT: with OUTPUT policy DROP it never leaves, the packet is still rejected',
      family: 'ipv4',
      rules: FILTER(['-A FORWARD -p udp -j REJECT'], { OUTPUT: 'DROP' }),
      session: [fwd()],
      kernel: { outcome: 'rejected', hits: ['filter/FORWARD#1'], policies: ['filter/OUTPUT'], reply: null },
    },
    {
      name: 'goto does not return to its caller: RETURN from a chain entered by -g ends the built-in chain with its policy (ipt_do_table)',
      family: 'ipv4',
      rules: table('filter', { INPUT: 'ACCEPT', FORWARD: 'DROP', OUTPUT: 'ACCEPT', A: '-', B: '-' }, ['-A FORWARD -p udp -g A', '-A FORWARD -p udp -j ACCEPT', '-A A -j B', '-A A -j RETURN', '-A B -j RETURN']),
      session: [fwd()],
      kernel: { outcome: 'dropped', hits: ['filter/A#1', 'filter/A#2', 'filter/B#1', 'filter/FORWARD#1'], policies: ['filter/FORWARD'] },
    },
    {
      name: 'RETURN in a built-in chain applies its policy',
      family: 'ipv4',
      rules: FILTER(['-A FORWARD -p udp -j RETURN', '-A FORWARD -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd()],
      kernel: { outcome: 'dropped', hits: ['filter/FORWARD#1'], policies: ['filter/FORWARD'] },
    },
    {
      name: 'MARK in mangle PREROUTING is seen by filter FORWARD; CONNMARK saves it on the connection and restores it for the reply',
      family: 'ipv4',
      rules:
        MANGLE(['-A PREROUTING -i eth0 -j MARK --set-xmark 0x7/0xffffffff', '-A PREROUTING -i eth0 -j CONNMARK --save-mark', '-A PREROUTING -i eth1 -j CONNMARK --restore-mark']) +
        FILTER(['-A FORWARD -m mark --mark 0x7 -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd(), { proto: 'udp', src: s, dst: c, sport: 53, dport: 40000, in_iface: 'eth1' }],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#1', 'mangle/PREROUTING#3'], policies: ['mangle/FORWARD', 'mangle/POSTROUTING', 'mangle/PREROUTING'] },
    },
    {
      name: 'a locally sent packet: OUTPUT sees its owner and its route\'s device',
      family: 'ipv4',
      rules: FILTER(['-A OUTPUT -o eth1 -m owner --uid-owner 0 -j ACCEPT'], { OUTPUT: 'DROP' }),
      session: [{ proto: 'udp', src: fwB, dst: s, sport: 4000, dport: 53, origin: 'local', uid: 0, gid: 0 }],
      kernel: { outcome: 'sent', hits: ['filter/OUTPUT#1'], policies: [], final: { iface: 'eth1', ttl: 64 } },
    },
    {
      name: 'REJECT in INPUT answers a packet for fw',
      family: 'ipv4',
      rules: FILTER(['-A INPUT -p udp -j REJECT']),
      session: [fwd({ dst: fwA })],
      kernel: { outcome: 'rejected', hits: ['filter/INPUT#1'], reply: { kind: 'icmp', type: 3, code: 3 } },
    },
  ];
}

function v6(): SubtleCase[] {
  const c = CLIENT.ipv6;
  const s = SERVER.ipv6;
  const fwA = FW_A.ipv6;
  const fwd = (p: Partial<TracePacket> = {}): TracePacket => tidy({ proto: 'udp', src: c, dst: s, sport: 40000, dport: 53, in_iface: 'eth0', ...p });
  const invalidRules = FILTER(['-A FORWARD -m conntrack --ctstate INVALID -j DROP', '-A FORWARD -m conntrack --ctstate NEW -j ACCEPT', '-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT'], { FORWARD: 'DROP' });
  const tcp = (flags: string): TracePacket => fwd({ proto: 'tcp', dport: 80, tcp_flags: flags });
  return [
    {
      name: 'IPv6: CT --notrack does not end the raw chain',
      family: 'ipv6',
      rules: RAW(['-A PREROUTING -p udp --dport 53 -j CT --notrack', '-A PREROUTING -p udp --dport 53']) + FILTER(['-A FORWARD -m conntrack --ctstate UNTRACKED -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd()],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#1', 'raw/PREROUTING#1', 'raw/PREROUTING#2'], policies: ['raw/PREROUTING'] },
    },
    ...(['SA', 'R', 'NONE'] as const).map((f): SubtleCase => ({
      name: `IPv6: a lone TCP ${f} is INVALID`,
      family: 'ipv6',
      rules: invalidRules,
      session: [tcp(f)],
      kernel: { outcome: 'dropped', hits: ['filter/FORWARD#1'], policies: [] },
    })),
    {
      name: 'IPv6: a lone bare ACK is NEW',
      family: 'ipv6',
      rules: invalidRules,
      session: [tcp('A')],
      kernel: { outcome: 'forwarded', hits: ['filter/FORWARD#2'], policies: [] },
    },
    {
      name: 'IPv6: an echo reply with no request is INVALID (nf_conntrack_proto_icmpv6.c icmpv6_new)',
      family: 'ipv6',
      rules: invalidRules,
      session: [fwd({ proto: 'icmpv6', icmp_type: 129, icmp_code: 0 })],
      kernel: { outcome: 'dropped', hits: ['filter/FORWARD#1'], policies: [] },
    },
    {
      name: 'IPv6: forwarding decrements the hop limit before FORWARD (ip6_forward)',
      family: 'ipv6',
      rules: MANGLE(['-A PREROUTING -m hl --hl-eq 5', '-A FORWARD -m hl --hl-eq 4']) + FILTER(['-A FORWARD -m hl --hl-eq 4 -j ACCEPT'], { FORWARD: 'DROP' }),
      session: [fwd({ ttl: 5 })],
      kernel: { outcome: 'forwarded', final: { ttl: 4 }, hits: ['filter/FORWARD#1', 'mangle/FORWARD#1', 'mangle/PREROUTING#1'] },
    },
    {
      name: 'IPv6: a hop limit of 1 is never forwarded (ip6_forward: hop_limit <= 1, ICMPv6 time exceeded)',
      family: 'ipv6',
      rules: MANGLE(['-A PREROUTING -m hl --hl-eq 1', '-A FORWARD']) + FILTER(['-A FORWARD -j ACCEPT']),
      session: [fwd({ ttl: 1 })],
      kernel: { outcome: 'dropped', hits: ['mangle/PREROUTING#1'], reply: { kind: 'icmp', type: 3, code: 0 } },
    },
    {
      name: 'IPv6: ::1 from outside is dropped before PREROUTING (ip6_rcv_core: loopback address on a non-loopback device)',
      family: 'ipv6',
      rules: RAW(['-A PREROUTING -s ::1/128', '-A PREROUTING -d ::1/128']) + FILTER([]),
      session: [fwd({ src: '::1' })],
      kernel: { outcome: 'dropped', hits: [], policies: [] },
    },
    {
      name: 'IPv6: REJECT --reject-with icmp6-adm-prohibited answers with ICMPv6 1/1 (ip6t_REJECT.c)',
      family: 'ipv6',
      rules: FILTER(['-A FORWARD -p udp -j REJECT --reject-with icmp6-adm-prohibited']),
      session: [fwd()],
      kernel: { outcome: 'rejected', hits: ['filter/FORWARD#1'], reply: { kind: 'icmp', type: 1, code: 1 } },
    },
    {
      name: 'IPv6: REJECT --reject-with tcp-reset answers with a TCP RST',
      family: 'ipv6',
      rules: FILTER(['-A INPUT -p tcp -j REJECT --reject-with tcp-reset']),
      session: [{ ...tcp('S'), dst: fwA }],
      kernel: { outcome: 'rejected', hits: ['filter/INPUT#1'], reply: { kind: 'tcp-reset' } },
    },
    {
      name: 'IPv6: ACCEPT policies of raw, mangle and nat chains count as applied (with conntrack on)',
      family: 'ipv6',
      rules: RAW([]) + MANGLE([]) + NAT([]) + FILTER(['-A FORWARD -m conntrack --ctstate INVALID']),
      session: [tcp('S')],
      kernel: {
        outcome: 'forwarded',
        hits: [],
        policies: ['filter/FORWARD', 'mangle/FORWARD', 'mangle/POSTROUTING', 'mangle/PREROUTING', 'nat/POSTROUTING', 'nat/PREROUTING', 'raw/PREROUTING'],
      },
    },
    {
      name: 'IPv6: without a rule that needs conntrack, nat chains are not traversed',
      family: 'ipv6',
      rules: RAW([]) + MANGLE([]) + NAT([]) + FILTER_ACCEPT,
      session: [tcp('S')],
      kernel: { outcome: 'forwarded', hits: [], policies: ['filter/FORWARD', 'mangle/FORWARD', 'mangle/POSTROUTING', 'mangle/PREROUTING', 'raw/PREROUTING'] },
    },
  ];
}

export const SUBTLE_CASES: Readonly<Record<Family, readonly SubtleCase[]>> = { ipv4: v4(), ipv6: v6() };
