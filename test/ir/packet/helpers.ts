/** Shared helpers of the packet-input tests. */
import type { PacketDiagnostic } from '../../../src/diagnostics/packet-codes.js';
import type { ParsePacketOptions } from '../../../src/ir/packet/parse-packet.js';

export const OPTIONS: ParsePacketOptions = { defaults: { inIface: 'eth0' } };

/** `line:column CODE message`, the compact form the tables compare. */
export function rendered(ds: readonly PacketDiagnostic[]): string[] {
  return ds.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`);
}
