/**
 * What each typed match reads, and which part of it is a packet field: the
 * record of the fields-vs-unknowns decision, one entry per match kind (a
 * Record over the kind, so a new match must take a decision here).
 *
 * - `fields`: the FIELDS the match reads.
 * - `derived`: what the simulator computes from the host model (routes,
 *   devices) or from its own conntrack table; the symbolic engine reads the
 *   same host model or over-approximates.
 * - `unknown`: what nfverify cannot know (sockets, sets, rate-limit
 *   buckets, the clock, randomness, packet bytes that are not fields). The
 *   simulator answers "maybe" for a test that depends on it, never a silent
 *   true or false (style.md 4.8); the symbolic engine treats it as unknown.
 *
 * Rule of thumb for what became a field: a header value or skb/conntrack
 * property that the common matches test, that a user can state in the
 * packet formats, and that the kernel-differential harness can craft.
 * Header bytes beyond that (TCP options, IPv6 extension headers other than
 * Fragment, SPIs, SCTP chunks, payload) are unknown rather than a packet
 * "without options", so a trace never claims a definite answer the input
 * could not express.
 */
import type { ExtensionMatch } from '../matches/index.js';
import type { FieldName } from './fields.js';

export interface MatchInputs {
  readonly fields: readonly FieldName[];
  readonly derived?: string;
  readonly unknown?: string;
}

const L4: readonly FieldName[] = ['proto', 'fragment'];
const PORTS: readonly FieldName[] = [...L4, 'srcPort', 'dstPort'];
const ADDRS: readonly FieldName[] = ['srcAddr', 'dstAddr'];
const EXT_HEADERS = 'IPv6 extension headers other than Fragment are not fields';

export const MATCH_INPUTS: { readonly [K in ExtensionMatch['kind']]: MatchInputs } = {
  tcp: { fields: [...PORTS, 'tcpFlags'], unknown: '--tcp-option: TCP options are not a field' },
  udp: { fields: PORTS },
  icmp: { fields: [...L4, 'icmpType', 'icmpCode'] },
  icmp6: { fields: [...L4, 'icmpType', 'icmpCode'] },
  sctp: { fields: PORTS, unknown: '--chunk-types: SCTP chunks are payload, not fields' },
  multiport: { fields: PORTS },
  iprange: { fields: ADDRS },
  conntrack: {
    fields: ['ctState', 'ctStatus', 'ctDirection', ...PORTS, ...ADDRS],
    derived: '--ctorig*/--ctrepl*/--ctproto from the simulator\'s conntrack entry; for an entry it did not build, the tuple is the packet\'s own only in the ORIGINAL direction without SRC_NAT/DST_NAT',
    unknown: '--ctexpire: the remaining lifetime depends on time',
  },
  state: { fields: ['ctState'] },
  mark: { fields: ['mark'] },
  connmark: { fields: ['ctState', 'ctMark'] },
  comment: { fields: [] },
  limit: { fields: [], unknown: 'the token bucket depends on earlier traffic and time' },
  hashlimit: { fields: [...PORTS, ...ADDRS], unknown: 'the per-key buckets depend on earlier traffic and time' },
  recent: { fields: [...ADDRS, 'ttl'], unknown: 'the list contents (/proc/net/xt_recent) are kernel state' },
  addrtype: { fields: [...ADDRS, 'inIface', 'outIface'], derived: 'address route types from the host model\'s FIB' },
  mac: { fields: ['srcMac', 'inIface'], derived: 'whether the input device is Ethernet (ARPHRD_ETHER) from the host model' },
  physdev: { fields: ['physInIface', 'physOutIface'] },
  owner: { fields: ['origin', 'ownerUid', 'ownerGid'], unknown: '--suppl-groups: supplementary groups are not a field' },
  pkttype: { fields: ['pktType', 'dstAddr'], derived: 'looped-back broadcast/multicast (PACKET_LOOPBACK) from the destination' },
  set: { fields: [...PORTS, ...ADDRS], unknown: 'ipset contents are kernel state' },
  length: { fields: ['length'] },
  ttl: { fields: ['ttl'] },
  hl: { fields: ['ttl'] },
  tos: { fields: ['tos'] },
  dscp: { fields: ['tos'] },
  policy: { fields: [], unknown: 'IPsec (xfrm) state and the decapsulation history' },
  rt: { fields: [], unknown: EXT_HEADERS },
  ah: { fields: L4, unknown: 'the AH SPI and length are not fields' },
  esp: { fields: L4, unknown: 'the ESP SPI is not a field' },
  frag: { fields: ['fragment'], unknown: '--fragid/--fragres/--fraglen: the Fragment header ID and reserved bits are not fields' },
  string: { fields: [], unknown: 'packet bytes (payload) are not fields' },
  time: { fields: [], unknown: 'the wall clock' },
  statistic: { fields: [], unknown: 'random numbers and the per-rule nth counter' },
  u32: { fields: [], unknown: 'packet bytes are not fields (the simulator may lay out the header fields it knows; payload stays unknown)' },
  connlimit: { fields: ADDRS, unknown: 'the number of other connections is kernel state' },
  nfacct: { fields: [] },
  rpfilter: { fields: ['srcAddr', 'inIface', 'mark', 'tos'], derived: 'the reverse route lookup in the host model\'s FIB' },
  socket: { fields: [...PORTS, ...ADDRS], unknown: 'local sockets are not modeled' },
  devgroup: { fields: ['inIface', 'outIface'], derived: 'device groups from the host model' },
  cgroup: { fields: ['origin'], unknown: 'the sending socket\'s cgroup' },
  helper: { fields: ['ctState'], derived: 'the master connection\'s helper from the simulator\'s conntrack table' },
  ipv6header: { fields: L4, unknown: EXT_HEADERS },
  ecn: { fields: [...L4, 'tos', 'tcpFlags'] },
  tcpmss: { fields: L4, unknown: 'the TCP MSS option is not a field' },
  hbh: { fields: [], unknown: EXT_HEADERS },
  dst: { fields: [], unknown: EXT_HEADERS },
  mh: { fields: L4, unknown: 'the Mobility Header type is payload, not a field' },
  quota: { fields: ['length'], unknown: 'the remaining quota is kernel state' },
  connbytes: { fields: ['ctState'], derived: 'counters of conntrack entries the simulator built', unknown: 'counters of entries it did not build' },
  realm: { fields: ['dstAddr'], derived: 'the route\'s realm (tclassid) from the host model', unknown: 'when the host model has no realms' },
  cpu: { fields: [], unknown: 'the CPU that handles the packet' },
};
