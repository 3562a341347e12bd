// Every typed match's symbolic compiler, one file per module (<kind>.ts exports <kind>SymMatch).
// A Record over the kind, so a new IR match is a compile error here until it has one.
import type { SymMatchCompilers } from './contract.js';
import { addrtypeSymMatch } from './addrtype.js';
import { ahSymMatch } from './ah.js';
import { cgroupSymMatch } from './cgroup.js';
import { commentSymMatch } from './comment.js';
import { connbytesSymMatch } from './connbytes.js';
import { connlimitSymMatch } from './connlimit.js';
import { connmarkSymMatch } from './connmark.js';
import { conntrackSymMatch } from './conntrack.js';
import { cpuSymMatch } from './cpu.js';
import { devgroupSymMatch } from './devgroup.js';
import { dscpSymMatch } from './dscp.js';
import { dstSymMatch } from './dst.js';
import { ecnSymMatch } from './ecn.js';
import { espSymMatch } from './esp.js';
import { fragSymMatch } from './frag.js';
import { hashlimitSymMatch } from './hashlimit.js';
import { hbhSymMatch } from './hbh.js';
import { helperSymMatch } from './helper.js';
import { hlSymMatch } from './hl.js';
import { icmpSymMatch } from './icmp.js';
import { icmp6SymMatch } from './icmp6.js';
import { iprangeSymMatch } from './iprange.js';
import { ipv6headerSymMatch } from './ipv6header.js';
import { lengthSymMatch } from './length.js';
import { limitSymMatch } from './limit.js';
import { macSymMatch } from './mac.js';
import { markSymMatch } from './mark.js';
import { mhSymMatch } from './mh.js';
import { multiportSymMatch } from './multiport.js';
import { nfacctSymMatch } from './nfacct.js';
import { ownerSymMatch } from './owner.js';
import { physdevSymMatch } from './physdev.js';
import { pkttypeSymMatch } from './pkttype.js';
import { policySymMatch } from './policy.js';
import { quotaSymMatch } from './quota.js';
import { realmSymMatch } from './realm.js';
import { recentSymMatch } from './recent.js';
import { rpfilterSymMatch } from './rpfilter.js';
import { rtSymMatch } from './rt.js';
import { sctpSymMatch } from './sctp.js';
import { setSymMatch } from './set.js';
import { socketSymMatch } from './socket.js';
import { stateSymMatch } from './state.js';
import { statisticSymMatch } from './statistic.js';
import { stringSymMatch } from './string.js';
import { tcpSymMatch } from './tcp.js';
import { tcpmssSymMatch } from './tcpmss.js';
import { timeSymMatch } from './time.js';
import { tosSymMatch } from './tos.js';
import { ttlSymMatch } from './ttl.js';
import { u32SymMatch } from './u32.js';
import { udpSymMatch } from './udp.js';

export const SYM_MATCH_COMPILERS: SymMatchCompilers = {
  addrtype: addrtypeSymMatch,
  ah: ahSymMatch,
  cgroup: cgroupSymMatch,
  comment: commentSymMatch,
  connbytes: connbytesSymMatch,
  connlimit: connlimitSymMatch,
  connmark: connmarkSymMatch,
  conntrack: conntrackSymMatch,
  cpu: cpuSymMatch,
  devgroup: devgroupSymMatch,
  dscp: dscpSymMatch,
  dst: dstSymMatch,
  ecn: ecnSymMatch,
  esp: espSymMatch,
  frag: fragSymMatch,
  hashlimit: hashlimitSymMatch,
  hbh: hbhSymMatch,
  helper: helperSymMatch,
  hl: hlSymMatch,
  icmp: icmpSymMatch,
  icmp6: icmp6SymMatch,
  iprange: iprangeSymMatch,
  ipv6header: ipv6headerSymMatch,
  length: lengthSymMatch,
  limit: limitSymMatch,
  mac: macSymMatch,
  mark: markSymMatch,
  mh: mhSymMatch,
  multiport: multiportSymMatch,
  nfacct: nfacctSymMatch,
  owner: ownerSymMatch,
  physdev: physdevSymMatch,
  pkttype: pkttypeSymMatch,
  policy: policySymMatch,
  quota: quotaSymMatch,
  realm: realmSymMatch,
  recent: recentSymMatch,
  rpfilter: rpfilterSymMatch,
  rt: rtSymMatch,
  sctp: sctpSymMatch,
  set: setSymMatch,
  socket: socketSymMatch,
  state: stateSymMatch,
  statistic: statisticSymMatch,
  string: stringSymMatch,
  tcp: tcpSymMatch,
  tcpmss: tcpmssSymMatch,
  time: timeSymMatch,
  tos: tosSymMatch,
  ttl: ttlSymMatch,
  u32: u32SymMatch,
  udp: udpSymMatch,
};
