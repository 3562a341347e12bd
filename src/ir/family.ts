/** Address family of a dump: iptables-save (ipv4) or ip6tables-save (ipv6). */
export type Family = 'ipv4' | 'ipv6';

export const FAMILY_BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };
