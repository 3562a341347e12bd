/**
 * One ruleset in one kernel: the topology for it, the ruleset loaded into
 * fw, fw's host model captured the way a user captures it, and the kernel's
 * answer for a session of packets in the simulator's terms.
 *
 * A case: flush conntrack, send the session's packets in order, and read
 * the counters just before and just after the LAST packet (earlier packets
 * of a session move counters too). What moved is that packet's hits and
 * policies; what arrived where is its outcome and final packet.
 */
import type { Family } from '../../../src/ir/family.js';
import type { Hook, Ruleset } from '../../../src/ir/ruleset.js';
import { parseAddr } from '../../../src/ir/addr-format.js';
import { parseRuleset } from '../../../src/parser/index.js';
import { importHost } from '../../../src/sim/host/import.js';
import type { Host } from '../../../src/sim/host/host.js';
import { diffCounters, tablesOf, type Backend, type CounterSnapshot, type RestoreResult } from '../harness/iptables.js';
import type { Arrival, InjectResult } from '../harness/packet.js';
import { openTopology, type Topology } from '../harness/topology.js';
import { chainHooks, chainKey, reachableFrom, type ChainHooks } from './chain-hooks.js';
import { LINK_NETS, MACS, topologySpec, type FwPlan } from './fw-topology.js';
import { SeqTracker, toPacketSpec, type Session, type TracePacket } from './trace-packet.js';

export type KernelOutcome = 'delivered' | 'forwarded' | 'sent' | 'dropped' | 'rejected' | 'queued';

/** A packet as the kernel let us see it: on a wire after fw, or delivered to fw's socket. */
export interface ObservedPacket {
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  readonly sport?: number;
  readonly dport?: number;
  readonly ttl?: number;
  readonly tos?: number;
  readonly tcpFlags?: string;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** fw's egress interface (forwarded, sent) or the ingress interface (delivered). */
  readonly iface: string | null;
}

/** fw's answer to the packet: REJECT's reply, or an ICMP error of the stack (e.g. time exceeded). */
export type ObservedReply =
  | { readonly kind: 'tcp-reset'; readonly packet: ObservedPacket }
  | { readonly kind: 'icmp'; readonly type: number; readonly code: number; readonly packet: ObservedPacket };

export interface KernelObservation {
  readonly outcome: KernelOutcome;
  /** `table/chain#index` of the rules whose counters moved for the last packet. */
  readonly hits: readonly string[];
  /** `table/chain` of the built-in chains whose policy counter moved. */
  readonly policies: readonly string[];
  readonly final: ObservedPacket | null;
  readonly reply: ObservedReply | null;
  /**
   * Whether fw may have sent packets of its own in answer (an RST or ICMP
   * error, a reply to a delivered packet): those traverse OUTPUT and
   * POSTROUTING (and, to a local destination, PREROUTING and INPUT), so
   * counters there may have moved for them too.
   */
  readonly responded: boolean;
  /** Why the session's conntrack state left the simulator's model (fw's TCP stack answered an earlier packet), or null. */
  readonly tainted: string | null;
  /** Rule texts of the hits (from iptables-save), for reports. */
  readonly texts: ReadonlyMap<string, string>;
  /** Everything observed after the last packet, for reports. */
  readonly arrivals: readonly Arrival[];
  /** Why sendto refused a locally sent last packet (EPERM: dropped in OUTPUT), if it did. */
  readonly sendError?: string;
  /** REJECT ended the packet but no reply was seen (dropped by OUTPUT, or none is sent for this packet): `dropped` fits too. */
  readonly replyUnseen: boolean;
}

export interface RunOptions {
  /** How long to watch after the last packet when nothing arrives (default 6 ms; fw handles a veth frame synchronously in the sender's softirq). */
  readonly waitMs?: number;
}

const ICMP_ERR_V4 = new Set([3, 4, 5, 11, 12]);
const ICMP_ERR_V6 = new Set([1, 2, 3, 4]);

export const label = (table: string, chain: string, index: number): string => `${table}/${chain}#${index}`;

/** The kernel side of the harness for one backend and family. */
export class KernelHost {
  private loadedTables = new Set<string>();
  private tables = new Set<string>();
  ruleset: Ruleset | null = null;
  text = '';
  hooks: ChainHooks = new Map();
  private cachedHost: Host | null = null;

  /** fw's interface names when the topology was built (the worker's taps know the links by them). */
  private readonly origA: string;
  private readonly origB: string;

  private constructor(
    readonly topo: Topology,
    public plan: FwPlan,
    readonly backend: Backend,
  ) {
    this.origA = plan.ifaceA;
    this.origB = plan.ifaceB;
  }

  get family(): Family {
    return this.plan.family;
  }

  static async open(plan: FwPlan, backend: Backend): Promise<KernelHost> {
    const topo = await openTopology(topologySpec(plan));
    return new KernelHost(topo, plan, backend);
  }

  close(): Promise<void> {
    return this.topo.close();
  }

  /**
   * Reshapes fw for another plan of the same family without building a new
   * topology (which costs a second): renames its two interfaces (a device
   * must be down to be renamed, and going down drops its routes and
   * neighbours), then sets addresses, static neighbours and routes again.
   */
  async replan(plan: FwPlan): Promise<void> {
    if (plan.family !== this.family) throw new Error('replan: the family cannot change');
    this.lastAfter = null;
    const cur = this.plan;
    const ln = LINK_NETS[plan.family];
    const v6 = plan.family === 'ipv6';
    const bits = v6 ? 128 : 32;
    const rename = cur.ifaceA !== plan.ifaceA || cur.ifaceB !== plan.ifaceB;
    const lines: string[] = [];
    if (rename) {
      lines.push(
        `link set ${cur.ifaceA} down`,
        `link set ${cur.ifaceB} down`,
        `link set ${cur.ifaceA} name nfvtmp0`,
        `link set ${cur.ifaceB} name nfvtmp1`,
        `link set nfvtmp0 name ${plan.ifaceA}`,
        `link set nfvtmp1 name ${plan.ifaceB}`,
        `link set ${plan.ifaceA} up`,
        `link set ${plan.ifaceB} up`,
      );
    }
    lines.push(`addr flush dev ${plan.ifaceA}`, `addr flush dev ${plan.ifaceB}`);
    const nodad = v6 ? ' nodad' : '';
    lines.push(`addr add ${ln.a.cidr} dev ${plan.ifaceA}${nodad}`, `addr add ${ln.b.cidr} dev ${plan.ifaceB}${nodad}`);
    for (const a of plan.ownAddrs) lines.push(`addr add ${a}/${bits} dev ${plan.ifaceA}${nodad}`);
    lines.push(`neigh replace ${ln.a.peer} lladdr ${MACS.src} dev ${plan.ifaceA} nud permanent`, `neigh replace ${ln.b.peer} lladdr ${MACS.dst} dev ${plan.ifaceB} nud permanent`);
    const routes = [`route replace ${v6 ? '::/0' : 'default'} via ${ln.b.peer}`, ...plan.routesA.map((r) => `route replace ${r} via ${ln.a.peer}`), ...plan.routesB.map((r) => `route replace ${r} via ${ln.b.peer}`)];
    const run = async (argv: string[], stdin?: string): Promise<void> => {
      const r = await this.topo.exec('fw', argv, stdin);
      if (r.code !== 0) throw new Error(`replan: ${argv.join(' ')}: ${r.stderr}\n${stdin ?? ''}`);
    };
    await run(['ip', '-batch', '-'], `${lines.join('\n')}\n`);
    await run(['ip', ...(v6 ? ['-6'] : ['-4']), 'route', 'flush', 'table', 'main', 'proto', 'boot']);
    await run(['ip', '-batch', '-'], `${routes.join('\n')}\n`);
    this.plan = plan;
    this.cachedHost = null;
    if (plan.sysctls) await this.sysctl(plan.sysctls);
    // IPv4 forwards as soon as the device is up with carrier (veth_open); IPv6 waits for the
    // operstate that linkwatch sets (addrconf_link_ready), and then sends its MLD reports.
    if (rename && v6) await this.waitUp();
  }

  /** Polls until both fw interfaces are operationally up (the kernel's linkwatch), then lets IPv6's reports pass. */
  private async waitUp(): Promise<void> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const r = await this.topo.exec('fw', ['ip', '-o', 'link', 'show', 'up']);
      const up = [this.plan.ifaceA, this.plan.ifaceB].every((n) => r.stdout.split('\n').some((l) => l.includes(` ${n}@`) && l.includes(' state UP ')));
      if (up) break;
      if (Date.now() > deadline) throw new Error(`fw interfaces not UP after 3 s:\n${r.stdout}`);
      await new Promise((res) => setTimeout(res, 10));
    }
    if (this.family === 'ipv6') await new Promise((res) => setTimeout(res, 50));
  }

  /**
   * Loads a ruleset into fw. Tables a previous ruleset used and this one does
   * not are flushed (a legacy table cannot be unregistered); their counters
   * are ignored from then on, as the dump does not have them.
   */
  async load(text: string, file = 'rules'): Promise<RestoreResult & { ruleset: Ruleset }> {
    const parsed = parseRuleset(text, { file, family: this.family });
    const tables = new Set(tablesOf(text));
    // Every table loaded before is reset first (ACCEPT policies, no rules): iptables-legacy-restore
    // keeps the policy of a built-in chain the new dump does not declare (iptables-nft-restore
    // deletes such a chain; checked with both in a namespace).
    const prefix = [...this.loadedTables].map((t) => emptyTable(t)).join('');
    this.lastAfter = null;
    const r0 = await this.topo.restore(prefix + text, { backend: this.backend, family: this.family });
    const shift = prefix.split('\n').length - 1;
    const r = r0.errorLine !== undefined ? { ...r0, errorLine: r0.errorLine - shift } : r0;
    for (const t of tables) this.loadedTables.add(t);
    this.tables = tables;
    this.ruleset = parsed.value;
    this.text = text;
    this.hooks = chainHooks(parsed.value);
    return { ...r, ruleset: parsed.value };
  }

  /** Current values of fw sysctls. */
  async readSysctls(keys: readonly string[]): Promise<Record<string, string>> {
    const r = await this.topo.exec('fw', ['sysctl', '-n', ...keys]);
    if (r.code !== 0) throw new Error(`fw: sysctl -n ${keys.join(' ')}: ${r.stderr}`);
    const values = r.stdout.trimEnd().split('\n');
    return Object.fromEntries(keys.map((k, i) => [k, values[i]!.trim()]));
  }

  /** Sets sysctls in fw (the host model is captured again on the next `host()`). */
  async sysctl(settings: Readonly<Record<string, string>>): Promise<void> {
    await this.topo.sysctl('fw', settings);
    this.cachedHost = null;
    this.lastAfter = null;
  }

  /**
   * fw's host model, built the way a user builds it: `ip -j addr show`,
   * `ip -j route show table all` (both families), `ip -j rule show` and
   * `sysctl -a` captured inside fw, then importHost (as `nfverify host import`).
   */
  async host(): Promise<Host> {
    if (this.cachedHost) return this.cachedHost;
    const run = async (argv: string[]): Promise<string> => {
      const r = await this.topo.exec('fw', argv);
      if (r.code !== 0) throw new Error(`fw: ${argv.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    // One process for the six captures (each `ip netns exec` costs a mount namespace): a fixed
    // script, no input from outside; the parts are split at a marker line.
    const MARK = '@@nfv-capture@@';
    const script = [
      'ip -j addr show',
      'ip -j -4 route show table all',
      'ip -j -6 route show table all',
      'ip -j -4 rule show',
      'ip -j -6 rule show',
      'sysctl -a 2>/dev/null',
    ].join(`; echo ${MARK}; `);
    const parts = (await run(['sh', '-c', script])).split(`${MARK}\n`);
    if (parts.length !== 6) throw new Error(`fw capture: expected 6 parts, got ${parts.length}`);
    const [addr, route4, route6, rule4, rule6, sysctl] = parts as [string, string, string, string, string, string];
    const r = importHost({ addr, routes: [route4, route6], rules: [{ text: rule4, family: 'ipv4' }, { text: rule6, family: 'ipv6' }], sysctl });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`importHost of fw's capture failed: ${errors.map((d) => d.message).join('; ')}`);
    this.cachedHost = r.value;
    return r.value;
  }

  /**
   * The counters after the previous case, while no packet has been sent
   * since (a conntrack flush moves none): the "before" of a one-packet case
   * needs no read of its own. Reading nft counters spawns iptables-nft-save.
   */
  private lastAfter: CounterSnapshot | null = null;

  private async counters(): Promise<CounterSnapshot> {
    return this.topo.counters({ backend: this.backend, family: this.family });
  }

  /** Runs a session in the kernel and returns what it did to the last packet. */
  async run(session: Session, opts: RunOptions = {}): Promise<KernelObservation> {
    if (session.length === 0) throw new Error('empty session');
    await this.topo.flushConntrack();
    const seq = new SeqTracker();
    let before: CounterSnapshot | null = null;
    let tainted: string | null = null;
    let last: InjectResult | null = null;
    for (let i = 0; i < session.length; i++) {
      const p = session[i]!;
      const named = toPacketSpec(p, seq, this.family);
      // The topology knows the links by their names when it was built.
      if (named.in_iface !== undefined && named.in_iface !== this.plan.ifaceA && named.in_iface !== this.plan.ifaceB) {
        throw new Error(`packet arrives on ${named.in_iface}, which fw does not have (${this.plan.ifaceA}, ${this.plan.ifaceB})`);
      }
      const spec = named.in_iface === undefined ? named : { ...named, in_iface: named.in_iface === this.plan.ifaceB ? this.origB : this.origA };
      const isLast = i === session.length - 1;
      if (isLast) before = i === 0 && this.lastAfter !== null ? this.lastAfter : await this.counters();
      this.lastAfter = null;
      const r = await this.topo.inject(spec, { local: p.origin === 'local', waitMs: isLast ? (opts.waitMs ?? 6) : 3, expect: 1 });
      if (isLast) last = r;
      else if (tainted === null) tainted = taintOf(p, r);
    }
    const after = await this.counters();
    this.lastAfter = after;
    return this.observe(session[session.length - 1]!, last!, diffCounters(before!, after), tainted);
  }

  private observe(p: TracePacket, r: InjectResult, moved: CounterSnapshot, tainted: string | null): KernelObservation {
    const tag = r.sent.tag;
    const ours = r.arrivals.filter((a) => a.matched && a.tag === tag && a.inner === undefined);
    const delivered = ours.find((a) => a.kind === 'local');
    const onWire = ours.find((a) => a.kind === 'wire');
    const fwMacs = new Set<string>([MACS.fwSrc, MACS.fwDst]);
    const fromFw = r.arrivals.filter((a) => !(a.tag === tag && a.matched && a.inner === undefined) && (a.kind === 'local' || (a.eth_src !== undefined && fwMacs.has(a.eth_src))));
    const icmpErr = fromFw.find((a) => a.matched && a.inner !== undefined && isIcmpError(a, this.family));
    const rst = fromFw.find((a) => a.proto === 6 && (a.tcp_flags ?? '').includes('R') && a.dst === p.src && a.dport === (p.sport ?? 40000) && p.src !== undefined);
    const tables = this.tables;
    const hits = moved.rules.filter((x) => x.packets > 0n && tables.has(x.table));
    const policies = moved.chains.filter((c) => c.packets > 0n && c.policy !== '-' && tables.has(c.table));
    const texts = new Map(hits.map((h) => [label(h.table, h.chain, h.index), h.text]));

    // REJECT and NFQUEUE end the packet where the packet itself goes (a reply fw sends is
    // answered by neither: nf_send_reset ignores resets, icmp_send ignores ICMP errors).
    const local = p.origin === 'local';
    const own: ReadonlySet<Hook> = new Set<Hook>(local ? ['OUTPUT', 'POSTROUTING'] : ['PREROUTING', 'INPUT', 'FORWARD', 'POSTROUTING']);
    const ownHit = (re: RegExp): boolean => hits.some((h) => re.test(h.text) && reachableFrom(this.hooks, chainKey(h.table, h.chain), own));
    let outcome: KernelOutcome;
    let final: ObservedPacket | null = null;
    let reply: ObservedReply | null = null;
    if (delivered) {
      outcome = 'delivered';
      final = observed(delivered, delivered.iface);
    } else if (onWire) {
      outcome = local ? 'sent' : 'forwarded';
      final = observed(onWire, onWire.host === 'src' ? this.plan.ifaceA : this.plan.ifaceB);
    } else if (ownHit(/ -j REJECT\b/)) {
      // The REJECT counter tells, not the reply: routing errors send the same ICMP
      // errors (ip_error, ip6_forward), and fw's own OUTPUT may drop REJECT's reply.
      outcome = 'rejected';
    } else if (ownHit(/ -j (NFQUEUE|QUEUE)\b/) && !ownHit(/--queue-bypass/)) {
      outcome = 'queued';
    } else {
      outcome = 'dropped';
    }
    if (icmpErr) reply = { kind: 'icmp', type: icmpErr.icmp_type ?? -1, code: icmpErr.icmp_code ?? -1, packet: observed(icmpErr, null) };
    else if (rst && !delivered) reply = { kind: 'tcp-reset', packet: observed(rst, null) };
    // REJECT ended the packet, but no reply was seen: either fw's own OUTPUT dropped it, or
    // there was none to send (the kernel answers no ICMP error, no reset, no later fragment:
    // icmp_send, nf_send_reset). "dropped with a reply" and "dropped" both fit.
    const replyUnseen = outcome === 'rejected' && reply === null;
    const ttl = p.ttl ?? 64;
    // A received packet never traverses OUTPUT: if a built-in OUTPUT chain counted anything,
    // fw sent a packet of its own (even one its OUTPUT then dropped, unseen on any wire).
    const outputMoved = !local && (hits.some((h) => h.chain === 'OUTPUT') || policies.some((c) => c.chain === 'OUTPUT'));
    const responded = fromFw.length > 0 || outputMoved || (outcome === 'delivered' && stackAnswers(p, this.family)) || outcome === 'rejected' || (ttl <= 1 && outcome === 'dropped');
    return {
      outcome,
      hits: hits.map((h) => label(h.table, h.chain, h.index)).sort(),
      policies: policies.map((c) => `${c.table}/${c.chain}`).sort(),
      final,
      reply,
      responded,
      tainted,
      texts,
      arrivals: r.arrivals,
      ...(r.sent.error !== undefined ? { sendError: r.sent.error } : {}),
      replyUnseen,
    };
  }

  /**
   * Policy labels (`table/chain`) the kernel cannot count. iptables-nft
   * creates a built-in chain only when the dump declares it (`:INPUT ACCEPT`)
   * or appends to it, and gives it a policy counter only when declared:
   * an undeclared one either does not exist (no hook) or, made by `-A`,
   * has no counters; iptables-nft-save prints `[0:0]` for both (checked
   * with `nft list chains` after restoring ufw_user.rules, and with a
   * forwarded packet through an undeclared FORWARD with a rule). Legacy
   * tables always have every built-in chain, with counters.
   */
  uncountedPolicies(): ReadonlySet<string> {
    const out = new Set<string>();
    if (this.backend !== 'nft' || !this.ruleset) return out;
    for (const t of this.ruleset.tables) for (const c of t.chains) if (c.builtin && c.span === null) out.add(`${t.name}/${c.name}`);
    return out;
  }

  /** Whether `addr` is one of fw's addresses or a loopback address (a packet from it is answered back into fw). */
  isOwnAddress(addr: string): boolean {
    const a = parseAddr(this.family, addr);
    if (a === null) return false;
    if (this.family === 'ipv4' ? a >> 24n === 127n : a === 1n) return true;
    return this.linkNets().fw.some((t) => parseAddr(this.family, t) === a);
  }

  /** fw's link addresses and the peers': the generators keep packets off the rest of the link nets. */
  linkNets(): { readonly fw: readonly string[]; readonly peers: readonly string[]; readonly nets: readonly string[] } {
    const ln = LINK_NETS[this.family];
    return { fw: [ln.a.fw, ln.b.fw, ...this.plan.ownAddrs], peers: [ln.a.peer, ln.b.peer], nets: [ln.a.net, ln.b.net] };
  }
}

/**
 * Whether fw's stack may answer a packet delivered to it (with a packet
 * that traverses OUTPUT): a TCP segment without RST gets a reset or SYN/ACK
 * (tcp_v4_send_reset), UDP-like protocols a port unreachable, an ICMP
 * timestamp a reply, ICMPv6 MLD and neighbour discovery theirs. Echo
 * requests are not answered (icmp_echo_ignore_all, fw-topology.ts); other
 * protocols get no protocol unreachable because the worker holds a raw
 * socket for them (ip_protocol_deliver_rcu).
 */
function stackAnswers(p: TracePacket, family: Family): boolean {
  const proto = String(p.proto ?? 'tcp').toLowerCase();
  if (proto === 'tcp' || proto === '6') return !(p.tcp_flags ?? 'S').toUpperCase().includes('R');
  if (['udp', '17', 'udplite', '136', 'sctp', '132', 'dccp', '33'].includes(proto)) return true;
  const icmp = family === 'ipv4' ? ['icmp', '1'] : ['icmp', 'icmpv6', 'ipv6-icmp', '58'];
  if (!icmp.includes(proto)) return false;
  const type = p.icmp_type ?? (family === 'ipv4' ? 8 : 128);
  return family === 'ipv4' ? type === 13 : type >= 130;
}

function isIcmpError(a: Arrival, family: Family): boolean {
  if (family === 'ipv4') return a.proto === 1 && ICMP_ERR_V4.has(a.icmp_type ?? -1);
  return a.proto === 58 && ICMP_ERR_V6.has(a.icmp_type ?? -1);
}

function observed(a: Arrival, iface: string | null): ObservedPacket {
  return {
    src: a.src,
    dst: a.dst,
    proto: a.proto,
    ...(a.sport !== undefined ? { sport: a.sport, dport: a.dport } : {}),
    ...(a.ttl !== undefined ? { ttl: a.ttl } : {}),
    ...(a.tos !== undefined ? { tos: a.tos } : {}),
    ...(a.tcp_flags !== undefined ? { tcpFlags: a.tcp_flags } : {}),
    ...(a.icmp_type !== undefined ? { icmpType: a.icmp_type, icmpCode: a.icmp_code } : {}),
    iface,
  };
}

/**
 * An earlier packet of a session that fw's own TCP stack answered (a TCP
 * segment without RST delivered locally: a reset or SYN/ACK goes back and
 * changes the connection's conntrack state) leaves the simulator's model.
 */
function taintOf(p: TracePacket, r: InjectResult): string | null {
  const delivered = r.arrivals.some((a) => a.matched && a.kind === 'local' && a.tag === r.sent.tag && a.inner === undefined);
  const proto = String(p.proto ?? 'tcp').toLowerCase();
  if (delivered && (proto === 'tcp' || proto === '6') && !(p.tcp_flags ?? 'S').toUpperCase().includes('R')) {
    return `packet ${p.src} -> ${p.dst} (${p.tcp_flags ?? 'S'}) was delivered to fw, whose TCP stack answered it`;
  }
  return null;
}

const BUILTINS: Readonly<Record<string, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** A table block with no rules and ACCEPT policies: restoring it flushes the table. */
function emptyTable(t: string): string {
  return `*${t}\n${(BUILTINS[t] ?? []).map((c) => `:${c} ACCEPT [0:0]\n`).join('')}COMMIT\n`;
}
