/**
 * `-p` values as xtables_parse_protocol reads them (libxtables/xtables.c):
 * lowercased first (do_parse), then a number 0-255 in C base 0, "all" (0),
 * getprotobyname (embedded /etc/protocols), then iptables' own
 * xtables_chain_protos table. Printing uses getprotobynumber's primary name,
 * as iptables-save does.
 */
import type { ArgValue, LowerCtx } from '../extensions/spec.js';
import { parseCUnsigned } from './number.js';
import { PROTOCOL_NAMES, PROTOCOL_NUMBERS } from './protocols.generated.js';

/** xtables_chain_protos: names iptables knows even without /etc/protocols. */
const CHAIN_PROTOS: Readonly<Record<string, number>> = {
  tcp: 6, sctp: 132, udp: 17, udplite: 136, icmp: 1, icmpv6: 58, esp: 50, ah: 51, 'ipv6-mh': 135, mh: 135, all: 0, dccp: 33,
};

/**
 * Every name: /etc/protocols first, then xtables_chain_protos. A Map, not
 * the records: the name is a word of the file ("-p constructor" must not find
 * Object.prototype's), and `-p` is on most rules of a big dump.
 */
const BY_NAME: ReadonlyMap<string, number> = new Map([...Object.entries(CHAIN_PROTOS), ...Object.entries(PROTOCOL_NUMBERS)]);

export function parseProtocol(arg: ArgValue, ctx: LowerCtx): number | null {
  const s = arg.text.toLowerCase();
  const n = parseCUnsigned(s);
  if (n !== null && n <= 255) return n;
  if (s === 'all') return 0;
  const p = BY_NAME.get(s);
  if (p === undefined) {
    ctx.report('BadValue', `unknown protocol "${arg.text}": expected a name like tcp, udp, icmp${ctx.family === 'ipv6' ? ', ipv6-icmp' : ''} or a number 0-255`, arg.span);
    return null;
  }
  return p;
}

export function formatProtocol(p: number): string {
  return PROTOCOL_NAMES[p] ?? String(p);
}

export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58, SCTP: 132, UDPLITE: 136, DCCP: 33, ESP: 50, AH: 51 } as const;
