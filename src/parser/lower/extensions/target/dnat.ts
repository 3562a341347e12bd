/**
 * DNAT target, and the NAT argument parsing SNAT, MASQUERADE and REDIRECT
 * share. iptables-extensions(8) "DNAT"; extensions/libxt_NAT.c (1.8.9):
 * parse_to / parse_ports / sprint_range / __NAT_print, DNAT revision 2 for
 * both families (the only one with the `/base` shifted portmap), options
 * --to-destination (mandatory, once: iptables 1.8.9 refuses a second),
 * --random, --persistent. Kernel net/netfilter/xt_nat.c: `.table = "nat"`,
 * hooks PREROUTING and OUTPUT; nf_nat_setup_info returns NF_ACCEPT (NF_DROP
 * when nothing fits), so the target always ends the table.
 */
import type { AddrRange, NumRange } from '../../../../ir/addr.js';
import { formatAddr, parseIpv6 } from '../../../../ir/addr-format.js';
import type { Family } from '../../../../ir/family.js';
import type { DnatTarget } from '../../../../ir/targets/dnat.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { SERVICES } from '../../values/services.generated.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, PrintArg, TargetSpec } from '../spec.js';
import { cStrtoul } from './mark.js';

/**
 * Protocols with which libxt_NAT's __NAT_parse allows ports: TCP, UDP, SCTP,
 * DCCP and ICMP (number 1, also in ip6tables; ICMPv6 is not in the list).
 * iptables reads `ip.proto` without looking at "!", so `! -p tcp` passes
 * there; LowerCtx gives no protocol for a negated -p, and nfverify then
 * refuses the port (a known, rare difference).
 */
const PORT_PROTOS: readonly number[] = [6, 17, 132, 33, 1];

/** inet_pton(AF_INET): exactly four decimal parts 0-255 without leading zeros (glibc inet_pton4). */
export function parseInetPton4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return null;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

/** inet_pton for the family, as parse_to uses it. */
export function parsePton(family: Family, text: string): bigint | null {
  return family === 'ipv4' ? parseInetPton4(text) : parseIpv6(text);
}

/** getservbyname(name, NULL): the first /etc/services entry of that name, whatever its protocol. */
export function anyServicePort(name: string): number | null {
  const byProto = Object.hasOwn(SERVICES, name) ? SERVICES[name] : undefined;
  if (!byProto) return null;
  return byProto['tcp'] ?? byProto['udp'] ?? Object.values(byProto)[0] ?? null;
}

/** Where a sub-string of an argument starts inside its span (after an opening quote). */
function at(a: ArgValue, i: number, len: number) {
  return subSpan(a.span, i + (a.quoted ? 1 : 0), Math.max(len, 1));
}

export interface NatPorts {
  readonly ports: NumRange;
  readonly base: number | null;
}

/**
 * libxt_NAT parse_ports on `a.text` from index `from`: `port[-port[/base]]`.
 * The first port may be a service name (then it is the whole rest), range
 * ends may not; numbers are C base 0 ("0x50" is 80); a range may not run
 * backwards; `base` is 1-65535 or a service name, and anything after a
 * numeric base is ignored, as iptables does.
 */
export function parseNatPorts(a: ArgValue, ctx: LowerCtx, from: number, what: string): NatPorts | null {
  const text = a.text;
  const rest = text.slice(from);
  if (ctx.protocol === null || !PORT_PROTOS.includes(ctx.protocol)) {
    ctx.report('NeedsProtocol', `${what} with a port needs -p tcp, udp, sctp or dccp${ctx.family === 'ipv4' ? ' (or icmp)' : ''}`, at(a, from, rest.length));
    return null;
  }
  const bad = (i: number, msg: string) => {
    ctx.report('BadPort', msg, at(a, i, text.length - i));
    return null;
  };
  const p1 = cStrtoul(text, from, 65535);
  if (!p1) {
    const svc = anyServicePort(rest);
    if (svc === null) return bad(from, `expected a port 0-65535, a port range PORT-PORT or a service name, got "${rest}"`);
    return { ports: { from: svc, to: svc }, base: null };
  }
  const c1 = text[p1.end];
  if (c1 === undefined) return { ports: { from: p1.value, to: p1.value }, base: null };
  if (c1 === ':') return bad(p1.end, `invalid port range "${rest}": write the range with a dash, PORT-PORT`);
  if (c1 !== '-') return bad(p1.end, `unexpected "${text.slice(p1.end)}" after port ${p1.value}`);
  const p2 = cStrtoul(text, p1.end + 1, 65535);
  if (!p2) return bad(p1.end + 1, `expected the upper port 0-65535 of the range (no service names there), got "${text.slice(p1.end + 1)}"`);
  if (p2.value < p1.value) {
    ctx.report('BadPort', `port range ${p1.value}-${p2.value} runs backwards`, at(a, from, p2.end - from));
    return null;
  }
  const ports = { from: p1.value, to: p2.value };
  const c2 = text[p2.end];
  if (c2 === undefined) return { ports, base: null };
  if (c2 !== '/') return bad(p2.end, `unexpected "${text.slice(p2.end)}" after port range ${p1.value}-${p2.value}`);
  const b = cStrtoul(text, p2.end + 1, 65535);
  const base = b && b.value >= 1 ? b.value : anyServicePort(text.slice(p2.end + 1));
  if (base === null) return bad(p2.end + 1, `expected a base port 1-65535 or a service name, got "${text.slice(p2.end + 1)}"`);
  return { ports, base };
}

export interface NatTo {
  readonly addrs: AddrRange | null;
  readonly ports: NumRange | null;
  readonly base: number | null;
}

/**
 * libxt_NAT parse_to: `[addr[-addr]][:ports]`, IPv6 as `[addr[-addr]]:ports`.
 * Without brackets a single colon starts the ports and two or more mean an
 * IPv6 address without ports; a colon at index 0 or 2 ("[]:80") means ports
 * only. Addresses are read with inet_pton (so no "010.1.1.1", no host names).
 */
export function parseNatTo(a: ArgValue, ctx: LowerCtx, what: string): NatTo | null {
  const text = a.text;
  const lb = text.indexOf('[');
  let start = 0;
  let addrEnd: number;
  let colon: number;
  if (lb < 0) {
    colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) colon = -1;
    addrEnd = colon >= 0 ? colon : text.length;
  } else {
    start = lb + 1;
    addrEnd = text.indexOf(']', start);
    if (addrEnd < 0 || ctx.family === 'ipv4') {
      const why = ctx.family === 'ipv4' ? 'brackets are only for IPv6 addresses' : 'missing "]"';
      ctx.report('BadAddress', `invalid address format "${text}": ${why}`, a.span);
      return null;
    }
    colon = text.indexOf(':', addrEnd + 1);
  }
  let ports: NatPorts | null = null;
  if (colon >= 0) {
    ports = parseNatPorts(a, ctx, colon + 1, what);
    if (!ports) return null;
    if (colon === 0 || colon === 2) return { addrs: null, ports: ports.ports, base: ports.base };
  }
  const addrText = text.slice(start, addrEnd);
  const dash = addrText.indexOf('-');
  const minText = dash < 0 ? addrText : addrText.slice(0, dash);
  const maxText = dash < 0 ? null : addrText.slice(dash + 1);
  const kind = ctx.family === 'ipv4' ? 'IPv4' : 'IPv6';
  const min = parsePton(ctx.family, minText);
  if (min === null) {
    ctx.report('BadAddress', `expected an ${kind} address, got "${minText}"`, at(a, start, minText.length));
    return null;
  }
  if (maxText === '') {
    ctx.report('BadAddress', `address range "${addrText}" has no upper address after "-"`, at(a, start, addrText.length));
    return null;
  }
  const max = maxText === null ? min : parsePton(ctx.family, maxText);
  if (max === null) {
    ctx.report('BadAddress', `expected an ${kind} address, got "${maxText}"`, at(a, start + dash + 1, maxText!.length));
    return null;
  }
  return { addrs: { family: ctx.family, from: min, to: max }, ports: ports?.ports ?? null, base: ports?.base ?? null };
}

/** sprint_range: `[a-b]:p-q/base`, brackets only for IPv6 with ports. */
export function formatNatRange(family: Family, addrs: AddrRange | null, ports: NumRange | null, base: number | null): string {
  let s = '';
  if (addrs) {
    const brackets = family === 'ipv6' && ports !== null;
    s += brackets ? '[' : '';
    s += formatAddr(family, addrs.from);
    if (addrs.to !== addrs.from) s += `-${formatAddr(family, addrs.to)}`;
    s += brackets ? ']' : '';
  }
  if (ports) {
    s += `:${ports.from}`;
    if (ports.to !== ports.from) s += `-${ports.to}`;
    if (base !== null) s += `/${base}`;
  }
  return s;
}

/** The port part alone, as MASQUERADE and REDIRECT print `--to-ports`. */
export function formatPorts(p: NumRange): string {
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

/** The flags in __NAT_print's order. */
export function printNatFlags(out: PrintArg[], f: { random?: boolean; randomFully?: boolean; persistent?: boolean }): void {
  if (f.random) out.push('--random');
  if (f.randomFully) out.push('--random-fully');
  if (f.persistent) out.push('--persistent');
}

export const dnatTarget: TargetSpec<DnatTarget> = {
  name: 'DNAT',
  families: ['ipv4', 'ipv6'],
  tables: ['nat'],
  hooks: ['PREROUTING', 'OUTPUT'],
  terminal: true,
  options: {
    to: { flags: ['--to-destination'], arity: 1, negatable: false },
    random: { flags: ['--random'], arity: 0, negatable: false },
    persistent: { flags: ['--persistent'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = opt(opts, 'to');
    if (!o) {
      ctx.report('MissingOption', 'DNAT needs --to-destination [ADDR[-ADDR]][:PORT[-PORT]]', span);
      return null;
    }
    const to = parseNatTo(arg0(o), ctx, '--to-destination');
    if (!to) return null;
    return {
      kind: 'dnat',
      addrs: to.addrs,
      ports: to.ports,
      portBase: to.base,
      random: opt(opts, 'random') !== undefined,
      persistent: opt(opts, 'persistent') !== undefined,
    };
  },
  print(t, family) {
    const out: PrintArg[] = ['--to-destination', formatNatRange(family, t.addrs, t.ports, t.portBase)];
    printNatFlags(out, t);
    return out;
  },
};
