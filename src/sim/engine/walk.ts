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
import type { Tuple } from '../conntrack/conn.js';
import type { ConntrackTable } from '../conntrack/table.js';
import type { CtSettings } from '../conntrack/l4/index.js';
import type { RouteDecision } from '../host/decision.js';
import type { Host } from '../host/host.js';
import { routeLookup } from '../host/route.js';
import type { RouteQuery } from '../host/route.js';
import type { IpsetStore } from '../ipset/store.js';
import { applyNat } from '../nat/apply.js';
import { nullBinding } from '../nat/setup.js';
import type { Walk, TableVerdict } from './chain.js';
import { runChain } from './chain.js';
import type { CChain, CompiledRuleset, CRule, CTable } from './compiled.js';
import type { CoreCtx } from './core-ctx.js';
import type { Oracle } from './oracle.js';
import type { HookStep, HookSteps } from './hook-steps.js';
import { natManip } from './pipeline.js';
import type { Fate, Hit, Outcome, PolicyHit, Reply, Step, UnknownPoint } from './result.js';
import type { RouteCache } from './route-cache.js';
import type { Skb } from './skb.js';
import { addr4, packetOfSkb, skbFromPacket, skbWithMirrors } from './skb.js';
import type { Unknown } from './tri.js';
import { unknown } from './tri.js';

/**
 * What stays the same for every packet of a run. The simulator keeps one
 * for all its runs (simulator.ts): `conntrack` and `oracle` are reset
 * between runs, never replaced.
 */
export interface RunEnv {
  readonly compiled: CompiledRuleset;
  readonly host: Host;
  readonly ipsets: IpsetStore | null;
  readonly conntrack: ConntrackTable;
  readonly oracle: Oracle;
  readonly ctSettings: CtSettings;
  /** Route decisions by query (route-cache.ts). */
  readonly routes: RouteCache;
  /** The host's own addresses of the ruleset's family. */
  readonly localAddrs: ReadonlySet<bigint>;
  /** The host's loopback device (loopbackName). */
  readonly loopback: string;
  /** Whether walks record their steps (SimOptions.steps). */
  readonly steps: boolean;
  /** The pipeline's steps per hook for this ruleset (hook-steps.ts). */
  readonly hooks: HookSteps;
}

type Stop = { readonly outcome: Outcome };

/** The ends of a walk that carry nothing else, shared. */
const STOP: Readonly<Record<Outcome, Stop>> = {
  delivered: { outcome: 'delivered' }, forwarded: { outcome: 'forwarded' }, sent: { outcome: 'sent' }, dropped: { outcome: 'dropped' },
  rejected: { outcome: 'rejected' }, queued: { outcome: 'queued' }, unknown: { outcome: 'unknown' },
};

/** The steps of every walk that records none (SimOptions.steps off). */
const NO_STEPS: readonly Step[] = Object.freeze([]);

/** Distinct UnknownPoints kept per rule (CRule.pointMemo); past it, points are made per decision. */
const POINT_MEMO = 16;

function isUnknownList(u: Unknown | readonly Unknown[]): u is readonly Unknown[] {
  return Array.isArray(u);
}

const SO_BROADCAST = unknown('socket', 'whether the sending socket set SO_BROADCAST (without it a send to a broadcast address fails)');

/**
 * The walk of one packet along one branch. One object serves every packet
 * of every run of a simulator (begin() starts a packet), and is itself the
 * CoreCtx its targets see, so a packet costs no closures.
 */
export class PacketWalk implements Walk, CoreCtx {
  steps: Step[] = [];
  hits: Hit[] = [];
  policies: PolicyHit[] = [];
  reply: Reply | null = null;
  route: RouteDecision | null = null;
  readonly ctx: CoreCtx = this;
  readonly host: Host;
  readonly ipsets: IpsetStore | null;
  readonly tracing: boolean;
  private packetIndex = 0;
  /** The walk the REJECT reply of this walk's packet takes (made on first use). */
  private replyWalk: PacketWalk | null = null;
  /** The input last sent, its address mirrors, and whether it gives any field (send). */
  private mirrored: Packet | null = null;
  private mirroredGiven: ReadonlySet<FieldName> | null = null;
  private src4 = 0;
  private dst4 = 0;
  private anyGiven = false;
  /** conntrackIn's decision callback, made once: the hook is the skb's. */
  private readonly decideConntrack = (u: Unknown): boolean => this.askOutsideRules(u, this.skb.hook, 'conntrack');

  /** `tracing`: whether this walk records steps (the REJECT reply's walk never does: its steps are not reported). */
  constructor(
    private readonly env: RunEnv,
    tracing: boolean = env.steps,
  ) {
    this.host = env.host;
    this.ipsets = env.ipsets;
    this.tracing = tracing;
  }

  /** Starts the walk of the packet at `packetIndex` of the session: nothing recorded yet. */
  begin(packetIndex: number): void {
    this.packetIndex = packetIndex;
    this.steps = this.tracing ? [] : (NO_STEPS as Step[]);
    this.hits = [];
    this.policies = [];
    this.reply = null;
    this.route = null;
    this.shown = null;
  }

  // --- CoreCtx (targets) ---

  reject(r: Reply): void {
    this.reply = r;
  }

  note(text: string): void {
    if (this.tracing) this.steps.push({ kind: 'note', text });
  }

  /** A property, not a method: nullBinding takes it as a callback. */
  readonly tupleTaken = (t: Tuple): boolean => this.env.conntrack.find({ src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport }) !== null;

  // --- Walk (chain.ts) ---

  decide(unknowns: Unknown | readonly Unknown[], hook: Hook, rule: CRule): boolean {
    const assumed = this.env.oracle.next();
    const point = !isUnknownList(unknowns)
      ? this.rulePoint(unknowns, hook, rule, assumed)
      : unknowns.length === 1
        ? this.rulePoint(unknowns[0]!, hook, rule, assumed)
        : this.makePoint(unknowns, hook, rule, assumed);
    this.took(point);
    return assumed;
  }

  /**
   * The point of a rule's decision on one unknown. It depends only on the
   * rule, the hook, the unknown, the packet's index and the assumption, so
   * it is made once and shared (CRule.pointMemo), as Hits are.
   */
  private rulePoint(u: Unknown, hook: Hook, rule: CRule, assumed: boolean): UnknownPoint {
    const memo = rule.pointMemo;
    const pi = this.packetIndex;
    if (memo !== null) {
      for (const p of memo) {
        if (p.hook === hook && p.assumed === assumed && p.packetIndex === pi && p.module === u.module && p.reason === u.reason) return p;
      }
    }
    const r = rule.rule;
    const p: UnknownPoint = { hook, table: r.table, chain: r.chain, rule: rule.index, line: r.span.line, module: u.module, reason: u.reason, packetIndex: pi, assumed };
    if (memo === null) rule.pointMemo = [p];
    else if (memo.length < POINT_MEMO) memo.push(p);
    return p;
  }

  /** The point of a decision on several unknowns of one rule (their conjunction). */
  private makePoint(unknowns: readonly Unknown[], hook: Hook, rule: CRule, assumed: boolean): UnknownPoint {
    const r = rule.rule;
    const module = unknowns.map((x) => x.module).join(', ');
    const reason = unknowns.map((x) => x.reason).join('; ');
    return { hook, table: r.table, chain: r.chain, rule: rule.index, line: r.span.line, module, reason, packetIndex: this.packetIndex, assumed };
  }

  /** Records a decision taken through the run's oracle, and its step. */
  private took(point: UnknownPoint): void {
    this.env.oracle.record(point);
    if (this.tracing) this.steps.push({ kind: 'unknown', point });
  }

  /** An unknown that belongs to no rule (conntrack's tracker, the sending socket), shown under `chain`. */
  private askOutsideRules(u: Unknown, hook: Hook, chain: string): boolean {
    const assumed = this.env.oracle.next();
    this.took({ hook, table: 'raw', chain, rule: 0, line: 0, module: u.module, reason: u.reason, packetIndex: this.packetIndex, assumed });
    return assumed;
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
    if (this.tracing) this.steps.push({ kind: 'rule', hit: h, verdict, packet: this.changed() });
  }

  /** A built-in chain's policy hit depends only on the chain (whose name is its hook): made once (CChain.policyHit). */
  policy(hook: Hook, c: CChain): void {
    let p = c.policyHit;
    if (p === null || p.hook !== hook) {
      p = { hook, table: c.table, chain: c.name, policy: c.policy ?? 'ACCEPT' };
      c.policyHit = p;
    }
    this.policies.push(p);
    if (this.tracing) this.steps.push({ kind: 'policy', policy: p });
  }

  hotdrop(hook: Hook, r: CRule, module: string): void {
    if (this.tracing) this.steps.push({ kind: 'drop', hook, reason: `${module} at line ${r.rule.span.line} found the packet malformed (hotdrop)` });
  }

  // --- packet state for steps ---

  private skb!: Skb;
  /** The packet as the last step showing it had it (begin() resets it). */
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

  /** Runs `steps`, the hook's (this.env.hooks[hook]; the callers name them, so no lookup by hook name per packet). */
  private runHook(steps: readonly HookStep[], hook: Hook, inDev: string, outDev: string): Stop | null {
    const skb = this.skb;
    skb.hook = hook;
    skb.inIface = inDev;
    skb.outIface = outDev;
    for (let n = 0; n < steps.length; n++) {
      const step = steps[n]!;
      const table = step.table;
      if (table === null) {
        // Present only when conntrack is on (hook-steps.ts).
        if (step.kind === 'defrag') {
          if (skb.fragment !== 'none' && skb.ct === null) {
            return this.drop(hook, 'a fragment is held for reassembly by nf_defrag (conntrack is on), so no table sees it alone');
          }
        } else if (step.kind === 'conntrack') {
          const r = conntrackIn(this.env.conntrack, skb, skb.template ?? undefined, this.decideConntrack, this.env.ctSettings, this.tracing);
          if (this.tracing) this.steps.push({ kind: 'conntrack', hook, state: skb.ctState, note: r.note });
        } else {
          confirm(this.env.conntrack, skb);
        }
        continue;
      }
      const name = step.name!;
      // What ipt_mangle_out compares to decide on a re-route: addresses, mark and TOS.
      const keys = hook === 'OUTPUT' && step.rerouteAfter;
      const src0 = keys ? skb.srcAddr : 0n;
      const dst0 = keys ? skb.dstAddr : 0n;
      const mark0 = skb.mark;
      const tos0 = skb.tos;
      const base = step.base;
      const v = name === 'nat' ? this.natHook(hook, table, base) : base !== null ? runChain(table, base, hook, skb, this) : 'accept';
      if (v !== 'accept') {
        const stop = this.verdict(v, hook, name);
        if (stop) return stop;
      }
      // ipt_mangle_out and nf_nat_ipv4_local_fn re-route a local packet whose routing keys changed.
      if (keys && (skb.srcAddr !== src0 || skb.dstAddr !== dst0 || skb.mark !== mark0 || skb.tos !== tos0)) {
        const stop2 = this.reroute();
        if (stop2) return stop2;
      }
    }
    return null;
  }

  /** Ends the walk: dropped, with the reason as the last step. */
  private drop(hook: Hook | null, reason: string): Stop {
    if (this.tracing) this.steps.push({ kind: 'drop', hook, reason });
    return STOP.dropped;
  }

  private verdict(v: TableVerdict, hook: Hook, table: TableName): Stop | null {
    if (v === 'accept') return null;
    if (typeof v === 'object') {
      if (this.tracing) this.steps.push({ kind: 'drop', hook, reason: `the ${table} table's verdict depends on ${v.module}: ${v.reason}` });
      return STOP.unknown;
    }
    if (v === 'queue') return STOP.queued;
    if (v === 'stolen') {
      return this.drop(hook, this.tracing ? `a target in ${table} took the packet (NF_STOLEN)` : '');
    }
    return this.reply ? STOP.rejected : STOP.dropped;
  }

  /** nf_nat_inet_fn: the nat table only sees a connection's first packet (NEW or RELATED) per manip type. */
  private natHook(hook: Hook, table: CTable, base: CChain | null): TableVerdict {
    const skb = this.skb;
    const ct = skb.ct;
    if (!ct) return 'accept';
    const manip = natManip(hook);
    // RELATED ICMP errors are translated (nf_nat_icmp_reply_translation) without the table.
    const icmpError = skb.ctState === 'RELATED' && skb.proto === (skb.family === 'ipv4' ? 1 : 58);
    if ((skb.ctState === 'NEW' || skb.ctState === 'RELATED') && !icmpError) {
      const done = manip === 'src' ? ct.natSrcDone : ct.natDstDone;
      if (!done) {
        const v = base !== null ? runChain(table, base, hook, skb, this) : 'accept';
        if (v !== 'accept') return v;
        if (!(manip === 'src' ? ct.natSrcDone : ct.natDstDone)) {
          const nb = nullBinding(ct, manip, this.ctx.tupleTaken);
          if (nb !== 'accept') return nb;
        }
      }
    }
    const changed = applyNat(skb, ct, manip, skb.ctDirection);
    if (changed === 'drop') {
      if (this.tracing) this.steps.push({ kind: 'drop', hook, reason: 'NAT cannot rewrite a GRE packet too short for its header (gre_manip_pkt)' });
      return 'drop';
    }
    if (changed && this.tracing) {
      this.steps.push({ kind: 'nat', hook, note: `${manip === 'src' ? 'source' : 'destination'} rewritten by connection #${ct.id}`, packet: packetOfSkb(skb) });
    }
    return 'accept';
  }

  private lookup(kind: 'input' | 'output', oif?: string): RouteDecision {
    const s = this.skb;
    const output = kind === 'output';
    // A local packet's source is part of the output lookup only when it is this host's
    // (a bound socket); a raw socket's IP header source is not (raw_sendmsg looks up with saddr 0).
    const withSrc = !output || this.env.localAddrs.has(s.srcAddr);
    const dev = output ? (oif ?? '') : s.inIface;
    let r = this.env.routes.get(s, output, withSrc, dev);
    if (r === undefined) {
      // An absent field and an undefined one are the same to routeLookup (it reads them with ??): one object shape for every query.
      const q: RouteQuery = {
        src: withSrc ? s.srcAddr : undefined, mark: s.mark, tos: s.tos, proto: s.proto, sport: s.srcPort, dport: s.dstPort, uid: s.ownerUid,
        iif: output ? undefined : s.inIface, oif: output && oif ? oif : undefined,
      };
      // A socket sending to "::" sends to ::1 (a BSD'ism: rawv6_sendmsg, ip6_datagram_connect); routing itself knows no such rule.
      const dst = output && s.family === 'ipv6' && s.dstAddr === 0n ? 1n : s.dstAddr;
      r = routeLookup(this.env.host, s.family, dst, q);
      this.env.routes.set(s, output, withSrc, dev, r);
    }
    return r;
  }

  private routeStep(r: RouteDecision, note: string): void {
    this.route = r;
    if (this.tracing) this.steps.push({ kind: 'route', decision: r, note });
  }

  private reroute(): Stop | null {
    const r = this.lookup('output');
    this.routeStep(r, 're-route after OUTPUT changed the packet (ip_route_me_harder)');
    if (r.verdict === 'drop') {
      return this.drop('OUTPUT', r.reason);
    }
    return null;
  }

  /** Sends the packet at `packetIndex` of the session; returns its fate along this run's decisions. */
  send(packetIndex: number, p: Packet, given: ReadonlySet<FieldName>): Fate {
    this.begin(packetIndex);
    if (p !== this.mirrored || given !== this.mirroredGiven) {
      // Every branch sends the same input (a Packet is immutable): its address
      // mirrors are computed once (a bigint conversion is not free).
      this.mirrored = p;
      this.mirroredGiven = given;
      this.src4 = addr4(p.family, p.srcAddr);
      this.dst4 = addr4(p.family, p.dstAddr);
      this.anyGiven = given.size > 0;
    }
    const skb = skbWithMirrors(p, null, this.src4, this.dst4);
    // Before conntrack runs, a packet has no entry: raw-table state tests see INVALID.
    skb.ctState = 'INVALID';
    skb.ctDirection = 'ORIGINAL';
    this.skb = skb;
    if (this.tracing) this.changed();
    if (this.anyGiven && this.env.compiled.conntrack && givenConn(this.env.conntrack, skb, p, given)) {
      this.note(`conntrack entry as given: ${skb.ctState} ${skb.ctDirection}`);
    }
    const stop = p.origin === 'local' ? this.local(p) : this.received(p.inIface);
    if (stop.outcome === 'rejected' && this.reply) this.reply = this.sendReply(this.reply, skb);
    return this.fate(stop.outcome, p);
  }

  /** The REJECT reply leaves through OUTPUT and POSTROUTING with the rejected packet's entry attached. */
  private sendReply(reply: Reply, orig: Skb): Reply {
    const w = (this.replyWalk ??= new PacketWalk(this.env, false));
    w.begin(this.packetIndex);
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
    const s1 = this.runHook(this.env.hooks.PREROUTING, 'PREROUTING', iif, '');
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
    const s2 = this.runHook(this.env.hooks.FORWARD, 'FORWARD', iif, out);
    if (s2) return s2;
    const s3 = this.runHook(this.env.hooks.POSTROUTING, 'POSTROUTING', iif, out);
    if (s3) return s3;
    return STOP.forwarded;
  }

  private deliver(iif: string): Stop {
    // ip_local_deliver reassembles IPv4 fragments before LOCAL_IN (IPv6 does it after, in ipv6_frag_rcv).
    if (this.skb.family === 'ipv4' && this.skb.fragment !== 'none') {
      return this.drop(null, 'a fragment for this host is held for reassembly (ip_local_deliver) before INPUT');
    }
    const s = this.runHook(this.env.hooks.INPUT, 'INPUT', iif, '');
    return s ?? STOP.delivered;
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
    const s1 = this.runHook(this.env.hooks.OUTPUT, 'OUTPUT', '', firstDev);
    if (s1) return s1;
    const out = this.route?.dev ?? firstDev;
    const s2 = this.runHook(this.env.hooks.POSTROUTING, 'POSTROUTING', '', out);
    if (s2) return s2;
    const lo = this.env.loopback;
    if (out === lo || this.route?.kind === 'local') {
      // loopback_xmit → netif_rx: received again on lo, keeping its conntrack entry.
      if (this.tracing) this.note(`looped back through ${lo}`);
      return this.afterReceive(lo, true);
    }
    return STOP.sent;
  }

  /**
   * The fate of this walk. Its assumptions are every decision of the run so
   * far (the session's earlier packets and the reply's walk included): the
   * simulator reports the last packet's fate, made when the run ends.
   */
  private fate(outcome: Outcome, p: Packet): Fate {
    const oif = outcome === 'forwarded' || outcome === 'sent' ? (this.route?.dev ?? null) : null;
    const final = packetOfSkb(this.skb, p.inIface, oif ?? '');
    return {
      outcome, hits: this.hits, policies: this.policies, final, oif,
      reply: this.reply, assumptions: this.env.oracle.points, steps: this.steps,
    };
  }
}
