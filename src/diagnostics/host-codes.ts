/**
 * Diagnostics of host descriptions (6xxx): host files, `host import` of
 * `ip -j` / `sysctl -a` captures, and the default host. Same catalog style as
 * codes.ts; a code is stable forever and never reused.
 *
 * Host files are JSON or YAML, not iptables dumps, so a finding carries the
 * JSON path of the value (`interfaces[2].addrs[0]`) and, when the text is at
 * hand, a span.
 */
import type { CodeSpec, Severity } from './codes.js';
import type { Span } from './span.js';

export const HostCodes = {
  HostSyntax: { code: 'NFV6001', slug: 'host-syntax', severity: 'error', summary: 'The host file is not valid JSON or YAML.' },
  HostType: { code: 'NFV6002', slug: 'host-type', severity: 'error', summary: 'A host file value has the wrong type, or a required field is missing.' },
  HostAddress: { code: 'NFV6003', slug: 'host-address', severity: 'error', summary: 'Not an IPv4 or IPv6 address or prefix of the expected family.' },
  HostValue: { code: 'NFV6004', slug: 'host-value', severity: 'error', summary: 'A value outside the range or set the kernel accepts (a table id, a metric, a route type...).' },
  HostUnknownDevice: { code: 'NFV6005', slug: 'host-unknown-device', severity: 'error', summary: 'A route names a device the host does not have (the kernel refuses such a route).' },
  HostDuplicate: { code: 'NFV6006', slug: 'host-duplicate', severity: 'error', summary: 'Two interfaces share a name or an index.' },
  HostUnknownField: { code: 'NFV6007', slug: 'host-unknown-field', severity: 'warning', summary: 'A field nfverify does not know; it is ignored.' },
  HostUnknownSysctl: { code: 'NFV6008', slug: 'host-unknown-sysctl', severity: 'warning', summary: 'A sysctl nfverify does not model; it is ignored.' },
  HostDetachedRule: { code: 'NFV6009', slug: 'host-detached-rule', severity: 'warning', summary: 'A policy rule names a device the host does not have; like the kernel, the rule never matches.' },
  ImportShape: { code: 'NFV6010', slug: 'import-shape', severity: 'error', summary: 'A captured dump is not the JSON that `ip -j ... show` prints.' },
  ImportSkipped: { code: 'NFV6011', slug: 'import-skipped', severity: 'warning', summary: 'An entry of a captured dump that nfverify does not model was left out.' },
  HostAssumption: { code: 'NFV6012', slug: 'host-assumption', severity: 'warning', summary: 'Part of the host was assumed (no --host given, or a capture left it out).' },
} as const satisfies Record<string, CodeSpec>;

export type HostCodeName = keyof typeof HostCodes;
export type HostDiagnosticCode = (typeof HostCodes)[HostCodeName]['code'];

/**
 * A host-description finding. Shaped like `Diagnostic` (same fields, plus the
 * JSON `path`); it becomes one once `DiagnosticCode` includes the 6xxx codes.
 */
export interface HostDiagnostic {
  readonly code: HostDiagnosticCode;
  readonly slug: string;
  readonly severity: Severity;
  readonly message: string;
  /** The JSON path of the value, e.g. `interfaces[2].addrs[0]` ('' for the whole document). */
  readonly path: string;
  readonly span?: Span;
}

export function hostDiag(name: HostCodeName, path: string, message: string, span?: Span): HostDiagnostic {
  const spec = HostCodes[name];
  return { code: spec.code, slug: spec.slug, severity: spec.severity, message: path ? `${path}: ${message}` : message, path, ...(span ? { span } : {}) };
}
