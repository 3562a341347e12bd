/**
 * The hook pipeline on packet sets: sim/engine/walk.ts with every packet at
 * once. The order of hooks and of the steps inside a hook is the shared
 * PIPELINE table (sim/engine/pipeline.ts); routing is the simulator's own
 * routeLookup over a partition (routing.ts); conntrack's first-packet state
 * is the simulator's nf_conntrack_in over classes (conntrack.ts). The
 * result is every path's final part with its outcome, as `trace` names it.
 */
import type { Hook } from '../../ir/names.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { FieldName } from '../../ir/packet/fields.js';
import type { Ruleset } from '../../ir/ruleset.js';
import type { CtSettings } from '../../sim/conntrack/l4/tracker.js';
import { ctSettingsOf } from '../../sim/conntrack/l4/tracker.js';
import { usesConntrack } from '../../sim/engine/compile.js';
import { PIPELINE, natManip } from '../../sim/engine/pipeline.js';
import type { Outcome } from '../../sim/engine/result.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { RouteDecision } from '../../sim/host/decision.js';
import type { Host } from '../../sim/host/host.js';
import { loopbackName } from '../../sim/host/host.js';
import type { IpsetStore } from '../../sim/ipset/store.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import { runTableSym } from './chain.js';
import type { ChainEnv, TableOut } from './chain.js';
import type { LoneClasses } from './conntrack.js';
import { loneClasses } from './conntrack.js';
import type { CtAssign, Part } from './part.js';
import { assume, mergeParts, restrict, startPart, transform } from './part.js';
import type { RoutePartition } from './routing.js';
import { Router } from './routing.js';
import { RuleCompiler } from './rules.js';
import { split } from './targets.js';
import { assign } from './xform.js';

/** A path's end. `oif` for forwarded and sent packets. */
export interface SymFate {
  readonly outcome: Outcome;
  readonly part: Part;
  readonly oif: string | null;
  /** Why the path ended where it did when no rule decided it (routing, a kernel check), or what it depends on. */
  readonly reason: string | null;
  readonly unknown: Unknown | null;
  readonly policy: { readonly table: string; readonly chain: string } | null;
}

export interface ModelOptions {
  readonly host: Host;
  readonly ipsets?: IpsetStore | null;
}

/** A ruleset ready for symbolic questions: compiled rules, routing cells and conntrack classes, built once. */
export class Model {
  readonly rules: RuleCompiler;
  readonly router: Router;
  readonly conntrack: boolean;
  readonly settings: CtSettings;
  private loneCache: LoneClasses | null = null;

  constructor(
    readonly space: PacketSpace,
    readonly ruleset: Ruleset,
    readonly options: ModelOptions,
  ) {
    this.rules = new RuleCompiler({ space, host: options.host, ipsets: options.ipsets ?? null });
    this.router = new Router(space, options.host);
    this.conntrack = usesConntrack(ruleset);
    this.settings = ctSettingsOf(options.host);
  }

  get host(): Host {
    return this.options.host;
  }

  get lone(): LoneClasses {
    return (this.loneCache ??= loneClasses(this.space, this.settings));
  }
}

/** How a question sets the conntrack state of its packets. */
export type StateMode = { readonly kind: 'natural' } | { readonly kind: 'given'; readonly state: 'ESTABLISHED' | 'RELATED' };


class Run {
  readonly fates: SymFate[] = [];
  private readonly s: PacketSpace;

  constructor(private readonly m: Model) {
    this.s = m.space;
  }

  private end(p: Part, outcome: Outcome, extra: Partial<Omit<SymFate, 'part' | 'outcome'>> = {}): void {
    this.fates.push({ outcome, part: p, oif: extra.oif ?? null, reason: extra.reason ?? null, unknown: extra.unknown ?? null, policy: extra.policy ?? null });
  }

  private setIface(p: Part, field: 'inIface' | 'outIface', name: string): Part {
    const eq = this.s.ifaceIn(field, [name]);
    if (this.s.bdd.implies(p.rel, eq)) return p;
    return transform(this.s, p, assign(this.s, field, this.s.code(field, name), `${field} ${name}`));
  }

  /** Runs the steps of one hook; returns the parts that get through. */
  hook(hook: Hook, parts: Part[], inDev: string | null, outDev: (p: Part) => string): Part[] {
    const s = this.s;
    let live = parts.map((p) => this.setIface(inDev === null ? p : this.setIface(p, 'inIface', inDev), 'outIface', outDev(p)));
    for (const step of PIPELINE[hook]) {
      if (live.length === 0) break;
      if (step.kind === 'confirm') continue;
      if (step.kind === 'defrag') {
        if (!this.m.conntrack) continue;
        const frag = s.bdd.not(s.eq('fragment', 'none'));
        const next: Part[] = [];
        for (const p of live) {
          if (p.tracked) {
            next.push(p);
            continue;
          }
          const [held, whole] = split(s, p, frag);
          if (held) this.end(held, 'dropped', { reason: 'a fragment is held for reassembly by nf_defrag (conntrack is on), so no table sees it alone' });
          if (whole) next.push(whole);
        }
        live = next;
        continue;
      }
      if (step.kind === 'conntrack') {
        if (this.m.conntrack) live = live.flatMap((p) => this.conntrack(p));
        continue;
      }
      const outs = step.table === 'nat' ? this.nat(hook, live) : runTableSym(this.chainEnv(), step.table, hook, live);
      live = this.verdicts(outs);
      if (hook === 'OUTPUT' && (step.table === 'mangle' || step.table === 'nat')) live = live.flatMap((p) => this.rerouteIfChanged(p));
    }
    return mergeParts(s, live);
  }

  private chainEnv(): ChainEnv {
    return { space: this.s, ruleset: this.m.ruleset, rules: this.m.rules, host: this.m.host, router: this.m.router };
  }

  private verdicts(outs: readonly TableOut[]): Part[] {
    const live: Part[] = [];
    for (const o of outs) {
      const policy = o.policy ?? null;
      switch (o.v) {
        case 'accept':
          live.push(o.p);
          break;
        case 'drop':
        case 'stolen':
          this.end(o.p, 'dropped', { policy });
          break;
        case 'reject':
          this.end(o.p, 'rejected', { policy });
          break;
        case 'queue':
          this.end(o.p, 'queued', { policy });
          break;
        case 'unknown':
          this.end(o.p, 'unknown', { unknown: o.unknown ?? null, policy });
          break;
      }
    }
    return live;
  }

  /** ipt_mangle_out / nf_nat_ipv4_local_fn: a local packet whose routing keys changed is routed again. */
  private rerouteIfChanged(p: Part): Part[] {
    if (p.route === null || !p.keysChanged) return [p];
    return this.route(p, this.m.router.output(p.rel), 'OUTPUT').flatMap((q) => {
      if (q.route!.verdict === 'drop') {
        this.end(q, 'dropped', { reason: q.route!.reason });
        return [];
      }
      return [q];
    });
  }

  /** nf_conntrack_in for the parts' packets: the state each gets, and whether it has an entry. */
  private conntrack(p: Part): Part[] {
    const s = this.s;
    if (p.tracked) return [p];
    const setState = (q: Part, state: CtAssign): Part => {
      const r = { ...q, tracked: state === 'NEW' || state === 'ESTABLISHED' || state === 'RELATED' };
      return state === 'INVALID' ? r : transform(s, r, assign(s, 'ctState', s.code('ctState', state), `conntrack ${state}`));
    };
    const [untracked, rest] = split(s, p, s.eq('ctState', 'UNTRACKED'));
    const out: Part[] = untracked ? [{ ...untracked, tracked: false }] : [];
    if (!rest) return out;
    if (p.ct === 'ESTABLISHED' || p.ct === 'RELATED') {
      // Given state with conntrack on is attached from the start (see start()); not reached.
      out.push(setState(rest, p.ct));
      return out;
    }
    const lone = this.m.lone;
    for (const st of ['NEW', 'INVALID', 'UNTRACKED'] as const) {
      const q = restrict(s, rest, lone.certain[st]);
      if (q) out.push(setState(q, st));
    }
    for (const u of lone.unsure) {
      const q = restrict(s, rest, u.set);
      if (!q) continue;
      const a = { unknown: u.unknown, hook: null, rule: null };
      out.push(setState(assume(q, a), u.yes), setState(assume(q, a), u.no));
    }
    return out;
  }

  /** nf_nat_inet_fn: the nat table sees a connection's first packet (NEW or RELATED, not an ICMP error) per manip type. */
  private nat(hook: Hook, parts: Part[]): TableOut[] {
    const s = this.s;
    const manip = natManip(hook);
    const icmp = s.eq('proto', s.family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6);
    const first = s.bdd.or(s.eq('ctState', 'NEW'), s.bdd.diff(s.eq('ctState', 'RELATED'), icmp));
    const out: TableOut[] = [];
    for (const p of parts) {
      if (!p.tracked || p.natDone[manip]) {
        out.push({ v: 'accept', p });
        continue;
      }
      const [fresh, other] = split(s, p, first);
      if (other) out.push({ v: 'accept', p: other });
      if (!fresh) continue;
      for (const o of runTableSym(this.chainEnv(), 'nat', hook, [fresh])) {
        // nf_nat_alloc_null_binding: left undecided, the mapping is the identity.
        out.push(o.v === 'accept' ? { ...o, p: { ...o.p, natDone: { ...o.p.natDone, [manip]: true } } } : o);
      }
    }
    return out;
  }

  /** Splits parts by a routing partition; each part gets its decision. */
  route(p: Part, partition: RoutePartition, where: string): Part[] {
    if (!partition.ok) {
      this.end(p, 'unknown', { unknown: partition.unknown, reason: `routing at ${where}` });
      return [];
    }
    const out: Part[] = [];
    for (const c of partition.cells) {
      const q = restrict(this.s, p, c.set);
      if (q) out.push({ ...q, route: c.decision, keysChanged: false });
    }
    return out;
  }

  // --- paths ---

  received(parts: Part[]): void {
    const s = this.s;
    for (const dev of this.m.host.interfaces) {
      const onDev = parts.map((p) => restrict(s, p, s.ifaceIn('inIface', [dev.name]))).filter((p): p is Part => p !== null);
      if (onDev.length === 0) continue;
      let pre = onDev;
      if (s.family === 'ipv6') {
        pre = onDev.flatMap((p) => this.route(p, this.m.router.input(dev.name, p.rel), 'ip6_rcv_core')).flatMap((q) => {
          if (q.route!.beforePrerouting) {
            this.end(q, 'dropped', { reason: `${q.route!.reason} (ip6_rcv_core, before PREROUTING)` });
            return [];
          }
          return [{ ...q, route: null }];
        });
      }
      this.afterReceive(dev.name, pre, false);
    }
  }

  private afterReceive(iif: string, parts: Part[], looped: boolean): void {
    const through = this.hook('PREROUTING', parts, iif, () => '');
    for (const p of through) {
      // A looped packet keeps its route unless PREROUTING changed its destination (skb_valid_dst).
      const keep = looped && p.route !== null && p.loop !== null && !p.loop.dstChanged;
      const routed = keep ? [{ ...p, loop: null }] : this.route({ ...p, loop: null }, this.m.router.input(iif, p.rel), 'input routing');
      for (const q of routed) {
        const r = q.route!;
        if (r.verdict === 'drop') {
          this.end(q, 'dropped', { reason: r.reason });
          continue;
        }
        if (r.verdict === 'input' || r.verdict === 'output') {
          this.deliver(iif, q);
          continue;
        }
        this.forward(iif, q, r);
      }
    }
  }

  private forward(iif: string, p: Part, r: RouteDecision): void {
    const s = this.s;
    const b = s.bdd;
    const [other, unicast] = split(s, p, b.not(s.eq('pktType', 'unicast')));
    if (other) this.end(other, 'dropped', { reason: 'ip_forward drops a packet whose pkt_type is not PACKET_HOST' });
    if (!unicast) return;
    let q: Part | null = unicast;
    if (s.family === 'ipv6' && r.dev !== iif) {
      const bad = b.orAll([s.prefix('srcAddr', 0xfe80n << 112n, 10), s.eq('srcAddr', 1n), s.eq('srcAddr', 0n)]);
      const [scoped, fine] = split(s, q, bad);
      if (scoped) this.end(scoped, 'dropped', { reason: 'ip6_forward does not forward a link-local, loopback or unspecified source to another device' });
      q = fine;
    }
    if (!q) return;
    const [expiring, alive] = split(s, q, s.range('ttl', 0, 1));
    if (expiring) this.end(expiring, 'dropped', { reason: 'the TTL would reach 0: ICMP time exceeded, not forwarded' });
    if (!alive) return;
    const dec = Array.from({ length: 256 }, (_, v) => Math.max(0, v - 1));
    const aged = transform(s, alive, { kind: 'map', field: 'ttl', table: dec, label: 'TTL-1' });
    const out = r.dev ?? '';
    const f = this.hook('FORWARD', [aged], iif, () => out);
    const post = this.hook('POSTROUTING', f, iif, () => out);
    for (const x of post) this.end(x, 'forwarded', { oif: out });
  }

  private deliver(iif: string, p: Part): void {
    const s = this.s;
    let q: Part | null = p;
    if (s.family === 'ipv4') {
      const [frag, whole] = split(s, p, s.bdd.not(s.eq('fragment', 'none')));
      if (frag) this.end(frag, 'dropped', { reason: 'a fragment for this host is held for reassembly (ip_local_deliver) before INPUT' });
      q = whole;
    }
    if (!q) return;
    for (const x of this.hook('INPUT', [q], iif, () => '')) this.end(x, 'delivered');
  }

  local(parts: Part[]): void {
    const routed = parts.flatMap((p) => this.route(p, this.m.router.output(p.rel), 'output routing'));
    const sendable: Part[] = [];
    for (const q of routed) {
      const r = q.route!;
      if (r.verdict === 'drop') {
        this.end(q, 'dropped', { reason: `${r.reason} (the socket's send fails)` });
        continue;
      }
      if (r.kind === 'broadcast') {
        const u = SO_BROADCAST;
        this.end(assume(q, { unknown: u, hook: 'OUTPUT', rule: null }), 'dropped', { reason: 'sending to a broadcast address needs SO_BROADCAST' });
        sendable.push(assume(q, { unknown: u, hook: 'OUTPUT', rule: null }));
        continue;
      }
      sendable.push(q);
    }
    const firstDev = new Map<Part, string>(sendable.map((p) => [p, p.route!.dev ?? '']));
    const out = this.hook('OUTPUT', sendable, null, (p) => firstDev.get(p) ?? p.route?.dev ?? '');
    const lo = loopbackName(this.m.host);
    for (const p of out) {
      const dev = p.route?.dev ?? '';
      for (const q of this.hook('POSTROUTING', [p], null, () => dev)) {
        if (dev === lo || q.route?.kind === 'local') {
          // loopback_xmit → netif_rx: received again on lo, keeping its conntrack entry and route.
          this.afterReceive(lo, [{ ...q, loop: { dstChanged: false } }], true);
        } else {
          this.end(q, 'sent', { oif: dev });
        }
      }
    }
  }
}

const SO_BROADCAST = unknown('socket', 'whether the sending socket has SO_BROADCAST set (without it the send fails with EACCES)');

/** Where the question's packets start: per conntrack mode, the parts with what the raw table sees. */
function start(m: Model, orig: Bdd, mode: StateMode): Part[] {
  const s = m.space;
  if (mode.kind === 'natural' || !m.conntrack) {
    // Before conntrack a packet has no entry: raw sees INVALID (PacketWalk.send).
    const p = startPart(orig, 'NEW');
    const invalid = s.eq('ctState', 'INVALID');
    if (s.bdd.diff(orig, invalid) === FALSE) return [p];
    return [transform(s, p, assign(s, 'ctState', s.code('ctState', 'INVALID'), 'no entry yet'))];
  }
  const p = startPart(orig, mode.state);
  return [{ ...p, tracked: true, natDone: mode.state === 'ESTABLISHED' ? { src: true, dst: true } : { src: false, dst: false } }];
}

/** Every path the packets of `orig` can take, with its outcome. */
export function runPipeline(m: Model, orig: Bdd, mode: StateMode): SymFate[] {
  const s = m.space;
  const run = new Run(m);
  const parts = start(m, orig, mode);
  const remote = parts.map((p) => restrict(s, p, s.eq('origin', 'remote'))).filter((p): p is Part => p !== null);
  const local = parts.map((p) => restrict(s, p, s.eq('origin', 'local'))).filter((p): p is Part => p !== null);
  if (remote.length > 0) run.received(remote);
  if (local.length > 0) run.local(local);
  return run.fates;
}
