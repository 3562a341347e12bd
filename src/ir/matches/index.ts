// The union of typed match extensions: one file per xtables match module.
// Adding a module: add its file, add it here, add its spec to parser/lower/extensions/match/index.ts.
import type { TcpMatch } from './tcp.js';
import type { UdpMatch } from './udp.js';
import type { IcmpMatch } from './icmp.js';
import type { Icmp6Match } from './icmp6.js';
import type { SctpMatch } from './sctp.js';
import type { MultiportMatch } from './multiport.js';
import type { IprangeMatch } from './iprange.js';
import type { ConntrackMatch } from './conntrack.js';
import type { StateMatch } from './state.js';
import type { MarkMatch } from './mark.js';
import type { ConnmarkMatch } from './connmark.js';
import type { CommentMatch } from './comment.js';
import type { LimitMatch } from './limit.js';
import type { HashlimitMatch } from './hashlimit.js';
import type { RecentMatch } from './recent.js';
import type { AddrtypeMatch } from './addrtype.js';
import type { MacMatch } from './mac.js';
import type { PhysdevMatch } from './physdev.js';
import type { OwnerMatch } from './owner.js';
import type { PkttypeMatch } from './pkttype.js';
import type { SetMatch } from './set.js';
import type { LengthMatch } from './length.js';
import type { TtlMatch } from './ttl.js';
import type { HlMatch } from './hl.js';
import type { TosMatch } from './tos.js';
import type { DscpMatch } from './dscp.js';
import type { PolicyMatch } from './policy.js';
import type { RtMatch } from './rt.js';
import type { AhMatch } from './ah.js';
import type { EspMatch } from './esp.js';
import type { FragMatch } from './frag.js';
import type { StringMatch } from './string.js';
import type { TimeMatch } from './time.js';
import type { StatisticMatch } from './statistic.js';
import type { U32Match } from './u32.js';
import type { ConnlimitMatch } from './connlimit.js';
import type { NfacctMatch } from './nfacct.js';
import type { RpfilterMatch } from './rpfilter.js';
import type { SocketMatch } from './socket.js';
import type { DevgroupMatch } from './devgroup.js';
import type { CgroupMatch } from './cgroup.js';
import type { HelperMatch } from './helper.js';
import type { Ipv6headerMatch } from './ipv6header.js';
import type { EcnMatch } from './ecn.js';
import type { TcpmssMatch } from './tcpmss.js';
import type { HbhMatch } from './hbh.js';
import type { DstMatch } from './dst.js';
import type { MhMatch } from './mh.js';
import type { QuotaMatch } from './quota.js';
import type { ConnbytesMatch } from './connbytes.js';
import type { RealmMatch } from './realm.js';
import type { CpuMatch } from './cpu.js';

export type ExtensionMatch =
  | TcpMatch
  | UdpMatch
  | IcmpMatch
  | Icmp6Match
  | SctpMatch
  | MultiportMatch
  | IprangeMatch
  | ConntrackMatch
  | StateMatch
  | MarkMatch
  | ConnmarkMatch
  | CommentMatch
  | LimitMatch
  | HashlimitMatch
  | RecentMatch
  | AddrtypeMatch
  | MacMatch
  | PhysdevMatch
  | OwnerMatch
  | PkttypeMatch
  | SetMatch
  | LengthMatch
  | TtlMatch
  | HlMatch
  | TosMatch
  | DscpMatch
  | PolicyMatch
  | RtMatch
  | AhMatch
  | EspMatch
  | FragMatch
  | StringMatch
  | TimeMatch
  | StatisticMatch
  | U32Match
  | ConnlimitMatch
  | NfacctMatch
  | RpfilterMatch
  | SocketMatch
  | DevgroupMatch
  | CgroupMatch
  | HelperMatch
  | Ipv6headerMatch
  | EcnMatch
  | TcpmssMatch
  | HbhMatch
  | DstMatch
  | MhMatch
  | QuotaMatch
  | ConnbytesMatch
  | RealmMatch
  | CpuMatch
  ;

export type { TcpMatch } from './tcp.js';
export type { UdpMatch } from './udp.js';
export type { IcmpMatch } from './icmp.js';
export type { Icmp6Match } from './icmp6.js';
export type { SctpMatch } from './sctp.js';
export type { MultiportMatch } from './multiport.js';
export type { IprangeMatch } from './iprange.js';
export type { ConntrackMatch } from './conntrack.js';
export type { StateMatch } from './state.js';
export type { MarkMatch } from './mark.js';
export type { ConnmarkMatch } from './connmark.js';
export type { CommentMatch } from './comment.js';
export type { LimitMatch } from './limit.js';
export type { HashlimitMatch } from './hashlimit.js';
export type { RecentMatch } from './recent.js';
export type { AddrtypeMatch } from './addrtype.js';
export type { MacMatch } from './mac.js';
export type { PhysdevMatch } from './physdev.js';
export type { OwnerMatch } from './owner.js';
export type { PkttypeMatch } from './pkttype.js';
export type { SetMatch } from './set.js';
export type { LengthMatch } from './length.js';
export type { TtlMatch } from './ttl.js';
export type { HlMatch } from './hl.js';
export type { TosMatch } from './tos.js';
export type { DscpMatch } from './dscp.js';
export type { PolicyMatch } from './policy.js';
export type { RtMatch } from './rt.js';
export type { AhMatch } from './ah.js';
export type { EspMatch } from './esp.js';
export type { FragMatch } from './frag.js';
export type { StringMatch } from './string.js';
export type { TimeMatch } from './time.js';
export type { StatisticMatch } from './statistic.js';
export type { U32Match } from './u32.js';
export type { ConnlimitMatch } from './connlimit.js';
export type { NfacctMatch } from './nfacct.js';
export type { RpfilterMatch } from './rpfilter.js';
export type { SocketMatch } from './socket.js';
export type { DevgroupMatch } from './devgroup.js';
export type { CgroupMatch } from './cgroup.js';
export type { HelperMatch } from './helper.js';
export type { Ipv6headerMatch } from './ipv6header.js';
export type { EcnMatch } from './ecn.js';
export type { TcpmssMatch } from './tcpmss.js';
export type { HbhMatch } from './hbh.js';
export type { DstMatch } from './dst.js';
export type { MhMatch } from './mh.js';
export type { QuotaMatch } from './quota.js';
export type { ConnbytesMatch } from './connbytes.js';
export type { RealmMatch } from './realm.js';
export type { CpuMatch } from './cpu.js';
