/**
 * Guesses whether a dump is iptables-save (IPv4) or ip6tables-save (IPv6)
 * output from its content, for files given without -4/-6. The header comment
 * of a real dump names the tool; otherwise IPv6-only syntax decides.
 */
import type { Family } from '../../ir/family.js';

const V6_TOOL = /^#.*\bip6tables(-save|-restore|-legacy|-nft)?\b/m;
const V4_TOOL = /^#.*\biptables(-save|-restore|-legacy|-nft)?\b/m;
// An address with a colon after -s/-d, ICMPv6 names, hop-limit matches, ICMPv6 reject types.
const V6_SYNTAX = /\s(?:-s|-d|--source|--destination)\s+(?:!\s+)?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(?:\/\d+)?\s|ipv6-icmp|icmpv6|-m icmp6|--hl-(?:eq|lt|gt|set|inc|dec)|icmp6-|-m (?:rt|frag|hbh|mh|ipv6header)\s/;

export function detectFamily(text: string, file: string): Family {
  const head = text.slice(0, 4096);
  if (V6_TOOL.test(head)) return 'ipv6';
  if (V4_TOOL.test(head)) return 'ipv4';
  if (V6_SYNTAX.test(text)) return 'ipv6';
  if (/6$/.test(file)) return 'ipv6';
  return 'ipv4';
}
