/**
 * Conntrack event names and their IPCT_* bit numbers
 * (uapi linux/netfilter/nf_conntrack_common.h; extensions/libxt_CT.c
 * ct_event_tbl, in iptables-save's print order; names are case-sensitive).
 */
export const CT_EVENTS = {
  new: 0, related: 1, destroy: 2, reply: 3, assured: 4, protoinfo: 5, helper: 6, mark: 7, natseqinfo: 8, secmark: 9,
} as const;
export type CtEvent = keyof typeof CT_EVENTS;

/** Expectation events (IPEXP_NEW = 0). */
export const CT_EXP_EVENTS = { new: 0 } as const;
export type CtExpEvent = keyof typeof CT_EXP_EVENTS;

/**
 * The conntrack helpers the 6.18 kernel registers, with the families and
 * protocols it registers each for (nf_conntrack_{ftp,irc,sip,tftp,amanda,
 * sane,snmp,netbios_ns,pptp,h323_main}.c, nf_nat_snmp_basic.c; checked in a
 * namespace: `CT --helper` loads exactly for these). The kernel also finds
 * helpers that user space registers through nfnetlink_cthelper, so a name
 * missing here is not by itself an error.
 */
export const CT_KERNEL_HELPERS: Readonly<Record<string, { readonly families: readonly ('ipv4' | 'ipv6')[]; readonly protos: readonly number[] }>> = {
  ftp: { families: ['ipv4', 'ipv6'], protos: [6] },
  irc: { families: ['ipv4'], protos: [6] },
  sip: { families: ['ipv4', 'ipv6'], protos: [6, 17] },
  tftp: { families: ['ipv4', 'ipv6'], protos: [17] },
  amanda: { families: ['ipv4', 'ipv6'], protos: [17] },
  sane: { families: ['ipv4', 'ipv6'], protos: [6] },
  snmp: { families: ['ipv4'], protos: [17] },
  snmp_trap: { families: ['ipv4'], protos: [17] },
  'netbios-ns': { families: ['ipv4'], protos: [17] },
  pptp: { families: ['ipv4'], protos: [6] },
  'Q.931': { families: ['ipv4', 'ipv6'], protos: [6] },
  RAS: { families: ['ipv4', 'ipv6'], protos: [17] },
};

/**
 * Conntrack zone (`--zone`, `--zone-orig`, `--zone-reply`): `id`, or the
 * packet's mark when `fromMark`; `dir` limits it to one direction's tuple
 * (both option flags set means both, as xt_ct_flags_to_dir does).
 */
export interface CtZone {
  readonly id: number;
  readonly fromMark: boolean;
  readonly dir: 'both' | 'orig' | 'reply';
}

/**
 * `-j CT` revision 2 (net/netfilter/xt_CT.c): attaches a template conntrack
 * entry to a packet that has none yet (helper, timeout policy, event mask,
 * zone), or with `notrack` the untracked entry, in which case every other
 * field is ignored by the kernel. Always XT_CONTINUE. Kernel
 * `.table = "raw"`. `helper` and `timeout` need a `-p` protocol that is not
 * negated (xt_ct_find_proto); a timeout policy must exist as a
 * nfnetlink_cttimeout object. Zone id 0 without `mark` is the default zone
 * and is stored as `zone: null` (iptables-save prints nothing for it).
 */
export interface CtTarget {
  readonly kind: 'ct';
  readonly notrack: boolean;
  /** Helper name, at most 15 bytes. */
  readonly helper: string | null;
  /** Timeout policy name, at most 31 bytes. */
  readonly timeout: string | null;
  /** Events to report for the connection, in CT_EVENTS order; empty = the default (all). */
  readonly ctEvents: readonly CtEvent[];
  readonly expEvents: readonly CtExpEvent[];
  readonly zone: CtZone | null;
}
