/**
 * Which `-m tcp` / `-m udp` matches iptables-nft 1.8.9 turns into native
 * nf_tables expressions, and with what port and flag tests, following
 * iptables/nft.c add_match -> add_nft_tcp / add_nft_udp -> add_nft_tcpudp.
 *
 * The native translation is where the backends part: legacy runs the
 * kernel's xt_tcpudp.c tcp_mt/udp_mt on the stored struct, nft runs the
 * expressions iptables-nft chose to emit. A match goes through the compat
 * layer unchanged (and so behaves as under legacy) when
 * - tcp: it tests a TCP option (`tcp->option` set, or its negation), or
 * - it is "all zero": no test at all (tcp_all_zero / udp_all_zero), e.g. a
 *   bare `-m tcp` or `--tcp-flags NONE NONE`.
 * The kernel struct is what matters, not the spelling: an absent port option
 * is the range 0:65535, an absent flags option is mask 0, comp 0.
 */
import type { NumRange } from '../../../ir/addr.js';
import type { Match } from '../../../ir/match.js';
import type { TcpMatch } from '../../../ir/matches/tcp.js';
import type { UdpMatch } from '../../../ir/matches/udp.js';
import type { Neg } from '../../../ir/neg.js';

/** A port test as struct xt_tcp / xt_udp holds it: `spts`/`dpts` and the invert flag. */
export interface KernelPorts {
  readonly from: number;
  readonly to: number;
  readonly negated: boolean;
}

/** `--tcp-flags` as struct xt_tcp holds it (`flg_mask`, `flg_cmp`, XT_TCP_INV_FLAGS). */
export interface KernelFlags {
  readonly mask: number;
  readonly comp: number;
  readonly negated: boolean;
}

/** A tcp or udp match that iptables-nft 1.8.9 translates into native expressions. */
export interface NativeTcpUdp {
  readonly match: TcpMatch | UdpMatch;
  readonly sport: KernelPorts;
  readonly dport: KernelPorts;
  /** Always mask 0, comp 0, not negated for udp. */
  readonly flags: KernelFlags;
}

const ANY_PORT: KernelPorts = { from: 0, to: 0xffff, negated: false };
const NO_FLAGS: KernelFlags = { mask: 0, comp: 0, negated: false };

function kernelPorts(p: Neg<NumRange> | null): KernelPorts {
  return p === null ? ANY_PORT : { from: p.value.from, to: p.value.to, negated: p.negated };
}

/** Whether a port test is the struct's default: 0:65535, not negated. */
function isDefault(p: KernelPorts): boolean {
  return p.from === 0 && p.to === 0xffff && !p.negated;
}

/** The native translation of `m`, or null when `m` is not tcp/udp or goes through the compat layer. */
export function nativeTcpUdp(m: Match): NativeTcpUdp | null {
  if (m.kind !== 'tcp' && m.kind !== 'udp') return null;
  const sport = kernelPorts(m.sport);
  const dport = kernelPorts(m.dport);
  let flags = NO_FLAGS;
  if (m.kind === 'tcp') {
    // add_nft_tcp: `tcp->invflags & ~supported || tcp->option` keeps the xt match; an option of 0 is "none" in the struct.
    if (m.option !== null && (m.option.value !== 0 || m.option.negated)) return null;
    if (m.flags !== null) flags = { mask: m.flags.value.mask, comp: m.flags.value.comp, negated: m.flags.negated };
  }
  const allZero = isDefault(sport) && isDefault(dport) && flags.mask === 0 && flags.comp === 0 && !flags.negated;
  return allZero ? null : { match: m, sport, dport, flags };
}

/** A single port that add_nft_tcpudp may fold into the 32-bit pair compare (`src[0] && src[0] == src[1]`). */
export function isSinglePort(p: KernelPorts): boolean {
  return p.from !== 0 && p.from === p.to;
}

/**
 * Both ports single and both negated: add_nft_tcpudp compares them as one
 * 32-bit word with NFT_CMP_NEQ, which holds when either port differs, while
 * tcp_mt/udp_mt need both to differ. (Both positive is the same test on both
 * backends; a mixed pair is not folded.)
 */
export function isFoldedNegatedPair(n: NativeTcpUdp): boolean {
  return isSinglePort(n.sport) && isSinglePort(n.dport) && n.sport.negated && n.dport.negated;
}

/**
 * The port tests add_nft_tcpudp leaves out although they never match under
 * legacy: `if (src[0] || src[1] < 0xffff)` skips the full range whatever the
 * negation, so a negated 0:65535 (no port passes) becomes no test at all.
 */
export function droppedNegatedFullRanges(n: NativeTcpUdp): readonly ('--sport' | '--dport')[] {
  const full = (p: KernelPorts): boolean => p.negated && p.from === 0 && p.to === 0xffff;
  return [...(full(n.sport) ? (['--sport'] as const) : []), ...(full(n.dport) ? (['--dport'] as const) : [])];
}

/**
 * A flags test add_nft_tcp leaves out (`if (tcp->flg_mask)`) although it
 * never matches under legacy: with mask 0, tcp_mt tests `(0 == comp) XOR
 * negated`, false when comp is non-zero or when comp is zero and negated.
 */
export function isDroppedNeverFlags(n: NativeTcpUdp): boolean {
  return n.flags.mask === 0 && (n.flags.comp !== 0) !== n.flags.negated;
}
