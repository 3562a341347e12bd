/**
 * The simulator's answer against the kernel's observation, in the kernel's
 * terms: outcome, the set of rule counters that moved, the set of policy
 * counters that moved, and the fields of the final packet the kernel lets us
 * see (addresses and ports after NAT, protocol, TTL, TOS, the egress or
 * ingress interface) and of REJECT's reply.
 *
 * When the simulator could not decide a test (branches), the kernel must
 * agree with ONE branch.
 *
 * Counters fw's own answers may have moved (KernelObservation.responded: a
 * reset or ICMP error fw sends traverses OUTPUT and POSTROUTING, and to a
 * local destination PREROUTING and INPUT too) are compared one way only:
 * what the simulator says the packet hit there must have moved, and more
 * may have.
 */
import type { Family } from '../../../src/ir/family.js';
import type { Hook } from '../../../src/ir/ruleset.js';
import { HOOKS } from '../../../src/ir/names.js';
import { formatAddr, parseAddr } from '../../../src/ir/addr-format.js';
import { isPresent } from '../../../src/ir/packet/packet.js';
import type { Fate, SimResult } from '../../../src/sim/index.js';
import type { RejectWith } from '../../../src/ir/targets/reject.js';
import { chainKey, reachableFrom, type ChainHooks } from './chain-hooks.js';
import type { KernelObservation } from './kernel-run.js';

export interface CompareContext {
  readonly family: Family;
  readonly hooks: ChainHooks;
  /** Whether the last packet was sent by fw itself. */
  readonly local: boolean;
  /** Whether its source is one of fw's own addresses (or loopback): fw's answers to it come back in through PREROUTING and INPUT. */
  readonly srcLocal?: boolean;
  /** Policies the kernel has no counter for (KernelHost.uncountedPolicies): not compared. */
  readonly uncounted?: ReadonlySet<string>;
}

export interface BranchDiff {
  readonly branch: number;
  readonly diffs: readonly string[];
}

export interface Comparison {
  readonly agree: boolean;
  /** The branch that agreed, or -1. */
  readonly branch: number;
  /** Per branch, what differs (empty for the agreeing one). */
  readonly branches: readonly BranchDiff[];
}

/** REJECT's reply types as the kernel sends them (ipt_REJECT.c reject_tg, ip6t_REJECT.c reject_tg6): [type, code] or 'rst'. */
export const REJECT_REPLY: Readonly<Record<RejectWith, readonly [number, number] | 'rst'>> = {
  'icmp-net-unreachable': [3, 0],
  'icmp-host-unreachable': [3, 1],
  'icmp-proto-unreachable': [3, 2],
  'icmp-port-unreachable': [3, 3],
  'icmp-net-prohibited': [3, 9],
  'icmp-host-prohibited': [3, 10],
  'icmp-admin-prohibited': [3, 13],
  'tcp-reset': 'rst',
  'icmp6-no-route': [1, 0],
  'icmp6-adm-prohibited': [1, 1],
  'icmp6-addr-unreachable': [1, 3],
  'icmp6-port-unreachable': [1, 4],
  'icmp6-policy-fail': [1, 5],
  'icmp6-reject-route': [1, 6],
};

const ALL_HOOKS: ReadonlySet<Hook> = new Set(HOOKS);
const REMOTE_RESPONSE_HOOKS: ReadonlySet<Hook> = new Set(['OUTPUT', 'POSTROUTING']);

export const hitLabelOf = (h: { table: string; chain: string; rule: number }): string => `${h.table}/${h.chain}#${h.rule}`;
export const policyLabelOf = (p: { table: string; chain: string }): string => `${p.table}/${p.chain}`;

/** The hooks fw's own answers may have traversed, or an empty set when counters are exact. */
function responseHooks(k: KernelObservation, ctx: CompareContext): ReadonlySet<Hook> {
  if (!k.responded) return new Set();
  return ctx.local || ctx.srcLocal ? ALL_HOOKS : REMOTE_RESPONSE_HOOKS;
}

function setDiff(what: string, sim: readonly string[], kernel: readonly string[], loose: (label: string) => boolean): string[] {
  const s = new Set(sim);
  const k = new Set(kernel);
  const out: string[] = [];
  const missing = [...s].filter((x) => !k.has(x));
  const extra = [...k].filter((x) => !s.has(x) && !loose(x));
  if (missing.length > 0) out.push(`${what}: simulator says ${missing.join(', ')} but the kernel's counters did not move`);
  if (extra.length > 0) out.push(`${what}: kernel counted ${extra.join(', ')} but the simulator does not`);
  return out;
}

function addrEq(family: Family, kernelText: string, sim: bigint): boolean {
  const k = parseAddr(family, kernelText);
  return k !== null && k === sim;
}

/** Differences between one branch and the kernel. */
export function diffFate(f: Fate, k: KernelObservation, ctx: CompareContext): string[] {
  const d: string[] = [];
  // A branch that stopped on a verdict the simulator cannot know (e.g. NAT's random port
  // after a tuple clash) claims nothing past that point: only the rules it counted before
  // must have counted in the kernel too.
  if (f.outcome === 'unknown') {
    const missing = f.hits.map(hitLabelOf).filter((h) => !k.hits.includes(h));
    return missing.length ? [`hits before the unknown verdict: simulator says ${missing.join(', ')} but the kernel's counters did not move`] : [];
  }
  const outcomeOk = f.outcome === k.outcome || (k.replyUnseen && k.outcome === 'rejected' && f.outcome === 'dropped');
  if (!outcomeOk) d.push(`outcome: simulator ${f.outcome}, kernel ${k.outcome}${k.replyUnseen ? ' (no reply seen: dropped would fit too)' : ''}`);
  const rh = responseHooks(k, ctx);
  const chainLoose = (label: string): boolean => rh.size > 0 && reachableFrom(ctx.hooks, label.replace(/#\d+$/, ''), rh);
  const policyLoose = (label: string): boolean => rh.size > 0 && rh.has(label.split('/')[1] as Hook);
  d.push(...setDiff('hits', f.hits.map(hitLabelOf), k.hits, chainLoose));
  const uncounted = ctx.uncounted ?? new Set<string>();
  d.push(...setDiff('policies', f.policies.map(policyLabelOf).filter((p) => !uncounted.has(p)), k.policies, policyLoose));
  if (k.final && (f.outcome === k.outcome)) {
    const p = f.final;
    const o = k.final;
    const fam = ctx.family;
    if (!addrEq(fam, o.src, p.srcAddr)) d.push(`final src: simulator ${formatAddr(fam, p.srcAddr)}, kernel ${o.src}`);
    if (!addrEq(fam, o.dst, p.dstAddr)) d.push(`final dst: simulator ${formatAddr(fam, p.dstAddr)}, kernel ${o.dst}`);
    if (o.proto !== p.proto) d.push(`final proto: simulator ${p.proto}, kernel ${o.proto}`);
    if (o.sport !== undefined && isPresent('srcPort', p)) {
      if (o.sport !== p.srcPort) d.push(`final sport: simulator ${p.srcPort}, kernel ${o.sport}`);
      if (o.dport !== p.dstPort) d.push(`final dport: simulator ${p.dstPort}, kernel ${o.dport}`);
    }
    if (o.ttl !== undefined && o.ttl !== p.ttl) d.push(`final ttl: simulator ${p.ttl}, kernel ${o.ttl}`);
    if (o.tos !== undefined && o.tos !== p.tos) d.push(`final tos: simulator ${p.tos}, kernel ${o.tos}`);
    if (k.outcome === 'forwarded' || k.outcome === 'sent') {
      if (f.oif !== o.iface) d.push(`oif: simulator ${f.oif}, kernel ${o.iface}`);
    } else if (k.outcome === 'delivered' && !ctx.local && o.iface !== null && p.inIface !== o.iface) {
      d.push(`delivered via: simulator ${p.inIface}, kernel ${o.iface}`);
    }
  }
  if (k.outcome === 'rejected' && f.outcome === 'rejected') {
    const want = f.reply ? REJECT_REPLY[f.reply.with] : null;
    const got = k.reply;
    if (!want) d.push('reply: the simulator gives none');
    else if (!got) {
      // The reply did not leave fw (its OUTPUT dropped it): nothing to compare.
    }
    else if (want === 'rst') {
      if (got?.kind !== 'tcp-reset') d.push(`reply: simulator tcp-reset, kernel ${got ? `icmp ${got.kind === 'icmp' ? `${got.type}/${got.code}` : ''}` : 'none'}`);
    } else if (got?.kind !== 'icmp' || got.type !== want[0] || got.code !== want[1]) {
      d.push(`reply: simulator icmp ${want[0]}/${want[1]} (${f.reply!.with}), kernel ${got ? (got.kind === 'icmp' ? `icmp ${got.type}/${got.code}` : 'tcp-reset') : 'none'}`);
    }
  }
  return d;
}

export function compare(r: SimResult, k: KernelObservation, ctx: CompareContext): Comparison {
  const fates = r.branches.length > 0 ? r.branches : [r.fate];
  const branches: BranchDiff[] = [];
  for (const [i, f] of fates.entries()) {
    const diffs = diffFate(f, k, ctx);
    branches.push({ branch: i, diffs });
    if (diffs.length === 0) return { agree: true, branch: i, branches };
  }
  return { agree: false, branch: -1, branches };
}

export { chainKey };
