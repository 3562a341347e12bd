/**
 * One packet's way through the Linux pipeline (issue 4, "The pipeline, as
 * the kernel runs it"), along one branch of unknown decisions:
 *
 *   received:  [IPv6: ip6_rcv_core checks] PREROUTING → routing decision
 *              → INPUT → delivered, or → [ip_forward: pkt_type, TTL]
 *              FORWARD → POSTROUTING → forwarded
 *   local:     routing decision → OUTPUT (re-route after mangle/nat changes)
 *              → POSTROUTING → sent, or, to a local address, looped back
 *              through lo: PREROUTING → INPUT → delivered
 *
 * Each hook runs PIPELINE's steps in priority order. Devices per hook are
 * the kernel's NF_HOOK arguments: PREROUTING (in, -), INPUT (in, -),
 * FORWARD (in, out), OUTPUT (-, first route's device), POSTROUTING
 * (in for forwarded packets as ip_output passes skb->dev, out).
 */
import type { Hook, TableName } from '../../ir/names.js';
import type { Packet } from '../../ir/packet/packet.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { conntrackIn, confirm, givenConn } from '../conntrack/track.js';
import type { ConntrackTable } from '../conntrack/table.js';
import type { CtSettings } from '../conntrack/l4/index.js';
import { TEMPLATE } from '../conntrack/targets.js';
import type { RouteDecision } from '../host/decision.js';
import type { Host } from '../host/host.js';
import { loopbackName } from '../host/host.js';
import { routeLookup } from '../host/route.js';
import type { IpsetStore } from '../ipset/store.js';
import { applyNat } from '../nat/apply.js';
import { nullBinding } from '../nat/setup.js';
import type { Walk, TableVerdict } from './chain.js';
import { runTable } from './chain.js';
import type { CChain, CompiledRuleset, CRule, CTable } from './compiled.js';
import type { CoreCtx } from './core-ctx.js';
import type { Oracle } from './oracle.js';
import { PIPELINE, natManip } from './pipeline.js';
import type { Fate, Hit, Outcome, PolicyHit, Reply, Step, UnknownPoint } from './result.js';
import type { Skb } from './skb.js';
import { packetOfSkb, skbFromPacket } from './skb.js';
import type { Unknown } from './tri.js';
import { unknown } from './tri.js';

/** What stays the same for every packet of a run. */
export interface RunEnv {
  readonly compiled: CompiledRuleset;
  readonly host: Host;
  readonly ipsets: IpsetStore | null;
  readonly conntrack: ConntrackTable;
  readonly oracle: Oracle;
  readonly ctSettings: CtSettings;
  /** Route decisions by query (the host does not change during a simulation; a lookup costs tens of µs). */
  readonly routes: Map<string, RouteDecision>;
  /** The host's own addresses of the ruleset's family. */
  readonly localAddrs: ReadonlySet<bigint>;
}

type Stop = { readonly outcome: Outcome };

const SO_BROADCAST = unknown('socket', 'whether the sending socket set SO_BROADCAST (without it a send to a broadcast address fails)');

export class PacketWalk implements Walk {
  readonly steps: Step[] = [];
  readonly hits: Hit[] = [];
  readonly policies: PolicyHit[] = [];
  reply: Reply | null = null;
  route: RouteDecision | null = null;
  readonly ctx: CoreCtx;

  constructor(
    private readonly env: RunEnv,
    private readonly packetIndex: number,
  ) {
    const self = this;
    this.ctx = {
      host: env.host,
      ipsets: env.ipsets,
      get route() {
        return self.route;
      },
      reject: (r) => {
        self.reply = r;
      },
      note: (text) => {
        self.steps.push({ kind: 'note', text });
      },
      tupleTaken: (t) => env.conntrack.find({ src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport }) !== null,
    };
  }

  // --- Walk (chain.ts) ---

  decide(unknowns: readonly Unknown[], hook: Hook, rule: CRule): boolean {
    const r = rule.rule;
    const one = unknowns.length === 1 ? unknowns[0]! : null;
    const module = one ? one.module : unknowns.map((x) => x.module).join(', ');
    const reason = one ? one.reason : unknowns.map((x) => x.reason).join('; ');
    return this.ask({ hook, table: r.table, chain: r.chain, rule: rule.index, line: r.span.line, module, reason, packetIndex: this.packetIndex });
  }

  /** Takes an unknown decision through the run's oracle and records it as a step. */
  private ask(point: Omit<UnknownPoint, 'assumed'>): boolean {
    const assumed = this.env.oracle.decide(point);
    this.steps.push({ kind: 'unknown', point: { ...point, assumed } });
    return assumed;
  }

  /** An unknown that belongs to no rule (conntrack's tracker, the sending socket), shown under `chain`. */
  private askOutsideRules(u: Unknown, hook: Hook, chain: string): boolean {
    return this.ask({ hook, table: 'raw', chain, rule: 0, line: 0, module: u.module, reason: u.reason, packetIndex: this.packetIndex });
  }

  /** A rule's Hit at a hook depends on nothing else: made once per rule and hook (CRule.hitMemo) and shared. */
  hit(hook: Hook, r: CRule, verdict: string): void {
    let h: Hit | null = null;
    const memo = r.hitMemo;
    if (memo !== null) {
      for (const x of memo) {
        if (x.hook === hook) {
          h = x;
          break;
        }
      }
    }
    if (h === null) {
      h = { hook, table: r.rule.table, chain: r.rule.chain, rule: r.index, line: r.rule.span.line, ruleId: r.rule.id, target: r.targetName };
      if (memo === null) r.hitMemo = [h];
      else memo.push(h);
    }
    this.hits.push(h);
    this.steps.push({ kind: 'rule', hit: h, verdict, packet: this.changed() });
  }

  policy(hook: Hook, c: CChain): void {
    const p: PolicyHit = { hook, table: c.table, chain: c.name, policy: c.policy ?? 'ACCEPT' };
    this.policies.push(p);
    this.steps.push({ kind: 'policy', policy: p });
  }

  hotdrop(hook: Hook, r: CRule, module: string): void {
    this.steps.push({ kind: 'drop', hook, reason: `${module} at line ${r.rule.span.line} found the packet malformed (hotdrop)` });
  }

  // --- packet state for steps ---

  private skb!: Skb;
  /** The packet as the last step showing it had it (send() resets it). */
  private shown: Packet | null = null;

  /** The packet when it changed since the last step that showed it, else null. */
  private changed(): Packet | null {
    const k = this.skb;
    const l = this.shown;
    if (
      l !== null && k.srcAddr === l.srcAddr && k.dstAddr === l.dstAddr && k.srcPort === l.srcPort && k.dstPort === l.dstPort &&
      k.mark === l.mark && k.ttl === l.ttl && k.tos === l.tos && (k.ct ? k.ct.mark : 0) === l.ctMark
    ) {
      return null;
    }
    return (this.shown = packetOfSkb(k));
  }

  // --- the pipeline ---

  private runHook(hook: Hook, inDev: string, outDev: string): Stop | null {
    const skb = this.skb;
    skb.hook = hook;
    skb.inIface = inDev;
    skb.outIface = outDev;
    const { compiled } = this.env;
    for (const step of PIPELINE[hook]) {
      if (step.kind === 'defrag') {
        if (compiled.conntrack && skb.fragment !== 'none' && skb.ct === null) {
          return this.drop(hook, 'a fragment is held for reassembly by nf_defrag (conntrack is on), so no table sees it alone');
        }
        continue;
      }
      if (step.kind === 'conntrack') {
        if (!compiled.conntrack) continue;
        const r = conntrackIn(this.env.conntrack, skb, TEMPLATE.get(skb), (u) => this.askOutsideRules(u, hook, 'conntrack'), this.env.ctSettings);
        this.steps.push({ kind: 'conntrack', hook, state: skb.ctState, note: r.note });
        continue;
      }
      if (step.kind === 'confirm') {
        if (compiled.conntrack) confirm(this.env.conntrack, skb);
        continue;
      }
      const table = compiled.tables[step.table];
      if (!table) continue;
      const before = hook === 'OUTPUT' ? routeKeys(skb) : null;
      const v = step.table === 'nat' ? this.natHook(hook, table) : runTable(table, hook, skb, this);
      const stop = this.verdict(v, hook, step.table);
      if (stop) return stop;
      // ipt_mangle_out and nf_nat_ipv4_local_fn re-route a local packet whose routing keys changed.
      if (before !== null && (step.table === 'mangle' || step.table === 'nat') && !sameRouteKeys(before, skb)) {
        const stop2 = this.reroute();
        if (stop2) return stop2;
      }
    }
    return null;
  }

  /** Ends the walk: dropped, with the reason as the last step. */
  private drop(hook: Hook | null, reason: string): Stop {
    this.steps.push({ kind: 'drop', hook, reason });
    return { outcome: 'dropped' };
  }

  private verdict(v: TableVerdict, hook: Hook, table: TableName): Stop | null {
    if (v === 'accept') return null;
    if (typeof v === 'object') {
      this.steps.push({ kind: 'drop', hook, reason: `the ${table} table's verdict depends on ${v.module}: ${v.reason}` });
      return { outcome: 'unknown' };
    }
    if (v === 'queue') return { outcome: 'queued' };
    if (v === 'stolen') {
      return this.drop(hook, `a target in ${table} took the packet (NF_STOLEN)`);
    }
    return { outcome: this.reply ? 'rejected' : 'dropped' };
  }

  /** nf_nat_inet_fn: the nat table only sees a connection's first packet (NEW or RELATED) per manip type. */
  private natHook(hook: Hook, table: CTable): TableVerdict {
    const skb = this.skb;
    const ct = skb.ct;
    if (!ct) return 'accept';
    const manip = natManip(hook);
    // RELATED ICMP errors are translated (nf_nat_icmp_reply_translation) without the table.
    const icmpError = skb.ctState === 'RELATED' && skb.proto === (skb.family === 'ipv4' ? 1 : 58);
    if ((skb.ctState === 'NEW' || skb.ctState === 'RELATED') && !icmpError) {
      const done = manip === 'src' ? ct.natSrcDone : ct.natDstDone;
      if (!done) {
        const v = runTable(table, hook, skb, this);
        if (v !== 'accept') return v;
        if (!(manip === 'src' ? ct.natSrcDone : ct.natDstDone)) {
          const nb = nullBinding(ct, manip, this.ctx.tupleTaken);
          if (nb !== 'accept') return nb;
        }
      }
    }
    const changed = applyNat(skb, ct, manip, skb.ctDirection);
    if (changed === 'drop') {
      this.steps.push({ kind: 'drop', hook, reason: 'NAT cannot rewrite a GRE packet too short for its header (gre_manip_pkt)' });
      return 'drop';
    }
    if (changed) {
      this.steps.push({ kind: 'nat', hook, note: `${manip === 'src' ? 'source' : 'destination'} rewritten by connection #${ct.id}`, packet: packetOfSkb(skb) });
    }
    return 'accept';
  }

  private lookup(kind: 'input' | 'output', oif?: string): RouteDecision {
    const s = this.skb;
    // A local packet's source is part of the output lookup only when it is this host's
    // (a bound socket); a raw socket's IP header source is not (raw_sendmsg looks up with saddr 0).
    const src = kind === 'input' || this.env.localAddrs.has(s.srcAddr) ? s.srcAddr : undefined;
    const q = {
      ...(src !== undefined ? { src } : {}), mark: s.mark, tos: s.tos, proto: s.proto, sport: s.srcPort, dport: s.dstPort, uid: s.ownerUid,
      ...(kind === 'input' ? { iif: s.inIface } : oif ? { oif } : {}),
    };
    // IPv4 keys use the number mirrors: a bigint's toString is the costly part of this key.
    const v4 = s.family === 'ipv4';
    const key = `${kind}|${v4 ? s.dst4 : s.dstAddr}|${v4 ? s.src4 : s.srcAddr}|${kind === 'input' ? s.inIface : (oif ?? '')}|${s.mark}|${s.tos}|${s.proto}|${s.srcPort}|${s.dstPort}|${s.ownerUid}`;
    let r = this.env.routes.get(key);
    if (!r) {
      // A socket sending to "::" sends to ::1 (a BSD'ism: rawv6_sendmsg, ip6_datagram_connect); routing itself knows no such rule.
      const dst = kind === 'output' && s.family === 'ipv6' && s.dstAddr === 0n ? 1n : s.dstAddr;
      r = routeLookup(this.env.host, s.family, dst, q);
      if (this.env.routes.size > 100_000) this.env.routes.clear();
      this.env.routes.set(key, r);
    }
    return r;
  }

  private routeStep(r: RouteDecision, note: string): void {
    this.route = r;
    this.steps.push({ kind: 'route', decision: r, note });
  }

  private reroute(): Stop | null {
    const r = this.lookup('output');
    this.routeStep(r, 're-route after OUTPUT changed the packet (ip_route_me_harder)');
    if (r.verdict === 'drop') {
      return this.drop('OUTPUT', r.reason);
    }
    return null;
  }

  /** Sends one packet; returns its fate along this run's decisions. */
  send(p: Packet, given: ReadonlySet<FieldName>): Fate {
    const skb = skbFromPacket(p, null);
    // Before conntrack runs, a packet has no entry: raw-table state tests see INVALID.
    skb.ctState = 'INVALID';
    skb.ctDirection = 'ORIGINAL';
    this.skb = skb;
    this.shown = null;
    this.changed();
    if (this.env.compiled.conntrack && givenConn(this.env.conntrack, skb, p, given)) {
      this.steps.push({ kind: 'note', text: `conntrack entry as given: ${skb.ctState} ${skb.ctDirection}` });
    }
    const stop = p.origin === 'local' ? this.local(p) : this.received(p.inIface);
    if (stop.outcome === 'rejected' && this.reply) this.reply = this.sendReply(this.reply, skb);
    return this.fate(stop.outcome, p);
  }

  /** The REJECT reply leaves through OUTPUT and POSTROUTING with the rejected packet's entry attached. */
  private sendReply(reply: Reply, orig: Skb): Reply {
    const w = new PacketWalk(this.env, this.packetIndex);
    const skb = skbFromPacket(reply.packet, null);
    if (orig.ct) {
      skb.ct = orig.ct;
      skb.ctState = 'RELATED';
      skb.ctDirection = orig.ctDirection === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL';
    } else {
      skb.ctState = 'INVALID';
    }
    w.skb = skb;
    const stop = w.local(reply.packet);
    return { ...reply, traversal: { outcome: stop.outcome, hits: w.hits, policies: w.policies } };
  }

  private received(iif: string): Stop {
    const skb = this.skb;
    if (skb.family === 'ipv6') {
      const pre = this.lookup('input');
      if (pre.beforePrerouting) {
        return this.drop(null, `${pre.reason} (ip6_rcv_core, before PREROUTING)`);
      }
    }
    return this.afterReceive(iif);
  }

  /** `looped`: sent by this host to itself; the skb keeps its route (skb_valid_dst), so ip_rcv_finish does no lookup unless PREROUTING changed the destination. */
  private afterReceive(iif: string, looped = false): Stop {
    const skb = this.skb;
    const dst0 = skb.dstAddr;
    const s1 = this.runHook('PREROUTING', iif, '');
    if (s1) return s1;
    skb.inIface = iif;
    const keep = looped && this.route !== null && skb.dstAddr === dst0;
    const r = keep ? this.route! : this.lookup('input');
    if (!keep) this.routeStep(r, 'input routing decision');
    if (r.verdict === 'drop') {
      return this.drop(null, r.reason);
    }
    if (r.verdict === 'input' || r.verdict === 'output') return this.deliver(iif);
    // ip_forward / ip6_forward, before the FORWARD hook.
    if (skb.pktType !== 'unicast') {
      return this.drop(null, `ip_forward drops a ${skb.pktType} packet (pkt_type is not PACKET_HOST)`);
    }
    // ip6_forward, "This check is security critical": unless the packet leaves by the device it came
    // in on (the redirect case), a link-local, loopback or unspecified source is not forwarded.
    if (skb.family === 'ipv6' && r.dev !== iif && (skb.srcAddr >> 118n === 0x3fan || skb.srcAddr === 1n || skb.srcAddr === 0n)) {
      return this.drop(null, 'ip6_forward does not forward a link-local, loopback or unspecified source to another device (ICMPv6 beyond scope)');
    }
    if (skb.ttl <= 1) {
      return this.drop(null, `${skb.family === 'ipv4' ? 'TTL' : 'hop limit'} ${skb.ttl} would reach 0: ICMP time exceeded, not forwarded`);
    }
    skb.ttl -= 1;
    const out = r.dev ?? '';
    const s2 = this.runHook('FORWARD', iif, out);
    if (s2) return s2;
    const s3 = this.runHook('POSTROUTING', iif, out);
    if (s3) return s3;
    return { outcome: 'forwarded' };
  }

  private deliver(iif: string): Stop {
    // ip_local_deliver reassembles IPv4 fragments before LOCAL_IN (IPv6 does it after, in ipv6_frag_rcv).
    if (this.skb.family === 'ipv4' && this.skb.fragment !== 'none') {
      return this.drop(null, 'a fragment for this host is held for reassembly (ip_local_deliver) before INPUT');
    }
    const s = this.runHook('INPUT', iif, '');
    return s ?? { outcome: 'delivered' };
  }

  private local(p: Packet): Stop {
    const skb = this.skb;
    const r0 = this.lookup('output', p.outIface || undefined);
    this.routeStep(r0, 'output routing decision');
    if (r0.verdict === 'drop') {
      return this.drop(null, `${r0.reason} (the socket's send fails)`);
    }
    // raw_sendmsg / udp_sendmsg: a broadcast route needs SO_BROADCAST on the socket, else EACCES.
    if (r0.kind === 'broadcast' && !this.askOutsideRules(SO_BROADCAST, 'OUTPUT', 'socket')) {
      return this.drop(null, 'sending to a broadcast address needs SO_BROADCAST (the socket\'s send fails with EACCES)');
    }
    const firstDev = r0.dev ?? '';
    const s1 = this.runHook('OUTPUT', '', firstDev);
    if (s1) return s1;
    const out = this.route?.dev ?? firstDev;
    const s2 = this.runHook('POSTROUTING', '', out);
    if (s2) return s2;
    const lo = loopbackName(this.env.host);
    if (out === lo || this.route?.kind === 'local') {
      // loopback_xmit → netif_rx: received again on lo, keeping its conntrack entry.
      this.steps.push({ kind: 'note', text: `looped back through ${lo}` });
      return this.afterReceive(lo, true);
    }
    return { outcome: 'sent' };
  }

  private fate(outcome: Outcome, p: Packet): Fate {
    const final = packetOfSkb(this.skb);
    const oif = outcome === 'forwarded' || outcome === 'sent' ? (this.route?.dev ?? null) : null;
    return {
      outcome, hits: this.hits, policies: this.policies, final: { ...final, inIface: p.inIface, outIface: oif ?? '' }, oif,
      reply: this.reply, assumptions: [], steps: this.steps,
    };
  }
}

/** What ipt_mangle_out compares to decide on a re-route: addresses, mark and TOS. */
type RouteKeys = readonly [bigint, bigint, number, number];

function routeKeys(s: Skb): RouteKeys {
  return [s.srcAddr, s.dstAddr, s.mark, s.tos];
}

function sameRouteKeys(k: RouteKeys, s: Skb): boolean {
  return k[0] === s.srcAddr && k[1] === s.dstAddr && k[2] === s.mark && k[3] === s.tos;
}
