// Registry of match extension specs, keyed by IR kind. The Record type makes
// the compiler point here whenever a kind is added to ir/matches.
import type { ExtensionMatch } from '../../../../ir/matches/index.js';
import type { MatchSpec } from '../spec.js';
import { tcpMatch } from './tcp.js';
import { udpMatch } from './udp.js';
import { icmpMatch } from './icmp.js';
import { icmp6Match } from './icmp6.js';
import { sctpMatch } from './sctp.js';
import { multiportMatch } from './multiport.js';
import { iprangeMatch } from './iprange.js';
import { conntrackMatch } from './conntrack.js';
import { stateMatch } from './state.js';
import { markMatch } from './mark.js';
import { connmarkMatch } from './connmark.js';
import { commentMatch } from './comment.js';
import { limitMatch } from './limit.js';
import { hashlimitMatch } from './hashlimit.js';
import { recentMatch } from './recent.js';
import { addrtypeMatch } from './addrtype.js';
import { macMatch } from './mac.js';
import { physdevMatch } from './physdev.js';
import { ownerMatch } from './owner.js';
import { pkttypeMatch } from './pkttype.js';
import { setMatch } from './set.js';
import { lengthMatch } from './length.js';
import { ttlMatch } from './ttl.js';
import { hlMatch } from './hl.js';
import { tosMatch } from './tos.js';
import { dscpMatch } from './dscp.js';
import { policyMatch } from './policy.js';
import { rtMatch } from './rt.js';
import { ahMatch } from './ah.js';
import { espMatch } from './esp.js';
import { fragMatch } from './frag.js';
import { stringMatch } from './string.js';
import { timeMatch } from './time.js';
import { statisticMatch } from './statistic.js';
import { u32Match } from './u32.js';
import { connlimitMatch } from './connlimit.js';
import { nfacctMatch } from './nfacct.js';
import { rpfilterMatch } from './rpfilter.js';
import { socketMatch } from './socket.js';
import { devgroupMatch } from './devgroup.js';
import { cgroupMatch } from './cgroup.js';
import { helperMatch } from './helper.js';
import { ipv6headerMatch } from './ipv6header.js';
import { ecnMatch } from './ecn.js';
import { tcpmssMatch } from './tcpmss.js';
import { hbhMatch } from './hbh.js';
import { dstMatch } from './dst.js';
import { mhMatch } from './mh.js';
import { quotaMatch } from './quota.js';
import { connbytesMatch } from './connbytes.js';
import { realmMatch } from './realm.js';
import { cpuMatch } from './cpu.js';

type SpecFor<K extends ExtensionMatch['kind']> = MatchSpec<Extract<ExtensionMatch, { kind: K }>>;
export const MATCH_SPECS: { readonly [K in ExtensionMatch['kind']]: SpecFor<K> } = {
  tcp: tcpMatch,
  udp: udpMatch,
  icmp: icmpMatch,
  icmp6: icmp6Match,
  sctp: sctpMatch,
  multiport: multiportMatch,
  iprange: iprangeMatch,
  conntrack: conntrackMatch,
  state: stateMatch,
  mark: markMatch,
  connmark: connmarkMatch,
  comment: commentMatch,
  limit: limitMatch,
  hashlimit: hashlimitMatch,
  recent: recentMatch,
  addrtype: addrtypeMatch,
  mac: macMatch,
  physdev: physdevMatch,
  owner: ownerMatch,
  pkttype: pkttypeMatch,
  set: setMatch,
  length: lengthMatch,
  ttl: ttlMatch,
  hl: hlMatch,
  tos: tosMatch,
  dscp: dscpMatch,
  policy: policyMatch,
  rt: rtMatch,
  ah: ahMatch,
  esp: espMatch,
  frag: fragMatch,
  string: stringMatch,
  time: timeMatch,
  statistic: statisticMatch,
  u32: u32Match,
  connlimit: connlimitMatch,
  nfacct: nfacctMatch,
  rpfilter: rpfilterMatch,
  socket: socketMatch,
  devgroup: devgroupMatch,
  cgroup: cgroupMatch,
  helper: helperMatch,
  ipv6header: ipv6headerMatch,
  ecn: ecnMatch,
  tcpmss: tcpmssMatch,
  hbh: hbhMatch,
  dst: dstMatch,
  mh: mhMatch,
  quota: quotaMatch,
  connbytes: connbytesMatch,
  realm: realmMatch,
  cpu: cpuMatch,
};
