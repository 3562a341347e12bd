// Every typed match's compiler: one file per module (src/sim/match/<kind>.ts exports <kind>Match).
// A Record over the kind, so a new IR match is a compile error here until it has a compiler.
import type { MatchCompilers } from './contract.js';
import { addrtypeMatch } from './addrtype.js';
import { ahMatch } from './ah.js';
import { cgroupMatch } from './cgroup.js';
import { commentMatch } from './comment.js';
import { connbytesMatch } from './connbytes.js';
import { connlimitMatch } from './connlimit.js';
import { connmarkMatch } from './connmark.js';
import { conntrackMatch } from './conntrack.js';
import { cpuMatch } from './cpu.js';
import { devgroupMatch } from './devgroup.js';
import { dscpMatch } from './dscp.js';
import { dstMatch } from './dst.js';
import { ecnMatch } from './ecn.js';
import { espMatch } from './esp.js';
import { fragMatch } from './frag.js';
import { hashlimitMatch } from './hashlimit.js';
import { hbhMatch } from './hbh.js';
import { helperMatch } from './helper.js';
import { hlMatch } from './hl.js';
import { icmpMatch } from './icmp.js';
import { icmp6Match } from './icmp6.js';
import { iprangeMatch } from './iprange.js';
import { ipv6headerMatch } from './ipv6header.js';
import { lengthMatch } from './length.js';
import { limitMatch } from './limit.js';
import { macMatch } from './mac.js';
import { markMatch } from './mark.js';
import { mhMatch } from './mh.js';
import { multiportMatch } from './multiport.js';
import { nfacctMatch } from './nfacct.js';
import { ownerMatch } from './owner.js';
import { physdevMatch } from './physdev.js';
import { pkttypeMatch } from './pkttype.js';
import { policyMatch } from './policy.js';
import { quotaMatch } from './quota.js';
import { realmMatch } from './realm.js';
import { recentMatch } from './recent.js';
import { rpfilterMatch } from './rpfilter.js';
import { rtMatch } from './rt.js';
import { sctpMatch } from './sctp.js';
import { setMatch } from './set.js';
import { socketMatch } from './socket.js';
import { stateMatch } from './state.js';
import { statisticMatch } from './statistic.js';
import { stringMatch } from './string.js';
import { tcpMatch } from './tcp.js';
import { tcpmssMatch } from './tcpmss.js';
import { timeMatch } from './time.js';
import { tosMatch } from './tos.js';
import { ttlMatch } from './ttl.js';
import { u32Match } from './u32.js';
import { udpMatch } from './udp.js';

export const MATCH_COMPILERS: MatchCompilers = {
  addrtype: addrtypeMatch,
  ah: ahMatch,
  cgroup: cgroupMatch,
  comment: commentMatch,
  connbytes: connbytesMatch,
  connlimit: connlimitMatch,
  connmark: connmarkMatch,
  conntrack: conntrackMatch,
  cpu: cpuMatch,
  devgroup: devgroupMatch,
  dscp: dscpMatch,
  dst: dstMatch,
  ecn: ecnMatch,
  esp: espMatch,
  frag: fragMatch,
  hashlimit: hashlimitMatch,
  hbh: hbhMatch,
  helper: helperMatch,
  hl: hlMatch,
  icmp: icmpMatch,
  icmp6: icmp6Match,
  iprange: iprangeMatch,
  ipv6header: ipv6headerMatch,
  length: lengthMatch,
  limit: limitMatch,
  mac: macMatch,
  mark: markMatch,
  mh: mhMatch,
  multiport: multiportMatch,
  nfacct: nfacctMatch,
  owner: ownerMatch,
  physdev: physdevMatch,
  pkttype: pkttypeMatch,
  policy: policyMatch,
  quota: quotaMatch,
  realm: realmMatch,
  recent: recentMatch,
  rpfilter: rpfilterMatch,
  rt: rtMatch,
  sctp: sctpMatch,
  set: setMatch,
  socket: socketMatch,
  state: stateMatch,
  statistic: statisticMatch,
  string: stringMatch,
  tcp: tcpMatch,
  tcpmss: tcpmssMatch,
  time: timeMatch,
  tos: tosMatch,
  ttl: ttlMatch,
  u32: u32Match,
  udp: udpMatch,
};
