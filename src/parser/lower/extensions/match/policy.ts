/**
 * policy match. iptables-extensions(8) "policy"; extensions/libxt_policy.c
 * (policy_parse, policy_check, policy4_save/policy6_save); kernel
 * net/netfilter/xt_policy.c. Element options apply to the element being
 * built; --next (which needs --strict) starts the next one, at most 4.
 */
import { POLICY_MAX_ELEM, POLICY_PROTOS, type PolicyAddr, type PolicyElement, type PolicyMatch } from '../../../../ir/matches/policy.js';
import { formatAddr, maskToPrefix, parseAddr, parseInetAton, parseIpv6 } from '../../../../ir/addr-format.js';
import type { Family } from '../../../../ir/family.js';
import { FAMILY_BITS } from '../../../../ir/family.js';
import type { Neg } from '../../../../ir/neg.js';
import { parseCUnsigned, parseUInt } from '../../values/number.js';
import { innerSpan } from './length.js';
import { arg0, neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';

import { policyHookProblem } from '../../../../ir/matches/policy.js';

export { policyHookProblem };

/**
 * Protocol names getprotobyname finds for 50/51/108 in Debian's
 * /etc/protocols (with their aliases), plus libxtables' built-in "esp"/"ah".
 * Numbers 0..255 are accepted first (xtables_parse_protocol).
 */
const PROTO_NAMES: Readonly<Record<string, number>> = {
  esp: 50, 'IPSEC-ESP': 50, ah: 51, 'IPSEC-AH': 51, ipcomp: 108, IPCOMP: 108,
};

function parseProto(a: ArgValue, ctx: LowerCtx): number | null {
  const n = parseCUnsigned(a.text);
  const p = n !== null && n <= 255 ? n : Object.hasOwn(PROTO_NAMES, a.text) ? PROTO_NAMES[a.text] : undefined;
  if (p === undefined) {
    ctx.report('BadValue', `unknown protocol "${a.text}": policy --proto takes ah, esp or ipcomp`, a.span);
    return null;
  }
  if (POLICY_PROTOS[p] === undefined) {
    ctx.report('BadValue', `policy --proto must be ah, esp or ipcomp (50, 51, 108), got "${a.text}"`, a.span);
    return null;
  }
  return p;
}

/**
 * A prefix length as libxtables xtopt_parse_plen/xtopt_parse_plenmask read
 * it: a number 0..32/128, else anything getaddrinfo(AI_NUMERICHOST) takes
 * as an address of the family is a netmask. A netmask that is not
 * contiguous (and, for IPv4, a number above 32, which inet_aton reads as an
 * address) gives xtables_ipmask_to_cidr -1, and libxtables then uses the
 * full mask: iptables-save shows /32 (/128). Shared with connlimit.
 */
export function parsePlen(a: ArgValue, ctx: LowerCtx, family: Family, text = a.text, at = 0): number | null {
  const bits = FAMILY_BITS[family];
  const n = parseCUnsigned(text);
  if (n !== null && n <= bits) return n;
  const mask = family === 'ipv4' ? parseInetAton(text) : text.includes(':') ? parseIpv6(text) : null;
  if (mask === null) {
    ctx.report('BadAddress', `expected a prefix length 0-${bits} or a netmask, got "${text}"`, innerSpan(a, at, text.length));
    return null;
  }
  return maskToPrefix(family, mask) ?? bits;
}

/** ADDR[/MASK] as XTTYPE_HOSTMASK reads it (the address is not masked). */
function parseHostMask(a: ArgValue, ctx: LowerCtx, family: Family): PolicyAddr | null {
  const slash = a.text.indexOf('/');
  const host = slash < 0 ? a.text : a.text.slice(0, slash);
  const addr = parseAddr(family, host);
  if (addr === null) {
    const span = innerSpan(a, 0, host.length);
    if (/[A-Za-z]/.test(host) && /^[A-Za-z0-9.-]+$/.test(host)) {
      ctx.report('HostName', `"${host}" is a host name: iptables resolves it through DNS when loading; write the address instead`, span);
    } else {
      ctx.report('BadAddress', `expected ${family === 'ipv4' ? 'an IPv4' : 'an IPv6'} address, got "${host}"`, span);
    }
    return null;
  }
  if (slash < 0) return { addr, prefix: FAMILY_BITS[family] };
  const prefix = parsePlen(a, ctx, family, a.text.slice(slash + 1), slash + 1);
  return prefix === null ? null : { addr, prefix };
}

interface ElementDraft {
  reqid: Neg<number> | null;
  spi: Neg<number> | null;
  proto: Neg<number> | null;
  mode: Neg<'transport' | 'tunnel'> | null;
  tunnelSrc: Neg<PolicyAddr> | null;
  tunnelDst: Neg<PolicyAddr> | null;
  /** The first option use of this element, for error spans. */
  first: OptionUse | null;
  tunnelUse: OptionUse | null;
}

const emptyDraft = (): ElementDraft => ({
  reqid: null, spi: null, proto: null, mode: null, tunnelSrc: null, tunnelDst: null, first: null, tunnelUse: null,
});

const ELEMENT_FLAG: Readonly<Record<string, string>> = {
  reqid: '--reqid', spi: '--spi', proto: '--proto', mode: '--mode', tunnelSrc: '--tunnel-src', tunnelDst: '--tunnel-dst',
};

export const policyMatch: MatchSpec<PolicyMatch> = {
  name: 'policy',
  families: ['ipv4', 'ipv6'],
  hookProblem: policyHookProblem,
  options: {
    dir: { flags: ['--dir'], arity: 1, negatable: false },
    pol: { flags: ['--pol'], arity: 1, negatable: false },
    strict: { flags: ['--strict'], arity: 0, negatable: false },
    reqid: { flags: ['--reqid'], arity: 1, negatable: true, repeatable: true },
    spi: { flags: ['--spi'], arity: 1, negatable: true, repeatable: true },
    proto: { flags: ['--proto'], arity: 1, negatable: true, repeatable: true },
    mode: { flags: ['--mode'], arity: 1, negatable: true, repeatable: true },
    tunnelSrc: { flags: ['--tunnel-src'], arity: 1, negatable: true, repeatable: true },
    tunnelDst: { flags: ['--tunnel-dst'], arity: 1, negatable: true, repeatable: true },
    next: { flags: ['--next'], arity: 0, negatable: false, repeatable: true },
  },
  lower(opts, ctx, span) {
    let ok = true;
    const dirUse = opt(opts, 'dir');
    const polUse = opt(opts, 'pol');
    const strictUse = opt(opts, 'strict');
    let dir: 'in' | 'out' | null = null;
    if (!dirUse) {
      ctx.report('MissingOption', 'the policy match needs --dir in or --dir out', span);
      ok = false;
    } else if (arg0(dirUse).text === 'in' || arg0(dirUse).text === 'out') {
      dir = arg0(dirUse).text as 'in' | 'out';
    } else {
      ctx.report('BadValue', `policy --dir takes "in" or "out", got "${arg0(dirUse).text}"`, arg0(dirUse).span);
      ok = false;
    }
    let pol: 'none' | 'ipsec' = 'ipsec';
    if (polUse) {
      const t = arg0(polUse).text;
      if (t === 'none' || t === 'ipsec') pol = t;
      else {
        ctx.report('BadValue', `policy --pol takes "none" or "ipsec", got "${t}"`, arg0(polUse).span);
        ok = false;
      }
    }
    const drafts: ElementDraft[] = [emptyDraft()];
    for (const o of opts) {
      const d = drafts[drafts.length - 1]!;
      if (o.name === 'next') {
        if (!strictUse) {
          ctx.report('MissingOption', 'policy --next needs --strict (elements are matched in order only in strict mode)', o.flagSpan);
          ok = false;
        }
        if (drafts.length === POLICY_MAX_ELEM) {
          ctx.report('BadValue', `a policy has at most ${POLICY_MAX_ELEM} elements`, o.flagSpan);
          ok = false;
        }
        drafts.push(emptyDraft());
        continue;
      }
      const key = o.name as keyof typeof ELEMENT_FLAG;
      if (ELEMENT_FLAG[key] === undefined) continue;
      if (d[key as 'reqid'] !== null) {
        ctx.report('DuplicateOption', `policy: ${ELEMENT_FLAG[key]} given twice in one element (use --next between elements)`, o.span);
        ok = false;
        continue;
      }
      d.first ??= o;
      const a = arg0(o);
      switch (o.name) {
        case 'reqid': {
          const v = parseUInt(a, ctx, 0, 0xffffffff, 'a reqid');
          if (v === null) ok = false;
          else d.reqid = neg(o, v);
          break;
        }
        case 'spi': {
          const v = parseUInt(a, ctx, 0, 0xffffffff, 'an SPI');
          if (v === null) ok = false;
          else d.spi = neg(o, v);
          break;
        }
        case 'proto': {
          const v = parseProto(a, ctx);
          if (v === null) ok = false;
          else d.proto = neg(o, v);
          break;
        }
        case 'mode':
          if (a.text === 'transport' || a.text === 'tunnel') d.mode = neg(o, a.text);
          else {
            ctx.report('BadValue', `policy --mode takes "transport" or "tunnel", got "${a.text}"`, a.span);
            ok = false;
          }
          break;
        case 'tunnelSrc':
        case 'tunnelDst': {
          const v = parseHostMask(a, ctx, ctx.family);
          d.tunnelUse ??= o;
          if (v === null) ok = false;
          else if (o.name === 'tunnelSrc') d.tunnelSrc = neg(o, v);
          else d.tunnelDst = neg(o, v);
          break;
        }
      }
    }
    if (!ok || dir === null) return null;
    if (pol === 'none') {
      if (strictUse) {
        ctx.report('ConflictingOptions', 'policy --pol none cannot be combined with --strict', strictUse.span);
        return null;
      }
      // libxt_policy ignores element options with --pol none (policy_check keeps len 0).
      return { kind: 'policy', span, family: ctx.family, dir, pol, strict: false, elements: [] };
    }
    for (const [i, d] of drafts.entries()) {
      if (strictUse && d.first === null) {
        ctx.report('MissingOption', `policy element ${i} is empty: with --strict each element needs --reqid, --spi, --proto, --mode, --tunnel-src or --tunnel-dst`, strictUse.span);
        ok = false;
      }
      // policy_check: the mode defaults to transport (0), so tunnel addresses need "--mode tunnel" (or "! --mode transport").
      const tunnelMode = d.mode !== null && (d.mode.value === 'tunnel') !== d.mode.negated;
      if (d.tunnelUse && !tunnelMode) {
        ctx.report(d.mode ? 'ConflictingOptions' : 'MissingOption', 'policy --tunnel-src/--tunnel-dst are only valid with --mode tunnel', d.tunnelUse.span);
        ok = false;
      }
    }
    if (!ok) return null;
    const elements: PolicyElement[] = drafts.map((d) => ({
      reqid: d.reqid, spi: d.spi, proto: d.proto, mode: d.mode, tunnelSrc: d.tunnelSrc, tunnelDst: d.tunnelDst,
    }));
    return { kind: 'policy', span, family: ctx.family, dir, pol, strict: strictUse !== undefined, elements };
  },
  print(m, family) {
    const out: PrintArg[] = ['--dir', m.dir, '--pol', m.pol];
    if (m.strict) out.push('--strict');
    const bits = FAMILY_BITS[family];
    const addr = (p: PolicyAddr): string => `${formatAddr(family, p.addr)}${p.prefix === bits ? '' : `/${p.prefix}`}`;
    const item = <T>(flag: string, n: Neg<T> | null, fmt: (v: T) => string): void => {
      if (!n) return;
      if (n.negated) out.push('!');
      out.push(flag, fmt(n.value));
    };
    m.elements.forEach((e, i) => {
      // libxt_policy print_entry order: reqid, spi, proto, mode, tunnel-dst, tunnel-src.
      item('--reqid', e.reqid, String);
      item('--spi', e.spi, (v) => `0x${v.toString(16)}`);
      item('--proto', e.proto, (v) => POLICY_PROTOS[v] ?? String(v));
      item('--mode', e.mode, String);
      item('--tunnel-dst', e.tunnelDst, addr);
      item('--tunnel-src', e.tunnelSrc, addr);
      if (i + 1 < m.elements.length) out.push('--next');
    });
    return out;
  },
};
