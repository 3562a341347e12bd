// The symbolic compilers of the hdr group, by kind (the registry src/verify/match/index.ts is the lead's).
import { tcpSymMatch } from '../../../src/verify/match/tcp.js';
import { udpSymMatch } from '../../../src/verify/match/udp.js';
import { icmpSymMatch } from '../../../src/verify/match/icmp.js';
import { icmp6SymMatch } from '../../../src/verify/match/icmp6.js';
import { sctpSymMatch } from '../../../src/verify/match/sctp.js';
import { multiportSymMatch } from '../../../src/verify/match/multiport.js';
import { iprangeSymMatch } from '../../../src/verify/match/iprange.js';
import { markSymMatch } from '../../../src/verify/match/mark.js';
import { connmarkSymMatch } from '../../../src/verify/match/connmark.js';
import { stateSymMatch } from '../../../src/verify/match/state.js';
import { conntrackSymMatch } from '../../../src/verify/match/conntrack.js';
import { commentSymMatch } from '../../../src/verify/match/comment.js';
import { tosSymMatch } from '../../../src/verify/match/tos.js';
import { dscpSymMatch } from '../../../src/verify/match/dscp.js';
import { ecnSymMatch } from '../../../src/verify/match/ecn.js';
import { ttlSymMatch } from '../../../src/verify/match/ttl.js';
import { hlSymMatch } from '../../../src/verify/match/hl.js';
import { lengthSymMatch } from '../../../src/verify/match/length.js';
import { pkttypeSymMatch } from '../../../src/verify/match/pkttype.js';
import { macSymMatch } from '../../../src/verify/match/mac.js';
import { physdevSymMatch } from '../../../src/verify/match/physdev.js';
import { ownerSymMatch } from '../../../src/verify/match/owner.js';
import { fragSymMatch } from '../../../src/verify/match/frag.js';
import { ahSymMatch } from '../../../src/verify/match/ah.js';
import { espSymMatch } from '../../../src/verify/match/esp.js';
import { tcpmssSymMatch } from '../../../src/verify/match/tcpmss.js';
import { mhSymMatch } from '../../../src/verify/match/mh.js';
import { hbhSymMatch } from '../../../src/verify/match/hbh.js';
import { dstSymMatch } from '../../../src/verify/match/dst.js';
import { rtSymMatch } from '../../../src/verify/match/rt.js';
import { ipv6headerSymMatch } from '../../../src/verify/match/ipv6header.js';

export const HDR_SYM = {
  tcp: tcpSymMatch,
  udp: udpSymMatch,
  icmp: icmpSymMatch,
  icmp6: icmp6SymMatch,
  sctp: sctpSymMatch,
  multiport: multiportSymMatch,
  iprange: iprangeSymMatch,
  mark: markSymMatch,
  connmark: connmarkSymMatch,
  state: stateSymMatch,
  conntrack: conntrackSymMatch,
  comment: commentSymMatch,
  tos: tosSymMatch,
  dscp: dscpSymMatch,
  ecn: ecnSymMatch,
  ttl: ttlSymMatch,
  hl: hlSymMatch,
  length: lengthSymMatch,
  pkttype: pkttypeSymMatch,
  mac: macSymMatch,
  physdev: physdevSymMatch,
  owner: ownerSymMatch,
  frag: fragSymMatch,
  ah: ahSymMatch,
  esp: espSymMatch,
  tcpmss: tcpmssSymMatch,
  mh: mhSymMatch,
  hbh: hbhSymMatch,
  dst: dstSymMatch,
  rt: rtSymMatch,
  ipv6header: ipv6headerSymMatch,
} as const;
