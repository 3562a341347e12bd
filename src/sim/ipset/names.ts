/**
 * Names `ipset save` prints inside elements: protocol names (from
 * getprotobynumber, i.e. the saving host's /etc/protocols; netbase's names
 * here) and the ICMP / ICMPv6 type/code names of libipset (lib/icmp.c,
 * lib/icmpv6.c). The ICMP tables were read back from ipset v7.17 itself:
 * every type/code was added to a set in a scratch network namespace and
 * `ipset save` printed the name or `type/code`.
 */

/** Protocol numbers by name (netbase /etc/protocols), plus libipset's "icmpv6" spelling. */
export const PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['ip', 0], ['hopopt', 0], ['icmp', 1], ['igmp', 2], ['ggp', 3], ['ipencap', 4], ['st', 5], ['tcp', 6],
  ['egp', 8], ['igp', 9], ['pup', 12], ['udp', 17], ['hmp', 20], ['xns-idp', 22], ['rdp', 27], ['iso-tp4', 29],
  ['dccp', 33], ['xtp', 36], ['ddp', 37], ['idpr-cmtp', 38], ['ipv6', 41], ['ipv6-route', 43], ['ipv6-frag', 44],
  ['idrp', 45], ['rsvp', 46], ['gre', 47], ['esp', 50], ['ah', 51], ['skip', 57], ['ipv6-icmp', 58], ['icmpv6', 58],
  ['ipv6-nonxt', 59], ['ipv6-opts', 60], ['rspf', 73], ['vmtp', 81], ['eigrp', 88], ['ospf', 89], ['ax.25', 93],
  ['ipip', 94], ['etherip', 97], ['encap', 98], ['pim', 103], ['ipcomp', 108], ['vrrp', 112], ['l2tp', 115],
  ['isis', 124], ['sctp', 132], ['fc', 133], ['mobility-header', 135], ['udplite', 136], ['mpls-in-ip', 137],
  ['manet', 138], ['hip', 139], ['shim6', 140], ['wesp', 141], ['rohc', 142], ['ethernet', 143],
]);

/** libipset's ICMP names, as `type << 8 | code`. */
export const ICMP_NAMES: ReadonlyMap<string, number> = new Map(
  (
    [
      ['echo-reply', 0, 0], ['network-unreachable', 3, 0], ['host-unreachable', 3, 1], ['protocol-unreachable', 3, 2],
      ['port-unreachable', 3, 3], ['fragmentation-needed', 3, 4], ['source-route-failed', 3, 5], ['network-unknown', 3, 6],
      ['host-unknown', 3, 7], ['network-prohibited', 3, 9], ['host-prohibited', 3, 10], ['TOS-network-unreachable', 3, 11],
      ['TOS-host-unreachable', 3, 12], ['communication-prohibited', 3, 13], ['host-precedence-violation', 3, 14],
      ['precedence-cutoff', 3, 15], ['source-quench', 4, 0], ['network-redirect', 5, 0], ['host-redirect', 5, 1],
      ['TOS-network-redirect', 5, 2], ['TOS-host-redirect', 5, 3], ['echo-request', 8, 0], ['router-advertisement', 9, 0],
      ['router-solicitation', 10, 0], ['ttl-zero-during-transit', 11, 0], ['ttl-zero-during-reassembly', 11, 1],
      ['ip-header-bad', 12, 0], ['required-option-missing', 12, 1], ['timestamp-request', 13, 0], ['timestamp-reply', 14, 0],
      ['address-mask-request', 17, 0], ['address-mask-reply', 18, 0],
    ] as const
  ).map(([n, t, c]) => [n, (t << 8) | c]),
);

/** libipset's ICMPv6 names, as `type << 8 | code`. */
export const ICMPV6_NAMES: ReadonlyMap<string, number> = new Map(
  (
    [
      ['no-route', 1, 0], ['communication-prohibited', 1, 1], ['address-unreachable', 1, 3], ['port-unreachable', 1, 4],
      ['packet-too-big', 2, 0], ['ttl-zero-during-transit', 3, 0], ['ttl-zero-during-reassembly', 3, 1],
      ['bad-header', 4, 0], ['unknown-header-type', 4, 1], ['unknown-option', 4, 2], ['echo-request', 128, 0],
      ['echo-reply', 129, 0], ['router-solicitation', 133, 0], ['router-advertisement', 134, 0],
      ['neighbour-solicitation', 135, 0], ['neighbour-advertisement', 136, 0], ['redirect', 137, 0],
    ] as const
  ).map(([n, t, c]) => [n, (t << 8) | c]),
);

/** A protocol by name (case-insensitive, like getprotobyname's aliases) or number 0-255; null when unknown. */
export function protocolNumber(text: string): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : null;
  }
  return PROTOCOL_NUMBERS.get(text.toLowerCase()) ?? null;
}
