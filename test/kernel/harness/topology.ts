/**
 * Three hosts for simulator comparisons: `src` -- `fw` -- `dst`, two veth
 * links, each host its own namespace. The caller names fw's interfaces (so a
 * dump's `-i eth0` works), gives addresses and routes, and loads a ruleset
 * into fw. Then: inject a crafted packet from a peer (or locally from fw),
 * and see what arrived where, plus which rules' counters moved.
 *
 * Determinism choices (each removes traffic that would otherwise hit fw's
 * counters at random moments, or delay a first packet):
 * - static (permanent) neighbour entries on every link: no ARP, no ND;
 * - IPv6 is disabled on all three hosts unless the spec has an IPv6 address;
 *   with IPv6: no DAD, no router solicitations, no link-local addresses
 *   (`addr_gen_mode=1`), unsolicited MLD reports compressed into ~1 ms. fw
 *   still sends them (through its OUTPUT chain) when carrier comes up, which
 *   the kernel's linkwatch does up to a second after `link set up`: setup
 *   waits for operstate UP, then 50 ms, before returning;
 * - `rp_filter=0` everywhere unless `sysctls` say otherwise;
 * - src and dst are sinks by default: a raw-table PREROUTING DROP in *their*
 *   namespaces (after our wire tap has seen the packet), so they never answer
 *   (no RST/ICMP back through fw). Set `sink: false` to get real replies.
 *
 * Kernel facts worth knowing when comparing: a namespace tracks connections
 * of a family only while some loaded rule needs conntrack (a conntrack/state
 * match or a NAT target do; an empty nat table does not); without one,
 * `conntrack -L` stays empty (and, per the kernel source, not verified here,
 * the defrag hooks that conntrack pulls in are off too). ICMP errors and TCP
 * resets fw generates traverse fw's own OUTPUT (filter) but not nat (they
 * belong to a known flow).
 *
 * Limitation: observing local delivery in fw uses raw sockets; for an IP
 * protocol the fw kernel has no handler for, the presence of a raw socket
 * suppresses the ICMP protocol-unreachable the kernel would otherwise send.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Arrival, InjectResult, PacketSpec } from './packet.js';
import {
  createNamespace,
  createVeth,
  deleteNamespace,
  exec,
  run,
  assertIfname,
  type ExecResult,
  type Netns,
} from './netns.js';
import {
  parseCounters,
  readCounters,
  restore,
  save,
  type CounterSnapshot,
  type IpFamily,
  type RestoreOptions,
  type RestoreResult,
  type ToolOptions,
} from './iptables.js';
import { attachTexts, legacyCountersFast, sameShape } from './fast-counters.js';
import { InjectWorker } from './worker.js';

export interface IfaceSpec {
  readonly name: string;
  /** CIDRs, e.g. `10.0.1.2/24`, `2001:db8:1::2/64`. */
  readonly addrs?: readonly string[];
  /** Default: a fixed locally administered MAC per position. */
  readonly mac?: string;
}

export interface RouteSpec {
  /** `default` or a CIDR. */
  readonly to: string;
  readonly via?: string;
  readonly dev?: string;
  /** Needed only for `to: 'default'` without `via`. */
  readonly family?: IpFamily;
}

export interface EndHostSpec {
  readonly iface?: IfaceSpec;
  readonly routes?: readonly RouteSpec[];
  readonly sysctls?: Readonly<Record<string, string>>;
  /** Drop everything arriving (after the tap saw it), so the host never answers. Default true. */
  readonly sink?: boolean;
}

export interface FwSpec {
  readonly srcSide: IfaceSpec;
  readonly dstSide: IfaceSpec;
  readonly routes?: readonly RouteSpec[];
  /** ip_forward (IPv4) and conf.all.forwarding (IPv6). Default true. */
  readonly forward?: boolean;
  readonly sysctls?: Readonly<Record<string, string>>;
}

export interface TopologySpec {
  readonly src: EndHostSpec;
  readonly fw: FwSpec;
  readonly dst: EndHostSpec;
}

export type HostLabel = 'src' | 'fw' | 'dst';

export interface InjectOptions {
  /** Send from fw itself (a locally generated packet: OUTPUT, POSTROUTING). */
  readonly local?: boolean;
  /** How long to watch after sending (default 20 ms). */
  readonly waitMs?: number;
  /** Stop watching as soon as this many matching packets were seen. */
  readonly expect?: number;
}

const DEFAULT_MACS = {
  src: '02:00:00:00:01:01',
  fwSrc: '02:00:00:00:01:02',
  fwDst: '02:00:00:00:02:02',
  dst: '02:00:00:00:02:01',
} as const;

const IPV4_SYSCTLS = ['net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0'];
const IPV6_QUIET_SYSCTLS = ['all', 'default'].flatMap((c) => [
  `net.ipv6.conf.${c}.accept_dad=0`,
  `net.ipv6.conf.${c}.dad_transmits=0`,
  `net.ipv6.conf.${c}.router_solicitations=0`,
  `net.ipv6.conf.${c}.accept_ra=0`,
  `net.ipv6.conf.${c}.addr_gen_mode=1`,
  `net.ipv6.conf.${c}.mldv1_unsolicited_report_interval=1`,
  `net.ipv6.conf.${c}.mldv2_unsolicited_report_interval=1`,
]);
const IPV6_OFF_SYSCTLS = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];

const TOKEN_RE = /^[A-Za-z0-9_.:/@+-]+$/;

function token(s: string): string {
  if (!TOKEN_RE.test(s)) throw new Error(`unexpected characters in ${JSON.stringify(s)}`);
  return s;
}

function isV6(cidrOrAddr: string): boolean {
  return cidrOrAddr.includes(':');
}

function bare(cidr: string): string {
  return cidr.split('/')[0]!;
}

interface End {
  readonly host: HostLabel;
  readonly iface: Required<Pick<IfaceSpec, 'name' | 'mac'>> & { readonly addrs: readonly string[] };
}

/** Lines for `ip -batch -`: addresses, up, static neighbours toward the peer. */
function linkBatch(self: End, peer: End): string[] {
  const lines: string[] = [];
  for (const a of self.iface.addrs) {
    lines.push(`addr add ${token(a)} dev ${token(self.iface.name)}${isV6(a) ? ' nodad' : ''}`);
  }
  lines.push(`link set ${token(self.iface.name)} up`);
  for (const a of peer.iface.addrs) {
    lines.push(`neigh replace ${token(bare(a))} lladdr ${token(peer.iface.mac)} dev ${token(self.iface.name)} nud permanent`);
  }
  return lines;
}

function routeBatch(routes: readonly RouteSpec[]): string[] {
  return routes.map((r) => {
    const v6 = r.family ? r.family === 'ipv6' : isV6(r.to) || (r.via !== undefined && isV6(r.via));
    // `ip -batch` takes no per-line -6: the family comes from the addresses.
    const to = r.to === 'default' && v6 ? '::/0' : r.to;
    let line = `route add ${token(to)}`;
    if (r.via) line += ` via ${token(r.via)}`;
    if (r.dev) line += ` dev ${token(r.dev)}`;
    return line;
  });
}

export interface Topology {
  readonly src: Netns;
  readonly fw: Netns;
  readonly dst: Netns;
  readonly spec: TopologySpec;
  readonly worker: InjectWorker;
  /** Stops the worker and deletes the three namespaces (idempotent). */
  close(): Promise<void>;
  /** Runs argv in one of the hosts (never throws for a non-zero exit). */
  exec(host: HostLabel, argv: readonly string[], stdin?: string): Promise<ExecResult>;
  /** Sets net.* sysctls inside a host. */
  sysctl(host: HostLabel, settings: Readonly<Record<string, string>>): Promise<void>;
  setForward(on: boolean): Promise<void>;
  /** Loads a ruleset into fw (remembered for `counters`' rule texts). */
  restore(text: string, opts: RestoreOptions): Promise<RestoreResult>;
  /** Counters of fw: legacy read in-process by the worker (no spawn), nft via `-save -c`. */
  counters(opts: ToolOptions): Promise<CounterSnapshot>;
  /** Like `conntrack -F` (and `-F expect`) in fw, without a spawn. */
  flushConntrack(): Promise<void>;
  inject(pkt: PacketSpec, opts?: InjectOptions): Promise<InjectResult>;
}

/** Builds the topology, runs `fn`, always tears everything down. */
export async function withTopology<T>(spec: TopologySpec, fn: (t: Topology) => Promise<T>): Promise<T> {
  const t = await openTopology(spec);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

/**
 * Builds the topology; the caller must `close()` it (e.g. in afterAll). On a
 * setup failure everything made so far is deleted before the error propagates.
 */
export async function openTopology(spec: TopologySpec): Promise<Topology> {
  const made: Netns[] = [];
  let worker: InjectWorker | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // (A worker that is still starting is killed by deleteNamespace.)
    if (worker) await worker.close().catch(() => undefined);
    for (const ns of made.reverse()) {
      try {
        await deleteNamespace(ns);
      } catch (e) {
        console.error('topology: cleanup', e);
      }
    }
  };
  try {
    const settled = await Promise.allSettled((['src', 'fw', 'dst'] as const).map((l) => createNamespace(l)));
    for (const r of settled) if (r.status === 'fulfilled') made.push(r.value);
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    const [src, fw, dst] = made as [Netns, Netns, Netns];
    const hosts: Record<HostLabel, Netns> = { src, fw, dst };
    // Python + scapy take ~0.5 s to start: overlap that with the setup below.
    const starting = InjectWorker.start(fw);
    starting.catch(() => undefined);

    const ends = {
      src: { host: 'src', iface: { name: spec.src.iface?.name ?? 'eth0', mac: spec.src.iface?.mac ?? DEFAULT_MACS.src, addrs: spec.src.iface?.addrs ?? [] } },
      fwSrc: { host: 'fw', iface: { name: spec.fw.srcSide.name, mac: spec.fw.srcSide.mac ?? DEFAULT_MACS.fwSrc, addrs: spec.fw.srcSide.addrs ?? [] } },
      fwDst: { host: 'fw', iface: { name: spec.fw.dstSide.name, mac: spec.fw.dstSide.mac ?? DEFAULT_MACS.fwDst, addrs: spec.fw.dstSide.addrs ?? [] } },
      dst: { host: 'dst', iface: { name: spec.dst.iface?.name ?? 'eth0', mac: spec.dst.iface?.mac ?? DEFAULT_MACS.dst, addrs: spec.dst.iface?.addrs ?? [] } },
    } satisfies Record<string, End>;
    for (const e of Object.values(ends)) assertIfname(e.iface.name);
    if (ends.fwSrc.iface.name === ends.fwDst.iface.name) throw new Error('fw srcSide and dstSide need different names');

    const allAddrs = Object.values(ends).flatMap((e) => e.iface.addrs);
    const routeV6 = [spec.src, spec.fw, spec.dst].some((h) => (h.routes ?? []).some((r) => r.family === 'ipv6' || isV6(r.to) || isV6(r.via ?? '')));
    const ipv6 = allAddrs.some(isV6) || routeV6;

    // Before the links exist, so that `default` applies to them.
    const forward = spec.fw.forward ?? true;
    const base = [...IPV4_SYSCTLS, ...(ipv6 ? IPV6_QUIET_SYSCTLS : IPV6_OFF_SYSCTLS)];
    await Promise.all([
      run(src, ['sysctl', '-q', '-w', ...base, 'net.ipv4.ip_forward=0']),
      run(dst, ['sysctl', '-q', '-w', ...base, 'net.ipv4.ip_forward=0']),
      run(fw, ['sysctl', '-q', '-w', ...base, `net.ipv4.ip_forward=${forward ? 1 : 0}`, ...(ipv6 ? [`net.ipv6.conf.all.forwarding=${forward ? 1 : 0}`] : [])]),
    ]);

    const vend = (ns: Netns, e: End): { ns: Netns; ifname: string; mac: string } => ({ ns, ifname: e.iface.name, mac: e.iface.mac });
    await createVeth(vend(src, ends.src), vend(fw, ends.fwSrc));
    await createVeth(vend(fw, ends.fwDst), vend(dst, ends.dst));

    const batch = async (ns: Netns, lines: string[]): Promise<void> => {
      if (lines.length > 0) await run(ns, ['ip', '-batch', '-'], { stdin: lines.join('\n') + '\n' });
    };
    // Links and addresses first (routes may need both ends up), then routes.
    await Promise.all([
      batch(src, linkBatch(ends.src, ends.fwSrc)),
      batch(fw, [...linkBatch(ends.fwSrc, ends.src), ...linkBatch(ends.fwDst, ends.dst)]),
      batch(dst, linkBatch(ends.dst, ends.fwDst)),
    ]);
    await Promise.all([
      batch(src, routeBatch(spec.src.routes ?? [])),
      batch(fw, routeBatch(spec.fw.routes ?? [])),
      batch(dst, routeBatch(spec.dst.routes ?? [])),
    ]);

    const extra = async (ns: Netns, s?: Readonly<Record<string, string>>): Promise<void> => {
      const kv = Object.entries(s ?? {}).map(([k, v]) => `${token(k)}=${token(v)}`);
      if (kv.length > 0) await run(ns, ['sysctl', '-q', '-w', ...kv]);
    };
    await Promise.all([extra(src, spec.src.sysctls), extra(fw, spec.fw.sysctls), extra(dst, spec.dst.sysctls)]);

    const sink = '*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -j DROP\nCOMMIT\n';
    const sinks = ([[src, spec.src], [dst, spec.dst]] as const)
      .filter(([, host]) => host.sink !== false)
      .flatMap(([ns]) => (ipv6 ? (['ipv4', 'ipv6'] as const) : (['ipv4'] as const)).map((family) => ({ ns, family })));
    await Promise.all(
      sinks.map(async ({ ns, family }) => {
        const r = await restore(ns, sink, { backend: 'legacy', family });
        if (!r.ok) throw new Error(`sink in ${ns.label}: ${r.stderr}`);
      }),
    );

    const w = await starting;
    worker = w;
    await w.request('setup', {
      hosts: { src: `/run/netns/${src.name}`, fw: null, dst: `/run/netns/${dst.name}` },
      taps: [
        { host: 'src', iface: ends.src.iface.name },
        { host: 'dst', iface: ends.dst.iface.name },
      ],
      local_host: 'fw',
    });
    await waitOperUp([
      [src, [ends.src.iface.name]],
      [fw, [ends.fwSrc.iface.name, ends.fwDst.iface.name]],
      [dst, [ends.dst.iface.name]],
    ]);
    // Carrier-up (run by the kernel's linkwatch, up to a second after `link set
    // up`) is what makes IPv6 join its groups and send MLD reports from fw's
    // OUTPUT; they are compressed into ~1 ms: let them pass before the test.
    if (ipv6) await sleep(50);

    let shape: Partial<Record<string, CounterSnapshot>> = {};
    const topo: Topology = {
      src,
      fw,
      dst,
      spec,
      worker: w,
      close,
      exec: (host, argv, stdin) => exec(hosts[host], argv, stdin ?? {}),
      async sysctl(host, settings) {
        const kv = Object.entries(settings).map(([k, v]) => `${token(k)}=${token(v)}`);
        if (kv.length > 0) await run(hosts[host], ['sysctl', '-q', '-w', ...kv]);
      },
      async setForward(on) {
        await this.sysctl('fw', { 'net.ipv4.ip_forward': on ? '1' : '0', ...(ipv6 ? { 'net.ipv6.conf.all.forwarding': on ? '1' : '0' } : {}) });
        if (ipv6) await sleep(50); // forwarding on joins the all-routers groups: MLD reports
      },
      async restore(text, opts) {
        shape = {};
        return restore(fw, text, opts);
      },
      async counters(opts) {
        if (opts.backend !== 'legacy') return readCounters(fw, opts);
        const key = opts.family;
        const fast = await legacyCountersFast(w, opts.family);
        const cached = shape[key];
        if (cached && sameShape(cached, fast)) return attachTexts(fast, cached);
        const full = parseCounters(await save(fw, { ...opts, counters: true }));
        shape[key] = full;
        return sameShape(full, fast) ? attachTexts(fast, full) : full;
      },
      async flushConntrack() {
        await w.request('ct_flush', { host: 'fw' });
      },
      async inject(pkt, opts = {}) {
        const { in_iface: inIface, src_mac: srcMac, ...packet } = pkt;
        let via: Record<string, unknown>;
        if (opts.local) {
          if (inIface !== undefined || srcMac !== undefined) throw new Error('in_iface and src_mac make no sense for a locally generated packet');
          via = { local: true };
        } else if (inIface === undefined || inIface === ends.fwSrc.iface.name) {
          via = { host: 'src', iface: ends.src.iface.name, src_mac: srcMac ?? ends.src.iface.mac, dst_mac: ends.fwSrc.iface.mac };
        } else if (inIface === ends.fwDst.iface.name) {
          via = { host: 'dst', iface: ends.dst.iface.name, src_mac: srcMac ?? ends.dst.iface.mac, dst_mac: ends.fwDst.iface.mac };
        } else {
          throw new Error(`in_iface ${inIface} is not one of fw's interfaces (${ends.fwSrc.iface.name}, ${ends.fwDst.iface.name})`);
        }
        const waitMs = opts.waitMs ?? 20;
        const r = await w.request<InjectResult>('inject', { packet, via, wait_ms: waitMs, ...(opts.expect !== undefined ? { expect: opts.expect } : {}) }, 10_000 + waitMs);
        return { sent: r.sent, arrivals: r.arrivals };
      },
    };
    return topo;
  } catch (e) {
    await close();
    throw e;
  }
}

/** Polls `ip -o link show` until every listed interface is operationally UP (max 5 s). */
async function waitOperUp(list: readonly (readonly [Netns, readonly string[]])[]): Promise<void> {
  const deadline = Date.now() + 5000;
  for (const [ns, names] of list) {
    for (;;) {
      const out = await run(ns, ['ip', '-o', 'link', 'show', 'up']);
      const up = names.every((n) => out.split('\n').some((l) => l.includes(` ${n}@`) && l.includes(' state UP ')));
      if (up) break;
      if (Date.now() > deadline) throw new Error(`interfaces ${names.join(', ')} in ${ns.label} not UP after 5 s:\n${out}`);
      await sleep(20);
    }
  }
}

/** The arrivals of our own packet (or ICMP errors quoting it) at one host. */
export function arrivalsAt(r: InjectResult, host: HostLabel, kind?: Arrival['kind']): Arrival[] {
  return r.arrivals.filter((a) => a.matched && a.host === host && (kind === undefined || a.kind === kind));
}
