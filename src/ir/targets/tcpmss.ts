/**
 * `-j TCPMSS` (net/netfilter/xt_TCPMSS.c): rewrites (or adds) the MSS option
 * of TCP SYN packets and returns XT_CONTINUE (NF_DROP if the packet cannot be
 * mangled). `.proto = IPPROTO_TCP`, any table. `--set-mss N` lowers the MSS to
 * N (it never raises it); `--clamp-mss-to-pmtu` (stored by the kernel as
 * mss 0xffff) uses the route MTU minus the IP and TCP headers and is accepted
 * only in FORWARD, OUTPUT and POSTROUTING (tcpmss_tg4_check hook_mask test).
 * iptables-legacy loads the rule only when it also has a tcp match that
 * selects SYN packets (`--tcp-flags SYN,RST SYN`, `--syn`); the nft backend
 * skips that check (checked in a namespace).
 */
export interface TcpmssTarget {
  readonly kind: 'tcpmss';
  readonly mss: number | 'clamp-to-pmtu';
}
