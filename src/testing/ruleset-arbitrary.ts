/**
 * A fast-check arbitrary of iptables-save / ip6tables-save rulesets that the
 * kernel loads (iptables 1.8.9, both backends): every table, user chains
 * reached by -j and -g (never in a loop, ip_tables.c mark_source_chains),
 * RETURN, policies, and the matches and targets whose kernel semantics
 * nfverify simulates, each only where the kernel accepts it:
 *
 * - a user chain has one "home" hook and is only reached from that hook's
 *   built-in chain (or from other user chains of the same home), so a
 *   hook-restricted match or target in it is valid (xt_check_match and
 *   xt_check_target check the hooks a rule is reachable from);
 * - -i only where there is an input device (PREROUTING, INPUT, FORWARD),
 *   -o only where there is an output device (FORWARD, OUTPUT, POSTROUTING),
 *   -m owner in OUTPUT/POSTROUTING, -m mac in PREROUTING/INPUT/FORWARD,
 *   -m rpfilter in raw/mangle PREROUTING;
 * - REJECT in filter INPUT/FORWARD/OUTPUT (ipt_REJECT.c .table/.hooks),
 *   DNAT and REDIRECT in nat PREROUTING/OUTPUT, SNAT in nat
 *   POSTROUTING/INPUT, MASQUERADE in nat POSTROUTING, CT/NOTRACK/TRACE in
 *   raw, TTL/HL/TOS/DSCP/TCPMSS/CLASSIFY in mangle; no DROP rule in nat
 *   (iptables refuses it; a DROP policy it accepts);
 * - ports, flags and NAT ports only after -p tcp / -p udp, tcp-reset only
 *   after -p tcp, TCPMSS only on SYN-only rules (tcpmss_tg4_check).
 *
 * Addresses come from `addrs` (CIDRs: the networks of the test's hosts), so
 * rules and packets meet. State-dependent matches (limit, statistic,
 * recent, string) are in by default; `stateful: false` leaves them out.
 */
import fc from 'fast-check';
import type { Family } from '../ir/family.js';
import { formatAddr, parseAddr } from '../ir/addr-format.js';
import type { Hook, TableName } from '../ir/names.js';

export interface RulesetArbitraryOptions {
  /** Default ipv4. */
  readonly family?: Family;
  /** Interface names for -i/-o (default eth0, eth1); "+" wildcards and one unknown name are drawn too. */
  readonly ifaces?: readonly string[];
  /** Networks addresses are drawn from, as CIDRs (default: the documentation networks). */
  readonly addrs?: readonly string[];
  /** Addresses DNAT/REDIRECT-like targets may map to besides `addrs` (e.g. the host's own). */
  readonly natTargets?: readonly string[];
  /** Tables that may appear (default all five). */
  readonly tables?: readonly TableName[];
  /** Most rules per chain (default 6). */
  readonly maxRules?: number;
  /** Most user chains per table (default 3). */
  readonly maxUserChains?: number;
  /** Matches whose result depends on state nfverify cannot know: limit, statistic, recent, string (default true). */
  readonly stateful?: boolean;
  /** MACs for -m mac (default two locally administered ones). */
  readonly macs?: readonly string[];
  /** uids/gids for -m owner (default 0 and 1000). */
  readonly owners?: readonly number[];
}

const DEFAULT_ADDRS: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'],
  ipv6: ['2001:db8:1::/64', '2001:db8:2::/64', '2001:db8:3::/64'],
};

const BUILTIN: Readonly<Record<TableName, readonly Hook[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

const TABLE_ORDER: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

type Proto = 'tcp' | 'udp' | 'icmp' | 'other' | null;

interface Ctx {
  readonly family: Family;
  readonly table: TableName;
  readonly hook: Hook;
  readonly o: Required<Omit<RulesetArbitraryOptions, 'natTargets'>> & { readonly natTargets: readonly string[] };
  /** User chains this chain may jump or go to. */
  readonly targets: readonly string[];
}

interface Net {
  readonly family: Family;
  readonly addr: bigint;
  readonly prefix: number;
}

function parseNet(family: Family, cidr: string): Net | null {
  const [a, p] = cidr.split('/');
  const addr = parseAddr(family, a ?? '');
  const bits = family === 'ipv4' ? 32 : 128;
  const prefix = p === undefined ? bits : Number(p);
  if (addr === null || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
  return { family, addr, prefix };
}

/** An address inside one of the networks. */
function addrIn(nets: readonly Net[]): fc.Arbitrary<bigint> {
  return fc.constantFrom(...nets).chain((n) => {
    const bits = n.family === 'ipv4' ? 32 : 128;
    const host = (1n << BigInt(bits - n.prefix)) - 1n;
    return fc.bigInt({ min: 0n, max: host }).map((x) => (n.addr & ~host) | x);
  });
}

/** `-s`/`-d` values: a prefix of an address of the networks (the kernel masks the address; iptables-save prints it masked). */
function cidrArb(family: Family, nets: readonly Net[]): fc.Arbitrary<string> {
  const bits = family === 'ipv4' ? 32 : 128;
  return fc.tuple(addrIn(nets), fc.oneof({ weight: 3, arbitrary: fc.constant(bits) }, { weight: 2, arbitrary: fc.integer({ min: family === 'ipv4' ? 8 : 32, max: bits }) })).map(([a, p]) => {
    const host = (1n << BigInt(bits - p)) - 1n;
    return `${formatAddr(family, a & ~host)}/${p}`;
  });
}

const neg = fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant('! ') });

function portArb(): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(22, 53, 80, 443, 8080, 40000), fc.integer({ min: 1, max: 65535 }));
}

function portSpec(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: portArb().map(String) },
    { weight: 1, arbitrary: fc.tuple(portArb(), portArb()).map(([a, b]) => (a === b ? String(a) : `${Math.min(a, b)}:${Math.max(a, b)}`)) },
  );
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] as const;

function tcpMatch(): fc.Arbitrary<string> {
  const flags = fc.subarray([...TCP_FLAG_NAMES], { minLength: 1 });
  return fc.oneof(
    fc.tuple(neg, portSpec()).map(([n, p]) => `-m tcp ${n}--dport ${p}`),
    fc.tuple(neg, portSpec()).map(([n, p]) => `-m tcp ${n}--sport ${p}`),
    fc.tuple(neg, flags, flags).map(([n, mask, comp]) => {
      const c = comp.filter((f) => mask.includes(f));
      return `-m tcp ${n}--tcp-flags ${mask.join(',')} ${c.length > 0 ? c.join(',') : 'NONE'}`;
    }),
    fc.constant('-m tcp --tcp-flags FIN,SYN,RST,ACK SYN'),
    fc.tuple(portSpec(), portSpec()).map(([s, d]) => `-m tcp --sport ${s} --dport ${d}`),
  );
}

function udpMatch(): fc.Arbitrary<string> {
  return fc.oneof(fc.tuple(neg, portSpec()).map(([n, p]) => `-m udp ${n}--dport ${p}`), fc.tuple(neg, portSpec()).map(([n, p]) => `-m udp ${n}--sport ${p}`));
}

function multiportMatch(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('--dports', '--sports', '--ports'), neg, fc.array(portSpec(), { minLength: 1, maxLength: 4 }))
    .map(([dir, n, ps]) => `-m multiport ${n}${dir} ${ps.join(',')}`);
}

function icmpMatch(family: Family): fc.Arbitrary<string> {
  if (family === 'ipv4') {
    return fc.tuple(neg, fc.constantFrom('echo-request', 'echo-reply', 'destination-unreachable', 'port-unreachable', 'time-exceeded', '8', '0', '3/3', '11/0', 'any')).map(([n, t]) => `-m icmp ${n}--icmp-type ${t}`);
  }
  return fc.tuple(neg, fc.constantFrom('echo-request', 'echo-reply', 'destination-unreachable', 'port-unreachable', 'time-exceeded', '128', '129', '1/4', '3/0')).map(([n, t]) => `-m icmp6 ${n}--icmpv6-type ${t}`);
}

const CT_STATES = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'] as const;
/** -m conntrack --ctstate also has the virtual states SNAT and DNAT (xt_conntrack.h XT_CONNTRACK_STATE_SNAT/DNAT). */
const CT_STATES_NAT = [...CT_STATES, 'SNAT', 'DNAT'] as const;

/** addrtype types; IPv6 has no BROADCAST (xt_addrtype.c addrtype_mt_checkentry_v1). */
const ADDRTYPES: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['LOCAL', 'UNICAST', 'BROADCAST', 'MULTICAST', 'UNREACHABLE', 'LOCAL,UNICAST'],
  ipv6: ['LOCAL', 'UNICAST', 'MULTICAST', 'UNREACHABLE', 'LOCAL,UNICAST'],
};

function genericMatch(c: Ctx, nets: readonly Net[]): fc.Arbitrary<string> {
  const fam = c.family;
  const states = fc.subarray([...CT_STATES], { minLength: 1 }).map((s) => s.join(','));
  const ctstates = fc.subarray([...CT_STATES_NAT], { minLength: 1 }).map((s) => s.join(','));
  const mask32 = fc.oneof(fc.constant(''), fc.constantFrom('/0xff', '/0xf0', '/0x1'));
  const markVal = fc.oneof(fc.constantFrom(0, 1, 2, 3, 7, 0x10), fc.integer({ min: 0, max: 0xff }));
  const range = fc.tuple(addrIn(nets), addrIn(nets)).map(([a, b]): readonly [bigint, bigint] => (a <= b ? [a, b] : [b, a]));
  const parts: fc.Arbitrary<string>[] = [
    fc.tuple(neg, ctstates).map(([n, s]) => `-m conntrack ${n}--ctstate ${s}`),
    states.map((s) => `-m state --state ${s}`),
    fc.tuple(neg, fc.constantFrom('ORIGINAL', 'REPLY')).map(([, d]) => `-m conntrack --ctdir ${d}`),
    fc.tuple(neg, fc.constantFrom('EXPECTED', 'ASSURED', 'SEEN_REPLY', 'CONFIRMED')).map(([n, s]) => `-m conntrack ${n}--ctstatus ${s}`),
    fc.tuple(neg, markVal, mask32).map(([n, v, m]) => `-m mark ${n}--mark 0x${v.toString(16)}${m}`),
    fc.tuple(neg, markVal, mask32).map(([n, v, m]) => `-m connmark ${n}--mark 0x${v.toString(16)}${m}`),
    fc.tuple(neg, range, fc.boolean()).map(([n, [a, b], src]) => `-m iprange ${n}--${src ? 'src' : 'dst'}-range ${formatAddr(fam, a)}-${formatAddr(fam, b)}`),
    fc.tuple(neg, fc.integer({ min: 20, max: 200 }), fc.integer({ min: 0, max: 1500 })).map(([n, a, w]) => `-m length ${n}--length ${a}:${a + w}`),
    fc.tuple(fc.constantFrom('--src-type', '--dst-type'), neg, fc.constantFrom(...ADDRTYPES[fam])).map(([d, n, t]) => `-m addrtype ${n}${d} ${t}`),
    fc.tuple(neg, fc.constantFrom('unicast', 'broadcast', 'multicast')).map(([n, t]) => `-m pkttype ${n}--pkt-type ${t}`),
    fc.tuple(neg, fc.integer({ min: 0, max: 63 })).map(([n, d]) => `-m dscp ${n}--dscp 0x${d.toString(16).padStart(2, '0')}`),
    fc.constantFrom('word', 'a comment', 'x-1').map((s) => `-m comment --comment "${s}"`),
  ];
  if (fam === 'ipv4') {
    parts.push(fc.tuple(fc.constantFrom('--ttl-eq', '--ttl-lt', '--ttl-gt'), fc.constantFrom(1, 2, 63, 64, 65, 128)).map(([op, v]) => `-m ttl ${op} ${v}`));
    parts.push(fc.tuple(neg, fc.constantFrom('0x10/0x3f', '0x00/0xff', '0x08/0x08', 'Minimize-Delay')).map(([n, t]) => `-m tos ${n}--tos ${t}`));
  } else {
    parts.push(fc.tuple(fc.constantFrom('--hl-eq', '--hl-lt', '--hl-gt'), fc.constantFrom(1, 2, 63, 64, 65, 255)).map(([op, v]) => `-m hl ${op} ${v}`));
  }
  const inDev = c.hook === 'PREROUTING' || c.hook === 'INPUT' || c.hook === 'FORWARD';
  const outDev = c.hook === 'FORWARD' || c.hook === 'OUTPUT' || c.hook === 'POSTROUTING';
  if (inDev && c.o.macs.length > 0) parts.push(fc.tuple(neg, fc.constantFrom(...c.o.macs)).map(([n, m]) => `-m mac ${n}--mac-source ${m}`));
  if (c.hook === 'OUTPUT' || c.hook === 'POSTROUTING') {
    parts.push(fc.tuple(neg, fc.constantFrom(...c.o.owners), fc.boolean()).map(([n, id, uid]) => `-m owner ${n}--${uid ? 'uid' : 'gid'}-owner ${id}`));
  }
  if (c.hook === 'PREROUTING' && (c.table === 'raw' || c.table === 'mangle')) {
    parts.push(fc.constantFrom('-m rpfilter', '-m rpfilter --invert', '-m rpfilter --loose', '-m rpfilter --accept-local'));
  }
  if (inDev) parts.push(fc.constant('-m policy --dir in --pol none'));
  if (outDev) parts.push(fc.constant('-m policy --dir out --pol none'));
  if (c.o.stateful) {
    parts.push(fc.constantFrom('-m limit --limit 3/sec --limit-burst 2', '-m limit --limit 1/hour --limit-burst 1'));
    parts.push(fc.constantFrom('-m statistic --mode nth --every 2 --packet 0', '-m statistic --mode random --probability 0.50000000000'));
    parts.push(fc.constantFrom('-m recent --set --name nfv --mask 255.255.255.255 --rsource'.replace('255.255.255.255', fam === 'ipv4' ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), `-m recent --rcheck --seconds 60 --name nfv --mask ${fam === 'ipv4' ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'} --rsource`));
    parts.push(fc.constantFrom('-m string --string "GET" --algo bm --to 65535', '-m string --hex-string "|01|" --algo kmp --to 65535'));
  }
  return fc.oneof(...parts);
}

/** The target part of a rule, given its protocol (ports and resets need tcp/udp). */
function targetArb(c: Ctx, proto: Proto, synOnly: boolean, nets: readonly Net[]): fc.Arbitrary<string> {
  const fam = c.family;
  const t: fc.WeightedArbitrary<string>[] = [];
  const w = (weight: number, arbitrary: fc.Arbitrary<string>): void => {
    t.push({ weight, arbitrary });
  };
  const ported = proto === 'tcp' || proto === 'udp';
  w(2, fc.constant(''));
  w(3, fc.constant('-j ACCEPT'));
  if (c.table !== 'nat') w(3, fc.constant('-j DROP'));
  w(2, fc.constant('-j RETURN'));
  if (c.targets.length > 0) {
    w(4, fc.constantFrom(...c.targets).map((x) => `-j ${x}`));
    w(2, fc.constantFrom(...c.targets).map((x) => `-g ${x}`));
  }
  w(1, fc.constantFrom('-j LOG --log-prefix "nfv "', '-j NFLOG --nflog-group 5'));
  w(1, fc.constantFrom('-j NFQUEUE --queue-num 3', '-j NFQUEUE --queue-num 4 --queue-bypass'));
  w(2, fc.tuple(fc.integer({ min: 0, max: 0x1f }), fc.constantFrom('', '/0xff', '/0xf')).map(([v, m]) => `-j MARK --set-xmark 0x${v.toString(16)}${m === '' ? '/0xffffffff' : m}`));
  w(1, fc.constantFrom('-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff', '-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff', '-j CONNMARK --set-xmark 0x5/0xffffffff'));
  if (c.table === 'filter') {
    const withs = fam === 'ipv4'
      ? ['icmp-port-unreachable', 'icmp-host-prohibited', 'icmp-net-unreachable', 'icmp-admin-prohibited', 'icmp-host-unreachable', 'icmp-net-prohibited', 'icmp-proto-unreachable']
      : ['icmp6-port-unreachable', 'icmp6-adm-prohibited', 'icmp6-no-route', 'icmp6-addr-unreachable'];
    w(3, fc.constantFrom(...withs, ...(proto === 'tcp' ? ['tcp-reset', 'tcp-reset'] : [])).map((x) => `-j REJECT --reject-with ${x}`));
  }
  if (c.table === 'raw') {
    w(2, fc.constantFrom('-j CT --notrack', '-j NOTRACK', '-j TRACE'));
  }
  if (c.table === 'mangle') {
    if (fam === 'ipv4') w(1, fc.constantFrom('-j TTL --ttl-set 9', '-j TTL --ttl-dec 1', '-j TTL --ttl-inc 2', '-j TOS --set-tos 0x10/0x3f'));
    else w(1, fc.constantFrom('-j HL --hl-set 9', '-j HL --hl-dec 1', '-j HL --hl-inc 2'));
    w(1, fc.integer({ min: 0, max: 63 }).map((d) => `-j DSCP --set-dscp 0x${d.toString(16).padStart(2, '0')}`));
    if (c.hook === 'POSTROUTING' || c.hook === 'FORWARD' || c.hook === 'OUTPUT') w(1, fc.constant('-j CLASSIFY --set-class 0001:0002'));
    if (proto === 'tcp' && synOnly) w(1, fc.constant('-j TCPMSS --set-mss 1200'));
  }
  if (c.table === 'nat') {
    const natAddr = fc.oneof(addrIn(nets), ...(c.o.natTargets.length > 0 ? [fc.constantFrom(...c.o.natTargets.map((a) => parseAddr(fam, a)).filter((a): a is bigint => a !== null))] : []));
    const host = natAddr.map((a) => (fam === 'ipv4' ? formatAddr(fam, a) : `[${formatAddr(fam, a)}]`));
    const plainHost = natAddr.map((a) => formatAddr(fam, a));
    const port = fc.oneof(portArb().map((p) => `:${p}`), fc.tuple(portArb(), fc.integer({ min: 0, max: 20 })).map(([p, k]) => `:${Math.min(p, 65535 - k)}-${Math.min(p, 65535 - k) + k}`));
    const mapping = ported ? fc.oneof(plainHost, fc.tuple(host, port).map(([h, p]) => `${h}${p}`)) : plainHost;
    if (c.hook === 'PREROUTING' || c.hook === 'OUTPUT') {
      w(4, mapping.map((m) => `-j DNAT --to-destination ${m}`));
      w(1, ported ? fc.oneof(fc.constant('-j REDIRECT'), portArb().map((p) => `-j REDIRECT --to-ports ${p}`)) : fc.constant('-j REDIRECT'));
    }
    if (c.hook === 'POSTROUTING' || c.hook === 'INPUT') w(3, mapping.map((m) => `-j SNAT --to-source ${m}`));
    if (c.hook === 'POSTROUTING') w(3, ported ? fc.oneof(fc.constant('-j MASQUERADE'), portArb().map((p) => `-j MASQUERADE --to-ports ${p}`)) : fc.constant('-j MASQUERADE'));
    w(1, cidrArb(fam, nets).map((x) => `-j NETMAP --to ${x}`));
  }
  return fc.oneof(...t);
}

/** Matches that share an option name map to one group (see ruleArb). */
const SHARED_OPTION_GROUP: Readonly<Record<string, string>> = { mark: 'mark', connmark: 'mark', policy: 'mode', statistic: 'mode' };

function ruleArb(c: Ctx, nets: readonly Net[]): fc.Arbitrary<string> {
  const fam = c.family;
  const inDev = c.hook === 'PREROUTING' || c.hook === 'INPUT' || c.hook === 'FORWARD';
  const outDev = c.hook === 'FORWARD' || c.hook === 'OUTPUT' || c.hook === 'POSTROUTING';
  const iface = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...c.o.ifaces) },
    { weight: 1, arbitrary: fc.constantFrom(...c.o.ifaces).map((n) => `${n.replace(/\d+$/, '')}+`) },
    { weight: 1, arbitrary: fc.constant('lo') },
    { weight: 1, arbitrary: fc.constant('nfv9') },
  );
  const opt = <T>(a: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq });
  const protoArb: fc.Arbitrary<{ proto: Proto; text: string }> = fc.oneof(
    { weight: 5, arbitrary: fc.constant({ proto: null, text: '' }) },
    { weight: 4, arbitrary: fc.constant({ proto: 'tcp' as const, text: '-p tcp' }) },
    { weight: 3, arbitrary: fc.constant({ proto: 'udp' as const, text: '-p udp' }) },
    { weight: 2, arbitrary: fc.constant({ proto: 'icmp' as const, text: fam === 'ipv4' ? '-p icmp' : '-p ipv6-icmp' }) },
    { weight: 1, arbitrary: fc.constantFrom('! -p tcp', '-p gre', '-p sctp').map((t) => ({ proto: 'other' as const, text: t })) },
  );
  return protoArb.chain(({ proto, text: ptext }) => {
    const protoMatch: fc.Arbitrary<string | null> =
      proto === 'tcp'
        ? opt(fc.oneof(tcpMatch(), multiportMatch()), 2)
        : proto === 'udp'
          ? opt(fc.oneof(udpMatch(), multiportMatch()), 2)
          : proto === 'icmp'
            ? opt(icmpMatch(fam), 2)
            : fc.constant(null);
    return fc
      .record({
        src: opt(fc.tuple(neg, cidrArb(fam, nets)).map(([n, x]) => `${n}-s ${x}`)),
        dst: opt(fc.tuple(neg, cidrArb(fam, nets)).map(([n, x]) => `${n}-d ${x}`)),
        i: inDev ? opt(fc.tuple(neg, iface).map(([n, x]) => `${n}-i ${x}`), 2) : fc.constant(null),
        o: outDev ? opt(fc.tuple(neg, iface).map(([n, x]) => `${n}-o ${x}`), 2) : fc.constant(null),
        frag: fam === 'ipv4' ? fc.option(fc.constantFrom('-f', '! -f'), { nil: null, freq: 12 }) : fc.constant(null),
        pm: protoMatch,
        // One of each module, and never two that share an option name (mark/connmark: --mark,
        // policy/statistic: --mode): iptables gives such an option to the match loaded last,
        // nfverify's parser (so far) to the first.
        gm: fc.uniqueArray(genericMatch(c, nets), { maxLength: 2, selector: (m) => SHARED_OPTION_GROUP[/^-m (\S+)/.exec(m)?.[1] ?? m] ?? m }),
      })
      .chain((r) => {
        const synOnly = r.pm === '-m tcp --tcp-flags FIN,SYN,RST,ACK SYN';
        // Port and flag matches cannot apply to later fragments: iptables refuses -f with them.
        const frag = r.pm !== null ? null : r.frag;
        return targetArb(c, proto, synOnly, nets).map((tg) =>
          [r.src, r.dst, r.i, r.o, frag, ptext || null, r.pm, ...r.gm, tg || null].filter((x): x is string => x !== null && x !== '').join(' '),
        );
      });
  });
}

interface TablePlan {
  readonly table: TableName;
  /** Home hook of each user chain, in declaration order. */
  readonly homes: readonly Hook[];
  readonly policies: Readonly<Partial<Record<Hook, 'ACCEPT' | 'DROP'>>>;
}

function tableText(c: { family: Family; o: Ctx['o'] }, plan: TablePlan, nets: readonly Net[]): fc.Arbitrary<string> {
  const users = plan.homes.map((h, i) => ({ name: `${plan.table.slice(0, 3)}-c${i}`, home: h, index: i }));
  const chains: { name: string; hook: Hook; targets: string[] }[] = [
    ...BUILTIN[plan.table].map((h) => ({ name: h as string, hook: h, targets: users.filter((u) => u.home === h).map((u) => u.name) })),
    ...users.map((u) => ({ name: u.name, hook: u.home, targets: users.filter((v) => v.home === u.home && v.index > u.index).map((v) => v.name) })),
  ];
  const perChain = chains.map((ch) =>
    fc.array(ruleArb({ family: c.family, table: plan.table, hook: ch.hook, o: c.o, targets: ch.targets }, nets), { maxLength: c.o.maxRules }).map((rules) => rules.map((r) => `-A ${ch.name}${r ? ` ${r}` : ''}`)),
  );
  return fc.tuple(...perChain).map((ruleLists) => {
    const head = [
      `*${plan.table}`,
      ...BUILTIN[plan.table].map((h) => `:${h} ${plan.policies[h] ?? 'ACCEPT'} [0:0]`),
      ...users.map((u) => `:${u.name} - [0:0]`),
    ];
    return [...head, ...ruleLists.flat(), 'COMMIT'].join('\n') + '\n';
  });
}

/** iptables-save text of a ruleset the kernel loads (see the file header). */
export function rulesetArbitrary(options: RulesetArbitraryOptions = {}): fc.Arbitrary<string> {
  const family = options.family ?? 'ipv4';
  const o: Ctx['o'] = {
    family,
    ifaces: options.ifaces ?? ['eth0', 'eth1'],
    addrs: options.addrs ?? DEFAULT_ADDRS[family],
    natTargets: options.natTargets ?? [],
    tables: options.tables ?? TABLE_ORDER,
    maxRules: options.maxRules ?? 6,
    maxUserChains: options.maxUserChains ?? 3,
    stateful: options.stateful ?? true,
    macs: options.macs ?? ['02:00:00:00:01:01', '02:00:00:00:aa:bb'],
    owners: options.owners ?? [0, 1000],
  };
  const nets = o.addrs.map((a) => parseNet(family, a)).filter((n): n is Net => n !== null);
  if (nets.length === 0) throw new Error('rulesetArbitrary: no usable network in `addrs`');
  const tables = TABLE_ORDER.filter((t) => o.tables.includes(t));
  const planArb = (table: TableName): fc.Arbitrary<TablePlan> =>
    fc
      .record({
        homes: fc.array(fc.constantFrom(...BUILTIN[table]), { maxLength: o.maxUserChains }),
        drops: fc.array(fc.constantFrom(...BUILTIN[table]), { maxLength: table === 'filter' ? 2 : 1 }),
        dropPolicy: fc.integer({ min: 0, max: table === 'filter' ? 1 : 6 }),
      })
      .map(({ homes, drops, dropPolicy }) => ({
        table,
        homes,
        // DROP policies: often in filter, rarely elsewhere (iptables accepts them even in nat).
        policies: Object.fromEntries(dropPolicy === 0 ? drops.map((h) => [h, 'DROP' as const]) : []),
      }));
  return fc
    .subarray([...tables], { minLength: 1 })
    .chain((ts) => fc.tuple(...ts.map((t) => planArb(t).chain((p) => tableText({ family, o }, p, nets)))))
    .map((blocks) => blocks.join(''));
}
