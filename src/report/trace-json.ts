/**
 * `nfverify trace --format json`: one JSON object per packet, on one line
 * (JSON Lines), in input order. This is the stable contract of issue 4 that
 * scripts and the kernel-differential harness rely on; keys always come in
 * this order, and a key is only ever added, never renamed or removed.
 *
 *   {
 *     "id":       the packet's `id` as given (string or number), else its line number (1 for --packet),
 *     "outcome":  "delivered" | "forwarded" | "sent" | "dropped" | "rejected" | "queued" | "unknown",
 *     "hits":     [{"table", "chain", "rule", "line", "target"}, ...],
 *     "policies": [{"table", "chain", "policy"}, ...],
 *     "final":    {"src", "dst", "sport", "dport", "proto", "iif", "oif", "mark", "ttl"},
 *     "reply":    {...}                       only when REJECT sent one,
 *     "unknowns": [{"table", "chain", "rule", "line", "module", "reason", "assumed", "packet"}, ...],
 *     "branches": [{"assumptions", "outcome", "hits", "policies", "final", "reply"?}, ...]
 *                                             only when an unknown test split the walk,
 *     "truncated": true                       only when more branches existed than were explored
 *   }
 *
 * - `outcome`: delivered (to the host's own stack, after every LOCAL_IN
 *   hook), forwarded (a received packet left through an interface), sent (a
 *   local packet left through an interface), dropped, rejected (dropped with
 *   a reply), queued (NFQUEUE/QUEUE), unknown (the branches end differently).
 * - `hits`: every rule whose match succeeded, in traversal order (rules
 *   without a target, LOG, MARK, jumps and the rule that decided): the rules
 *   whose kernel counters go up. `rule` is the kernel's 1-based index in the
 *   chain as `iptables -L --line-numbers` shows it (so `-s a,b` is two
 *   rules), `line` the rule's line in the dump, `target` the target as
 *   iptables-save names it (`ACCEPT`, `DNAT`, a chain name), "" for none.
 * - `policies`: the built-in chains whose policy applied (their policy
 *   counter goes up), ACCEPT policies of nat, mangle and raw included.
 * - `final`: the packet as it left, or as it was when delivered or dropped.
 *   Addresses as text, `sport`/`dport` null where the protocol has no
 *   ports, `proto` in the form the packet input takes (`tcp`, `udp`,
 *   `icmp`, `icmpv6`..., a number where there is no name), `iif` null for a
 *   locally sent packet, `oif` the egress interface or null when delivered
 *   locally or dropped, `mark` and `ttl` numbers.
 * - `reply`: the packet REJECT sends (ICMP error or TCP reset), exactly in
 *   the `--packets` input form (formatPacketJson), so it can be fed back.
 * - `unknowns`: the tests nfverify could not decide on the reported walk
 *   (limit, recent, statistic, set without --ipsets, ...), each with the
 *   rule it belongs to, the module, why, which way the walk assumed it
 *   (`assumed: true`: the test matched), and the id of the packet it
 *   happened to (`packet`: this packet's id, or the id of an earlier packet
 *   of its `after` session). A test of conntrack itself (not of a rule) has
 *   chain "conntrack", rule 0 and line 0.
 * - With unknowns, the walk splits: `branches` lists every branch with its
 *   `assumptions` (entries like `unknowns`), outcome, hits, policies, final
 *   and reply. The top-level hits, policies, final, reply and unknowns are
 *   those of the first branch, where every unknown test is assumed to
 *   match; the top-level `outcome` is the branches' common outcome, or
 *   "unknown" when they differ.
 */
import { formatAddr } from '../ir/addr-format.js';
import { FIELD_CODECS } from '../ir/packet/field-codecs.js';
import { formatPacketJson } from '../ir/packet/format-packet.js';
import type { Packet } from '../ir/packet/packet.js';
import { isPresent } from '../ir/packet/packet.js';
import type { Policy, TableName } from '../ir/names.js';
import type { Fate, Hit, Outcome, PolicyHit, Reply, SimResult, UnknownPoint } from '../sim/engine/result.js';

export interface TraceHitJson {
  readonly table: TableName;
  readonly chain: string;
  readonly rule: number;
  readonly line: number;
  readonly target: string;
}

export interface TracePolicyJson {
  readonly table: TableName;
  readonly chain: string;
  readonly policy: Policy;
}

export interface TraceFinalJson {
  readonly src: string;
  readonly dst: string;
  readonly sport: number | null;
  readonly dport: number | null;
  readonly proto: string | number;
  readonly iif: string | null;
  readonly oif: string | null;
  readonly mark: number;
  readonly ttl: number;
}

export interface TraceUnknownJson {
  readonly table: TableName;
  readonly chain: string;
  readonly rule: number;
  readonly line: number;
  readonly module: string;
  readonly reason: string;
  readonly assumed: boolean;
  readonly packet: string | number;
}

/** A packet in the `--packets` input form: the keys formatPacketJson writes. */
export type TracePacketJson = Readonly<Record<string, string | number | readonly string[]>>;

export interface TraceBranchJson {
  readonly assumptions: readonly TraceUnknownJson[];
  readonly outcome: Outcome;
  readonly hits: readonly TraceHitJson[];
  readonly policies: readonly TracePolicyJson[];
  readonly final: TraceFinalJson;
  readonly reply?: TracePacketJson;
}

export interface TraceJson {
  readonly id: string | number;
  readonly outcome: Outcome;
  readonly hits: readonly TraceHitJson[];
  readonly policies: readonly TracePolicyJson[];
  readonly final: TraceFinalJson;
  readonly reply?: TracePacketJson;
  readonly unknowns: readonly TraceUnknownJson[];
  readonly branches?: readonly TraceBranchJson[];
  readonly truncated?: true;
}

const hitJson = (h: Hit): TraceHitJson => ({ table: h.table, chain: h.chain, rule: h.rule, line: h.line, target: h.target });

const policyJson = (p: PolicyHit): TracePolicyJson => ({ table: p.table, chain: p.chain, policy: p.policy });

/** ids of the packets of a session, in the order they were sent (the traced packet last). */
type SessionIds = readonly (string | number)[];

const unknownJson = (u: UnknownPoint, ids: SessionIds): TraceUnknownJson => ({
  table: u.table, chain: u.chain, rule: u.rule, line: u.line, module: u.module, reason: u.reason, assumed: u.assumed,
  packet: ids[u.packetIndex] ?? ids[ids.length - 1]!,
});

/** The protocol as the packet input takes it: a name where it has one, else the number. */
function protoJson(p: Packet): string | number {
  const name = FIELD_CODECS.proto.format(p.proto, p.family);
  return /^\d+$/.test(name) ? p.proto : name;
}

/** `final`: the packet as it left (or was delivered, or dropped) and the device it left by. */
export function finalJson(p: Packet, oif: string | null): TraceFinalJson {
  return {
    src: formatAddr(p.family, p.srcAddr),
    dst: formatAddr(p.family, p.dstAddr),
    sport: isPresent('srcPort', p) ? p.srcPort : null,
    dport: isPresent('dstPort', p) ? p.dstPort : null,
    proto: protoJson(p),
    iif: isPresent('inIface', p) && p.inIface !== '' ? p.inIface : null,
    oif,
    mark: p.mark,
    ttl: p.ttl,
  };
}

/** The REJECT reply as a `--packets` line's object. */
export function replyJson(r: Reply): TracePacketJson {
  return JSON.parse(formatPacketJson(r.packet)) as TracePacketJson;
}

function branchJson(f: Fate, ids: SessionIds): TraceBranchJson {
  return {
    assumptions: f.assumptions.map((u) => unknownJson(u, ids)),
    outcome: f.outcome,
    hits: f.hits.map(hitJson),
    policies: f.policies.map(policyJson),
    final: finalJson(f.final, f.oif),
    ...(f.reply ? { reply: replyJson(f.reply) } : {}),
  };
}

/**
 * The contract object of one packet (see the file header). `session`: the
 * ids of the packets of its conntrack session in the order they were sent,
 * itself last (default: the packet alone), for the unknowns' `packet`.
 */
export function traceJson(id: string | number, r: SimResult, session: SessionIds = [id]): TraceJson {
  const f = r.fate;
  return {
    id,
    outcome: r.outcome,
    hits: f.hits.map(hitJson),
    policies: f.policies.map(policyJson),
    final: finalJson(f.final, f.oif),
    ...(f.reply ? { reply: replyJson(f.reply) } : {}),
    unknowns: f.assumptions.map((u) => unknownJson(u, session)),
    ...(r.branches.length > 1 ? { branches: r.branches.map((b) => branchJson(b, session)) } : {}),
    ...(r.truncated ? { truncated: true as const } : {}),
  };
}

/** One JSON Lines line (without the newline). */
export function renderTraceJson(id: string | number, r: SimResult, session: SessionIds = [id]): string {
  return JSON.stringify(traceJson(id, r, session));
}
