/**
 * multiport match, revision 1. iptables-extensions(8) "multiport"; userspace
 * extensions/libxt_multiport.c (parse_multi_ports_v1, check_proto); kernel
 * net/netfilter/xt_multiport.c (checkentry: -p tcp/udp/udplite/sctp/dccp,
 * not negated; at most XT_MULTI_PORTS = 15 slots).
 */
import type { NumRange } from '../../../../ir/addr.js';
import { MULTIPORT_MAX_SLOTS, type MultiportDirection, type MultiportMatch } from '../../../../ir/matches/multiport.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { formatPortRange, protoNameFor, resolvePort } from '../../values/port.js';
import { arg0 } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';

/** Protocols multiport accepts (libxt_multiport proto_to_name, xt_multiport check). */
const PORT_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 33, 132, 136]);

const FLAG_OF: Readonly<Record<MultiportDirection, string>> = { src: '--sports', dst: '--dports', both: '--ports' };

/**
 * A comma list of ports and FROM:TO ranges. Ports are numbers (C base 0) or
 * service names of the rule's protocol (xtables_parse_port). A range needs
 * FROM < TO and takes two of the 15 slots.
 */
function parsePortList(arg: ArgValue, ctx: LowerCtx, protoName: string): NumRange[] | null {
  const out: NumRange[] = [];
  let slots = 0;
  let at = 0;
  const items = arg.text.split(',');
  const port = (s: string, from: number): number | null => {
    const p = resolvePort(s, protoName);
    if (p === null) {
      const what = s === '' ? 'empty port' : `invalid port "${s}"`;
      ctx.report('BadPort', `${what}: expected a number 0-65535 or a ${protoName} service name`, subSpan(arg.span, from, Math.max(s.length, 1)));
    }
    return p;
  };
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    const here = at;
    at += item.length + 1;
    const colon = item.indexOf(':');
    if (slots === MULTIPORT_MAX_SLOTS || (colon >= 0 && slots === MULTIPORT_MAX_SLOTS - 1)) {
      ctx.report('BadPort', `too many ports: multiport holds at most ${MULTIPORT_MAX_SLOTS} ports, a range counting as two`, subSpan(arg.span, here, arg.text.length - here));
      return null;
    }
    if (colon < 0) {
      const p = port(item, here);
      if (p === null) return null;
      out.push({ from: p, to: p });
      slots += 1;
      continue;
    }
    const from = port(item.slice(0, colon), here);
    if (from === null) return null;
    const to = port(item.slice(colon + 1), here + colon + 1);
    if (to === null) return null;
    if (from >= to) {
      ctx.report('BadPort', `invalid port range "${item}": the first port must be smaller than the second`, subSpan(arg.span, here, item.length));
      return null;
    }
    out.push({ from, to });
    slots += 2;
  }
  return out;
}

const DIRECTIONS: readonly [string, MultiportDirection][] = [['sports', 'src'], ['dports', 'dst'], ['ports', 'both']];

export const multiportMatch: MatchSpec<MultiportMatch> = {
  name: 'multiport',
  families: ['ipv4', 'ipv6'],
  options: {
    sports: { flags: ['--sports', '--source-ports'], arity: 1, negatable: true },
    dports: { flags: ['--dports', '--destination-ports'], arity: 1, negatable: true },
    ports: { flags: ['--ports'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    const uses = opts.filter((o) => DIRECTIONS.some(([n]) => n === o.name));
    const first: OptionUse | undefined = uses[0];
    if (!first) {
      ctx.report('MissingOption', 'the multiport match needs one of --sports, --dports or --ports', span);
      return null;
    }
    if (uses.length > 1) {
      ctx.report('ConflictingOptions', `only one of --sports, --dports and --ports may be given (already have ${first.flag})`, uses[1]!.span);
      return null;
    }
    if (ctx.protocol === null || !PORT_PROTOCOLS.has(ctx.protocol)) {
      ctx.report('NeedsProtocol', 'multiport needs -p tcp, udp, udplite, sctp or dccp (not negated); the kernel refuses it otherwise', first.flagSpan);
      return null;
    }
    const ports = parsePortList(arg0(first), ctx, protoNameFor(ctx.protocol));
    if (!ports) return null;
    const direction = DIRECTIONS.find(([n]) => n === first.name)![1];
    return { kind: 'multiport', span, direction, ports: { value: ports, negated: first.negated } };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.ports.negated) out.push('!');
    out.push(FLAG_OF[m.direction], m.ports.value.map(formatPortRange).join(','));
    return out;
  },
};
