/**
 * conntrack match, revision 3. iptables-extensions(8) "conntrack"; userspace
 * extensions/libxt_conntrack.c (conntrack3_mt_parse, conntrack_dump) with
 * libxtables option types XTTYPE_HOSTMASK, XTTYPE_PORTRC, XTTYPE_UINT32RC,
 * XTTYPE_PROTOCOL; kernel net/netfilter/xt_conntrack.c.
 */
import type { NumRange } from '../../../../ir/addr.js';
import { formatAddr, maskToPrefix, parseInetAton, parseIpv6, prefixMask } from '../../../../ir/addr-format.js';
import type { Family } from '../../../../ir/family.js';
import { FAMILY_BITS } from '../../../../ir/family.js';
import {
  CT_STATUS_BITS,
  CT_STATUS_PARSE_ORDER,
  type ConntrackMatch,
  type CtAddr,
  type CtStatusName,
} from '../../../../ir/matches/conntrack.js';
import { CT_STATE_BITS, CT_STATE_PARSE_ORDER, type CtStateName } from '../../../../ir/matches/state.js';
import type { Neg } from '../../../../ir/neg.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { parseCUnsigned } from '../../values/number.js';
import { PROTOCOL_NUMBERS } from '../../values/protocols.generated.js';
import { anyBad, arg0, negOpt, opt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';
import { formatStates, parseNameList } from './state.js';
import { parsePortRc } from './udp.js';

/** xtables_chain_protos: the names libxtables knows before asking getprotobyname. */
const CHAIN_PROTOS: Readonly<Record<string, number>> = {
  tcp: 6, sctp: 132, udp: 17, udplite: 136, icmp: 1, 'ipv6-icmp': 58, icmpv6: 58, esp: 50, ah: 51,
  'mobility-header': 135, 'ipv6-mh': 135, mh: 135, all: 0,
};

/**
 * `--ctproto` (XTTYPE_PROTOCOL, xtables_parse_protocol without the
 * lower-casing `-p` gets): a number 0-255 in C base 0, a name of
 * xtables_chain_protos, or a getprotobyname name (/etc/protocols, so the
 * upper-case aliases like "TCP" work; case matters). The result is stored in
 * a u8, so "mptcp" (262) becomes 6, as iptables-save then shows.
 */
export function parseCtProto(a: ArgValue, ctx: LowerCtx): number | null {
  const n = parseCUnsigned(a.text);
  if (n !== null && n <= 255) return n;
  const p = Object.hasOwn(CHAIN_PROTOS, a.text)
    ? CHAIN_PROTOS[a.text]
    : Object.hasOwn(PROTOCOL_NUMBERS, a.text)
      ? PROTOCOL_NUMBERS[a.text]
      : undefined;
  if (p === undefined) {
    ctx.report('BadValue', `unknown protocol "${a.text}": expected a number 0-255 or a name such as tcp, udp, icmp, all (case matters)`, a.span);
    return null;
  }
  return p & 0xff;
}

/**
 * XTTYPE_HOSTMASK: ADDR[/MASK]. ADDR goes through getaddrinfo (numeric forms
 * only here; names would be resolved by DNS). MASK is a prefix length (C base
 * 0) or a numeric netmask. iptables 1.8.9 (xtopt_parse_plenmask) turns a
 * non-contiguous netmask into a full mask, so "10.1.2.3/255.0.255.0" is
 * 10.1.2.3/32; we do the same. The address is kept unmasked.
 */
export function parseHostMask(arg: ArgValue, ctx: LowerCtx, family: Family): CtAddr | null {
  const t = arg.text;
  const slash = t.indexOf('/');
  const addrText = slash < 0 ? t : t.slice(0, slash);
  const bits = FAMILY_BITS[family];
  const addr = family === 'ipv4' ? parseInetAton(addrText) : parseIpv6(addrText);
  if (addr === null) {
    const span = subSpan(arg.span, 0, Math.max(addrText.length, 1));
    if (/[A-Za-z]/.test(addrText) && !(family === 'ipv6' && addrText.includes(':'))) {
      ctx.report('HostName', `"${addrText}" is a host name: iptables resolves it through DNS when loading; write the address instead`, span);
    } else {
      ctx.report('BadAddress', `expected an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address, got "${addrText}"`, span);
    }
    return null;
  }
  if (slash < 0) return { family, addr, mask: prefixMask(family, bits), prefix: bits };
  const maskText = t.slice(slash + 1);
  const n = parseCUnsigned(maskText);
  let prefix: number | null = n !== null && n <= bits ? n : null;
  if (prefix === null) {
    const m = family === 'ipv4' ? parseInetAton(maskText) : parseIpv6(maskText);
    if (m === null) {
      ctx.report('BadAddress', `invalid mask "${maskText}": expected a prefix length 0-${bits} or a netmask`, subSpan(arg.span, slash + 1, Math.max(maskText.length, 1)));
      return null;
    }
    prefix = maskToPrefix(family, m) ?? bits;
  }
  return { family, addr, mask: prefixMask(family, prefix), prefix };
}

export function formatCtAddr(a: CtAddr): string {
  const addr = formatAddr(a.family, a.addr);
  return a.prefix === FAMILY_BITS[a.family] ? addr : `${addr}/${a.prefix}`;
}

/** XTTYPE_UINT32RC: "A", "A:B", ":B", "A:" (empty parts are 0 and 4294967295); a reversed range never matches. */
function parseU32Range(arg: ArgValue, ctx: LowerCtx, what: string): NumRange | null {
  const parts = arg.text.split(':');
  const max = 0xffffffff;
  if (parts.length > 2) {
    ctx.report('BadNumber', `too many ":" in ${what} "${arg.text}": expected N or N:M`, arg.span);
    return null;
  }
  const vals: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const v = p === '' ? (i === 1 ? max : 0) : parseCUnsigned(p);
    if (v === null || v > max) {
      ctx.report('BadNumber', `invalid ${what} "${arg.text}": expected N or N:M with numbers 0-${max}`, arg.span);
      return null;
    }
    vals.push(v);
  }
  return { from: vals[0]!, to: vals[vals.length - 1]! };
}

const fmtRange = (r: NumRange): string => (r.from === r.to ? String(r.from) : `${r.from}:${r.to}`);

function formatStatus(mask: number): string {
  const names = (Object.keys(CT_STATUS_BITS) as CtStatusName[]).filter((n) => mask & CT_STATUS_BITS[n]);
  return names.length === 0 ? 'NONE' : names.join(',');
}

const ADDR_OPTS = ['origSrc', 'origDst', 'replSrc', 'replDst'] as const;
const PORT_OPTS = ['origSrcPort', 'origDstPort', 'replSrcPort', 'replDstPort'] as const;

export const conntrackMatch: MatchSpec<ConntrackMatch> = {
  name: 'conntrack',
  families: ['ipv4', 'ipv6'],
  options: {
    state: { flags: ['--ctstate'], arity: 1, negatable: true },
    proto: { flags: ['--ctproto'], arity: 1, negatable: true },
    origSrc: { flags: ['--ctorigsrc'], arity: 1, negatable: true },
    origDst: { flags: ['--ctorigdst'], arity: 1, negatable: true },
    replSrc: { flags: ['--ctreplsrc'], arity: 1, negatable: true },
    replDst: { flags: ['--ctrepldst'], arity: 1, negatable: true },
    origSrcPort: { flags: ['--ctorigsrcport'], arity: 1, negatable: true },
    origDstPort: { flags: ['--ctorigdstport'], arity: 1, negatable: true },
    replSrcPort: { flags: ['--ctreplsrcport'], arity: 1, negatable: true },
    replDstPort: { flags: ['--ctrepldstport'], arity: 1, negatable: true },
    status: { flags: ['--ctstatus'], arity: 1, negatable: true },
    expire: { flags: ['--ctexpire'], arity: 1, negatable: true },
    direction: { flags: ['--ctdir'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    if (opts.length === 0) {
      ctx.report('MissingOption', 'the conntrack match needs at least one option (e.g. --ctstate)', span);
      return null;
    }
    const state = negOpt(opts, 'state', (a) => parseNameList<CtStateName>(a, ctx, CT_STATE_PARSE_ORDER, (n) => CT_STATE_BITS[n], 'ctstate'));
    const proto = negOpt(opts, 'proto', (a) => parseCtProto(a, ctx));
    const addrs = ADDR_OPTS.map((k) => negOpt(opts, k, (a) => parseHostMask(a, ctx, ctx.family)));
    const ports = PORT_OPTS.map((k) => negOpt(opts, k, (a) => parsePortRc(a, ctx)));
    const status = negOpt(opts, 'status', (a) =>
      parseNameList<CtStatusName | 'NONE'>(a, ctx, CT_STATUS_PARSE_ORDER, (n) => (n === 'NONE' ? 0 : CT_STATUS_BITS[n]), 'ctstatus'),
    );
    const expire = negOpt(opts, 'expire', (a) => parseU32Range(a, ctx, '--ctexpire'));
    let direction: ConntrackMatch['direction'] | undefined = null;
    const d = opt(opts, 'direction');
    if (d) {
      const t = arg0(d).text.toUpperCase();
      if (t === 'ORIGINAL' || t === 'REPLY') direction = t;
      else {
        ctx.report('BadValue', `--ctdir must be ORIGINAL or REPLY, got "${arg0(d).text}"`, arg0(d).span);
        direction = undefined;
      }
    }
    if (anyBad(state, proto, status, expire, direction, ...addrs, ...ports)) return null;
    const [origSrc, origDst, replSrc, replDst] = addrs as (Neg<CtAddr> | null)[];
    const [origSrcPort, origDstPort, replSrcPort, replDstPort] = ports as (Neg<NumRange> | null)[];
    return {
      kind: 'conntrack',
      span,
      state: state!,
      proto: proto!,
      origSrc: origSrc!,
      origDst: origDst!,
      replSrc: replSrc!,
      replDst: replDst!,
      origSrcPort: origSrcPort!,
      origDstPort: origDstPort!,
      replSrcPort: replSrcPort!,
      replDstPort: replDstPort!,
      status: status!,
      expire: expire!,
      direction: direction!,
    };
  },
  print(m) {
    // conntrack_dump order.
    const out: PrintArg[] = [];
    printNeg(out, '--ctstate', m.state, formatStates);
    printNeg(out, '--ctproto', m.proto, String);
    printNeg(out, '--ctorigsrc', m.origSrc, formatCtAddr);
    printNeg(out, '--ctorigdst', m.origDst, formatCtAddr);
    printNeg(out, '--ctreplsrc', m.replSrc, formatCtAddr);
    printNeg(out, '--ctrepldst', m.replDst, formatCtAddr);
    printNeg(out, '--ctorigsrcport', m.origSrcPort, fmtRange);
    printNeg(out, '--ctorigdstport', m.origDstPort, fmtRange);
    printNeg(out, '--ctreplsrcport', m.replSrcPort, fmtRange);
    printNeg(out, '--ctrepldstport', m.replDstPort, fmtRange);
    printNeg(out, '--ctstatus', m.status, formatStatus);
    printNeg(out, '--ctexpire', m.expire, fmtRange);
    if (m.direction) out.push('--ctdir', m.direction);
    return out;
  },
};
