/**
 * Ports as xtables_parse_port/xtables_parse_multi_ports read them: a number
 * 0..65535 (C base 0) or a service name resolved with getservbyname for the
 * rule's protocol, ranges "a:b" (also ":b" and "a:" open ends, as libxt_tcp's
 * parse_tcp_ports does) and comma lists for multiport.
 */
import type { NumRange } from '../../../ir/addr.js';
import { subSpan } from '../../../diagnostics/span.js';
import type { ArgValue, LowerCtx } from '../extensions/spec.js';
import { parseCUnsigned } from './number.js';
import { SERVICES } from './services.generated.js';

/** Resolves a port number or service name; null when neither. */
export function resolvePort(text: string, protoName: string): number | null {
  const n = parseCUnsigned(text);
  if (n !== null) return n <= 65535 ? n : null;
  const byProto = SERVICES[text];
  if (!byProto) return null;
  // getservbyname(name, proto) needs an entry for that protocol; sctp/dccp
  // rarely have their own, and libxtables then fails the same way.
  return byProto[protoName] ?? null;
}

function portAt(arg: ArgValue, ctx: LowerCtx, text: string, from: number, protoName: string): number | null {
  const p = resolvePort(text, protoName);
  if (p === null) {
    ctx.report(
      'BadPort',
      `expected a port number 0-65535 or a ${protoName} service name, got "${text}"`,
      subSpan(arg.span, from, text.length),
    );
  }
  return p;
}

/** "a", "a:b", ":b", "a:" → inclusive range. */
export function parsePortRange(arg: ArgValue, ctx: LowerCtx, protoName: string, text = arg.text, at = 0): NumRange | null {
  const i = text.indexOf(':');
  if (i < 0) {
    const p = portAt(arg, ctx, text, at, protoName);
    return p === null ? null : { from: p, to: p };
  }
  const a = text.slice(0, i);
  const b = text.slice(i + 1);
  const from = a === '' ? 0 : portAt(arg, ctx, a, at, protoName);
  const to = b === '' ? 65535 : portAt(arg, ctx, b, at + i + 1, protoName);
  if (from === null || to === null) return null;
  if (from > to) {
    // iptables swaps nothing: the kernel stores min>max and the match never succeeds.
    // We keep it (it is what the kernel does) and say so.
    ctx.report('BadPort', `port range "${text}" is empty (${from} > ${to}): the rule can never match`, subSpan(arg.span, at, text.length));
  }
  return { from, to };
}

/** Comma list of ports or ranges (multiport): at most `max` ports, a range counting as two. */
export function parsePortList(arg: ArgValue, ctx: LowerCtx, protoName: string, allowRanges: boolean): NumRange[] | null {
  const out: NumRange[] = [];
  let at = 0;
  let ok = true;
  for (const part of arg.text.split(',')) {
    if (part === '') {
      ctx.report('BadPort', `empty element in port list "${arg.text}"`, arg.span);
      return null;
    }
    if (!allowRanges && part.includes(':')) {
      ctx.report('BadPort', `port ranges are not allowed here ("${part}"); use --dports/--sports of multiport`, subSpan(arg.span, at, part.length));
      ok = false;
    } else {
      const r = parsePortRange(arg, ctx, protoName, part, at);
      if (r === null) ok = false;
      else out.push(r);
    }
    at += part.length + 1;
  }
  return ok ? out : null;
}

/** Prints a port range like iptables-save: "22" or "1024:65535". */
export function formatPortRange(r: NumRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}:${r.to}`;
}

/** Protocol name for service lookups (getservbyname's second argument). */
export function protoNameFor(proto: number | null): string {
  switch (proto) {
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 132:
      return 'sctp';
    case 33:
      return 'dccp';
    case 136:
      return 'udplite';
    default:
      return 'tcp';
  }
}
