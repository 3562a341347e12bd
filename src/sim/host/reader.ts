/**
 * The value reader behind validate.ts: typed access to parsed JSON/YAML
 * values that reports every problem with its JSON path (and a span, when
 * the text is at hand) instead of throwing.
 */
import type { Family } from '../../ir/family.js';
import type { HostDiagnostic, HostCodeName } from '../../diagnostics/host-codes.js';
import { hostDiag } from '../../diagnostics/host-codes.js';
import type { Span } from '../../diagnostics/span.js';
import { parseAddress, parsePrefix } from './net-addr.js';

export type Path = readonly (string | number)[];

export function pathText(p: Path): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : !/^[A-Za-z_]\w*$/.test(k) ? `[${JSON.stringify(k)}]` : out === '' ? k : `.${k}`;
  return out;
}

export type Obj = Readonly<Record<string, unknown>>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects diagnostics; knows how to turn a path into a span when the text is at hand. */
export class HostReader {
  readonly diagnostics: HostDiagnostic[] = [];
  constructor(private readonly spanOf: (p: Path) => Span | undefined = () => undefined) {}
  report(name: HostCodeName, p: Path, message: string): void {
    this.diagnostics.push(hostDiag(name, pathText(p), message, this.spanOf(p)));
  }
  /** Warns about keys outside `known`. */
  fields(o: Obj, p: Path, known: readonly string[]): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.report('HostUnknownField', [...p, k], `unknown field "${k}" (known: ${known.join(', ')}); ignored`);
  }
  str(o: Obj, k: string, p: Path, required = false): string | undefined {
    const v = o[k];
    if (v === undefined || v === null) {
      if (required) this.report('HostType', [...p, k], `"${k}" is required`);
      return undefined;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    this.report('HostType', [...p, k], `expected a string, got ${JSON.stringify(v)}`);
    return undefined;
  }
  bool(o: Obj, k: string, p: Path, dflt: boolean): boolean {
    const v = o[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    this.report('HostType', [...p, k], `expected true or false, got ${JSON.stringify(v)}`);
    return dflt;
  }
  /** A non-negative integer up to `max`; numeric strings and 0x hex are accepted (iproute2 prints marks as "0x1"). */
  int(o: Obj, k: string, p: Path, dflt: number, max = 0xffffffff): number {
    const v = o[k];
    if (v === undefined || v === null) return dflt;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > max) {
      this.report('HostValue', [...p, k], `expected an integer 0-${max}, got ${JSON.stringify(v)}`);
      return dflt;
    }
    return n;
  }
  arr(o: Obj, k: string, p: Path): readonly unknown[] {
    const v = o[k];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.report('HostType', [...p, k], `expected a list, got ${JSON.stringify(v)}`);
    return [];
  }
  addr(text: string | undefined, p: Path, family?: Family): { family: Family; addr: bigint } | null {
    if (text === undefined) return null;
    const a = parseAddress(text, family);
    if (!a) this.report('HostAddress', p, `"${text}" is not an ${family === 'ipv6' ? 'IPv6' : family === 'ipv4' ? 'IPv4' : 'IPv4 or IPv6'} address`);
    return a;
  }
  prefix(text: string | undefined, p: Path, family?: Family): { family: Family; addr: bigint; prefix: number } | null {
    if (text === undefined) return null;
    const fam = family ?? (text.includes(':') ? 'ipv6' : 'ipv4');
    const a = parsePrefix(text, fam);
    if (!a) this.report('HostAddress', p, `"${text}" is not an ${fam === 'ipv6' ? 'IPv6' : 'IPv4'} prefix`);
    return a;
  }
}
