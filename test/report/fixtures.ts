/**
 * Hand-built simulation results for the trace report tests: shaped like the
 * simulator's (src/sim/engine/result.ts), on real rulesets so rule ids, lines
 * and rule texts are the parser's. They test the formats, not the simulator.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RuleId } from '../../src/ir/ids.js';
import type { Hook, Policy, TableName } from '../../src/ir/names.js';
import type { Packet } from '../../src/ir/packet/packet.js';
import { parsePacketText } from '../../src/ir/packet/parse-packet.js';
import type { Ruleset } from '../../src/ir/ruleset.js';
import { parseRuleset, printRule } from '../../src/parser/index.js';
import type { Fate, Hit, Outcome, PolicyHit, SimResult, Step, UnknownPoint } from '../../src/sim/engine/result.js';
import type { RouteDecision } from '../../src/sim/host/decision.js';

export const DOCKER: Ruleset = parseRuleset(readFileSync(resolve(import.meta.dirname, '../../examples/docker-host.rules'), 'utf8'), { file: 'docker-host.rules' }).value;

/** Lines 5, 6, 7: a limited SSH accept, a TCP reset for the rest of TCP, a drop. */
export const SMALL: Ruleset = parseRuleset(
  [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -p tcp -m tcp --dport 22 -m limit --limit 3/min -j ACCEPT',
    '-A INPUT -p tcp -j REJECT --reject-with tcp-reset',
    '-A INPUT -j DROP',
    'COMMIT',
    '',
  ].join('\n'),
  { file: 'small.rules' },
).value;

/** The parser's printer as the CLI passes it to the text report. */
export function ruleTextOf(rs: Ruleset): (id: RuleId) => string | null {
  const byId = new Map(rs.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => [r.id, r] as const))));
  return (id) => {
    const r = byId.get(id);
    return r ? printRule(r, rs) : null;
  };
}

export function pkt(text: string, family?: 'ipv4' | 'ipv6'): Packet {
  const r = parsePacketText(text, { defaults: { inIface: 'eth0' }, ...(family ? { family } : {}) });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.request.packet;
}

/** A hit on the rule `table/chain#rule` of `rs`: its line and target from the IR. */
export function hit(rs: Ruleset, hook: Hook, table: TableName, chain: string, rule: number, target: string): Hit {
  const r = rs.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules[rule - 1];
  if (!r) throw new Error(`no rule ${table}/${chain}#${rule}`);
  return { hook, table, chain, rule, line: r.span.line, ruleId: r.id, target };
}

export const ruleStep = (h: Hit, verdict: string, packet: Packet | null = null): Step => ({ kind: 'rule', hit: h, verdict, packet });

export function policy(hook: Hook, table: TableName, chain: string, p: Policy): PolicyHit {
  return { hook, table, chain, policy: p };
}

export function route(kind: RouteDecision['kind'], verdict: RouteDecision['verdict'], dev: string | null, reason: string): RouteDecision {
  return {
    kind, verdict, cause: 'route', error: null, reason, dev, via: null, src: null, masqSrc: null,
    table: kind === 'local' ? 255 : 254, route: null, rule: null, nexthops: [],
  };
}

export function unknownPoint(rs: Ruleset, h: Hook, table: TableName, chain: string, rule: number, module: string, reason: string, assumed: boolean, packetIndex = 0): UnknownPoint {
  const x = hit(rs, h, table, chain, rule, '');
  return { hook: h, table, chain, rule, line: x.line, module, reason, assumed, packetIndex };
}

export function fate(outcome: Outcome, final: Packet, parts: Partial<Omit<Fate, 'outcome' | 'final'>> = {}): Fate {
  const hits = parts.hits ?? (parts.steps ?? []).flatMap((s) => (s.kind === 'rule' ? [s.hit] : []));
  const policies = parts.policies ?? (parts.steps ?? []).flatMap((s) => (s.kind === 'policy' ? [s.policy] : []));
  return { outcome, final, oif: null, reply: null, assumptions: [], steps: [], ...parts, hits, policies };
}

export function result(branches: readonly Fate[], truncated = false): SimResult {
  const outcomes = new Set(branches.map((b) => b.outcome));
  return { outcome: outcomes.size === 1 && !truncated ? branches[0]!.outcome : 'unknown', fate: branches[0]!, branches, truncated };
}

// --- the scenarios ---

/** A published Docker port: DNAT in nat PREROUTING, forwarded to the container (docker-host.rules). */
export const DNAT_IN = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags S');
const DNAT_AFTER = { ...DNAT_IN, dstAddr: 0xac110002n, dstPort: 80 };
const DNAT_FWD = { ...DNAT_AFTER, ttl: 63 };
export const DOCKER_FORWARD: SimResult = result([
  fate('forwarded', { ...DNAT_FWD, outIface: 'docker0' }, {
    oif: 'docker0',
    steps: [
      { kind: 'conntrack', hook: 'PREROUTING', state: 'NEW', note: 'NEW: entry #1 created (unconfirmed)' },
      ruleStep(hit(DOCKER, 'PREROUTING', 'nat', 'PREROUTING', 1, 'DOCKER'), 'jump DOCKER'),
      ruleStep(hit(DOCKER, 'PREROUTING', 'nat', 'DOCKER', 2, 'DNAT'), 'accept', DNAT_AFTER),
      { kind: 'route', decision: route('unicast', 'forward', 'docker0', 'forwarded to docker0 (table 254)'), note: 'input routing decision' },
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'FORWARD', 1, 'DOCKER-USER'), 'jump DOCKER-USER', DNAT_FWD),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER-USER', 1, 'RETURN'), 'return'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'FORWARD', 2, 'DOCKER-ISOLATION-STAGE-1'), 'jump DOCKER-ISOLATION-STAGE-1'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER-ISOLATION-STAGE-1', 2, 'RETURN'), 'return'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'FORWARD', 4, 'DOCKER'), 'jump DOCKER'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER', 1, 'ACCEPT'), 'accept'),
      { kind: 'policy', policy: policy('POSTROUTING', 'nat', 'POSTROUTING', 'ACCEPT') },
    ],
  }),
]);

/** The container's reply, de-NATed by conntrack (no nat rule runs for it). */
export const REPLY_IN = pkt('tcp 172.17.0.2:80 -> 198.51.100.7:40000 in docker0 flags SA');
export const DOCKER_REPLY: SimResult = result([
  fate('forwarded', { ...REPLY_IN, srcAddr: 0xcb007105n, srcPort: 8080, ttl: 63, outIface: 'eth0' }, {
    oif: 'eth0',
    steps: [
      { kind: 'conntrack', hook: 'PREROUTING', state: 'ESTABLISHED', note: 'reply of connection #1' },
      { kind: 'route', decision: { ...route('unicast', 'forward', 'eth0', 'forwarded to 203.0.113.1 via eth0 (table 254)'), via: 0xcb007101n }, note: 'input routing decision' },
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'FORWARD', 1, 'DOCKER-USER'), 'jump DOCKER-USER', { ...REPLY_IN, ttl: 63 }),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER-USER', 1, 'RETURN'), 'return'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'FORWARD', 2, 'DOCKER-ISOLATION-STAGE-1'), 'jump DOCKER-ISOLATION-STAGE-1'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER-ISOLATION-STAGE-1', 1, 'DOCKER-ISOLATION-STAGE-2'), 'jump DOCKER-ISOLATION-STAGE-2'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER-ISOLATION-STAGE-2', 2, 'RETURN'), 'return'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'DOCKER-ISOLATION-STAGE-1', 2, 'RETURN'), 'return'),
      ruleStep(hit(DOCKER, 'FORWARD', 'filter', 'FORWARD', 5, 'ACCEPT'), 'accept'),
      { kind: 'nat', hook: 'POSTROUTING', note: 'source rewritten by connection #1', packet: { ...REPLY_IN, srcAddr: 0xcb007105n, srcPort: 8080, ttl: 63 } },
    ],
  }),
]);

/** A TCP packet to a closed port of small.rules: REJECT --reject-with tcp-reset. */
export const TELNET = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:23 in eth0 flags S');
export const RESET = pkt('tcp 203.0.113.5:23 -> 198.51.100.7:40000 local flags RA ttl 64');
export const REJECTED: SimResult = result([
  fate('rejected', TELNET, {
    reply: { with: 'tcp-reset', packet: RESET, traversal: { outcome: 'sent', hits: [], policies: [policy('OUTPUT', 'filter', 'OUTPUT', 'ACCEPT')] } },
    steps: [
      { kind: 'route', decision: route('local', 'input', 'lo', 'local address of this host (table 255)'), note: 'input routing decision' },
      ruleStep(hit(SMALL, 'INPUT', 'filter', 'INPUT', 2, 'REJECT'), 'drop'),
    ],
  }),
]);

/** SSH to small.rules: the limit match is unknown, so two branches. */
export const SSH = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 flags S');
const LIMIT = (assumed: boolean, packetIndex = 0): UnknownPoint =>
  unknownPoint(SMALL, 'INPUT', 'filter', 'INPUT', 1, 'limit', 'the token bucket depends on earlier packets', assumed, packetIndex);
const routeLocal: Step = { kind: 'route', decision: route('local', 'input', 'lo', 'local address of this host (table 255)'), note: 'input routing decision' };
export const UNKNOWN_SSH: SimResult = result([
  fate('delivered', SSH, {
    assumptions: [LIMIT(true)],
    steps: [routeLocal, { kind: 'unknown', point: LIMIT(true) }, ruleStep(hit(SMALL, 'INPUT', 'filter', 'INPUT', 1, 'ACCEPT'), 'accept')],
  }),
  fate('rejected', SSH, {
    assumptions: [LIMIT(false)],
    reply: { with: 'tcp-reset', packet: pkt('tcp 203.0.113.5:22 -> 198.51.100.7:40000 local flags RA') },
    steps: [routeLocal, { kind: 'unknown', point: LIMIT(false) }, ruleStep(hit(SMALL, 'INPUT', 'filter', 'INPUT', 2, 'REJECT'), 'drop')],
  }),
]);

/** The same unknown, met by the first packet of a two-packet session (after: ["syn"]). */
export const UNKNOWN_EARLIER: SimResult = result(
  [
    fate('delivered', SSH, { assumptions: [LIMIT(true, 0)], steps: [routeLocal, ruleStep(hit(SMALL, 'INPUT', 'filter', 'INPUT', 1, 'ACCEPT'), 'accept')] }),
    fate('delivered', SSH, { assumptions: [LIMIT(false, 0)], steps: [routeLocal, ruleStep(hit(SMALL, 'INPUT', 'filter', 'INPUT', 1, 'ACCEPT'), 'accept')] }),
  ],
  true,
);

/** A locally sent IPv6 ICMP echo: no ports, no input device. */
export const PING6 = pkt('icmp 2001:db8::5 -> 2001:db8:1::7 local', 'ipv6');
export const SENT6: SimResult = result([
  fate('sent', { ...PING6, outIface: 'eth0' }, {
    oif: 'eth0',
    steps: [
      { kind: 'route', decision: route('unicast', 'output', 'eth0', 'sent through eth0 (table 254)'), note: 'output routing decision' },
      { kind: 'policy', policy: policy('OUTPUT', 'filter', 'OUTPUT', 'ACCEPT') },
    ],
  }),
]);

/** Dropped by a martian source check after PREROUTING, and a note. */
export const MARTIAN = pkt('udp 127.0.0.1:53 -> 203.0.113.5:53 in eth0 mark 0x1');
export const DROPPED_MARTIAN: SimResult = result([
  fate('dropped', MARTIAN, {
    steps: [
      { kind: 'note', text: 'conntrack is off: no rule uses it' },
      { kind: 'route', decision: { ...route('martian', 'drop', null, 'martian source 127.0.0.1 from eth0'), cause: 'martian-source', table: null, error: 'EINVAL' }, note: 'input routing decision' },
      { kind: 'drop', hook: null, reason: 'martian source 127.0.0.1 from eth0' },
    ],
  }),
]);
