/**
 * Diagnostics of packet inputs (7xxx): the one-line text form and the JSON
 * Lines batch form that `trace` reads (src/ir/packet/parse-packet.ts), and the
 * witnesses `reach` prints in the same JSON form. Same catalog style as
 * codes.ts; a code is stable forever and never reused.
 *
 * A packet input is not an iptables dump, so a finding names the field it is
 * about (the JSON key, or the keyword of the text form) besides its span.
 */
import type { CodeSpec, Severity } from './codes.js';
import type { Span } from './span.js';

export const PacketCodes = {
  PacketSyntax: { code: 'NFV7001', slug: 'packet-syntax', severity: 'error', summary: 'A packet line is not valid JSON, or a text packet does not follow the grammar "PROTO SRC[:PORT] -> DST[:PORT] [OPTION VALUE]...".' },
  PacketType: { code: 'NFV7002', slug: 'packet-type', severity: 'error', summary: 'A packet field has the wrong JSON type (e.g. a number where an address string is expected).' },
  PacketMissing: { code: 'NFV7003', slug: 'packet-missing', severity: 'error', summary: 'A required packet field (src, dst) is missing.' },
  PacketAddress: { code: 'NFV7004', slug: 'packet-address', severity: 'error', summary: 'Not an IPv4 address, an IPv6 address, or a MAC address where one is expected.' },
  PacketValue: { code: 'NFV7005', slug: 'packet-value', severity: 'error', summary: 'A packet field value is out of range or not one of the names the field takes.' },
  PacketUnknownField: { code: 'NFV7006', slug: 'packet-unknown-field', severity: 'error', summary: 'A JSON key or text keyword that is not a packet field.' },
  PacketConflict: { code: 'NFV7007', slug: 'packet-conflict', severity: 'error', summary: 'Packet fields that contradict each other (ports on an ICMP packet, an input interface on a locally sent packet, a length shorter than the headers...).' },
  PacketAfter: { code: 'NFV7008', slug: 'packet-after', severity: 'error', summary: '"after" names a packet that is not an earlier, well-formed line of the same file.' },
  PacketDuplicate: { code: 'NFV7009', slug: 'packet-duplicate', severity: 'error', summary: 'A packet id used twice in one file, or a field given twice in one packet.' },
  PacketFamily: { code: 'NFV7010', slug: 'packet-family', severity: 'error', summary: 'The source and destination are of different address families, or the packet is not of the ruleset\'s family.' },
} as const satisfies Record<string, CodeSpec>;

export type PacketCodeName = keyof typeof PacketCodes;
export type PacketDiagnosticCode = (typeof PacketCodes)[PacketCodeName]['code'];

/**
 * A packet-input finding. Shaped like `Diagnostic` (same fields, plus the
 * `field`); it becomes one once `DiagnosticCode` includes the 7xxx codes.
 */
export interface PacketDiagnostic {
  readonly code: PacketDiagnosticCode;
  readonly slug: string;
  readonly severity: Severity;
  /** One sentence: what is wrong and what was expected, prefixed with the field. */
  readonly message: string;
  /** The JSON key (`dport`) or text keyword (`flags`) the finding is about; '' for the whole line. */
  readonly field: string;
  /** Where: 1-based line and column of the offending value (or key, or the line start). */
  readonly span: Span;
}

export function packetDiag(name: PacketCodeName, field: string, message: string, span: Span): PacketDiagnostic {
  const spec = PacketCodes[name];
  return { code: spec.code, slug: spec.slug, severity: spec.severity, message: field ? `${field}: ${message}` : message, field, span };
}
