/**
 * `nfverify trace` text output: the walk of one packet, one line per event,
 * read like `nft monitor trace`. Every line starts with `trace ID` (inside a
 * branch of unknown decisions `trace ID [B/N]`), so a batch can be grepped
 * per packet:
 *
 *   trace 1 packet tcp 10.0.0.1:40000 -> 192.168.1.5:80 in eth0 flags S
 *   trace 1 PREROUTING conntrack NEW: new connection
 *   trace 1 PREROUTING nat PREROUTING rule 1 (line 12) -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER verdict jump DOCKER
 *   trace 1 PREROUTING nat DOCKER rule 2 (line 20) -A DOCKER ... -j DNAT --to-destination 172.17.0.2:80 verdict accept → tcp 10.0.0.1:40000 -> 172.17.0.2:80
 *   trace 1 route unicast dev docker0 table main: forward (forwarded to docker0)
 *   trace 1 FORWARD filter FORWARD policy DROP
 *   trace 1 outcome dropped: tcp 10.0.0.1:40000 -> 172.17.0.2:80 in eth0 mark 0x0 ttl 63
 *
 * Rule lines: hook, table, chain, the kernel's rule number, the source line,
 * the rule as iptables-save prints it (when the caller passes `ruleText`),
 * the verdict, and `→ packet` when the rule rewrote the packet (NAT, MARK,
 * TTL, TOS...: the addresses and ports, then every other field that
 * changed). NAT done by conntrack (later packets of a connection, de-NAT of
 * replies) shows the packet before → after. The last line is the outcome
 * and the final packet (its input and output devices, mark and TTL, as
 * `final` in the JSON form); with unknown decisions each branch is printed
 * with what it assumed, then the common outcome.
 */
import { match } from 'ts-pattern';
import { formatAddr } from '../ir/addr-format.js';
import type { RuleId } from '../ir/ids.js';
import { FIELD_CODECS } from '../ir/packet/field-codecs.js';
import type { FieldName } from '../ir/packet/fields.js';
import { FIELD_NAMES } from '../ir/packet/fields.js';
import { formatPacketText } from '../ir/packet/format-packet.js';
import type { FieldValue, Packet } from '../ir/packet/packet.js';
import { isPresent } from '../ir/packet/packet.js';
import type { Fate, Hit, SimResult, Step, UnknownPoint } from '../sim/engine/result.js';
import type { RouteDecision } from '../sim/host/decision.js';

export interface TraceTextOptions {
  /** The packet's id: every line starts with `trace ID`. */
  readonly id: string | number;
  /** The packet as sent (the last of its session): the first line shows it. */
  readonly packet: Packet;
  /** ids of the packets sent before it in its conntrack session (`after`), in order. */
  readonly after?: readonly (string | number)[];
  /**
   * The rule as iptables-save prints it (`-A CHAIN ...`). The report layer
   * does not import the parser, so the caller passes its printer (the CLI:
   * printRule over the ruleset). Without it, rules show by number and line.
   */
  readonly ruleText?: (id: RuleId) => string | null;
}

/**
 * Fields a rewrite does not list: the endpoints (packetBrief shows them),
 * the devices (each hook has its own, and the line names the hook) and the
 * conntrack state, status and direction (the conntrack lines show them).
 * What is left is what targets change: mark, ctmark, ttl, tos...
 */
const NOT_LISTED: ReadonlySet<FieldName> = new Set([
  'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'proto', 'icmpType', 'icmpCode',
  'inIface', 'outIface', 'physInIface', 'physOutIface', 'origin', 'ctState', 'ctStatus', 'ctDirection',
]);

function endpoint(p: Packet, side: 'src' | 'dst'): string {
  const a = formatAddr(p.family, side === 'src' ? p.srcAddr : p.dstAddr);
  const port = side === 'src' ? 'srcPort' : 'dstPort';
  if (!isPresent(port, p)) return a;
  return p.family === 'ipv6' ? `[${a}]:${p[port]}` : `${a}:${p[port]}`;
}

/**
 * `tcp 10.0.0.1:40000 -> 172.17.0.2:80`: the protocol and both endpoints, as
 * the packet text form writes them; ICMP adds its type and code (what its
 * "ports" are).
 */
export function packetBrief(p: Packet): string {
  const base = `${FIELD_CODECS.proto.format(p.proto, p.family)} ${endpoint(p, 'src')} -> ${endpoint(p, 'dst')}`;
  return isPresent('icmpType', p) ? `${base} type ${p.icmpType} code ${p.icmpCode}` : base;
}

function fieldText<F extends FieldName>(f: F, p: Packet): string {
  return FIELD_CODECS[f].format(p[f] as FieldValue<F>, p.family);
}

/** `mark 0x1 ttl 63`: every field of `next` (besides the endpoints) that `prev` does not have or has with another value. */
function changedFields(prev: Packet, next: Packet): string[] {
  const out: string[] = [];
  for (const f of FIELD_NAMES) {
    const kw = FIELD_CODECS[f].text;
    if (kw === null || NOT_LISTED.has(f) || !isPresent(f, next)) continue;
    if (isPresent(f, prev) && prev[f] === next[f]) continue;
    out.push(`${kw} ${fieldText(f, next)}`);
  }
  return out;
}

/** `→ after` when the packet changed, '' when it did not. */
function rewrite(prev: Packet, next: Packet): string {
  const brief = packetBrief(next);
  const changed = changedFields(prev, next);
  if (brief === packetBrief(prev) && changed.length === 0) return '';
  return ` → ${[brief, ...changed].join(' ')}`;
}

/** The final packet as the JSON `final` has it: endpoints, devices, mark, TTL. */
function finalText(f: Fate): string {
  const p = f.final;
  const parts = [packetBrief(p)];
  if (isPresent('inIface', p) && p.inIface !== '') parts.push('in', p.inIface);
  if (f.oif !== null) parts.push('out', f.oif);
  parts.push('mark', fieldText('mark', p), 'ttl', String(p.ttl));
  return parts.join(' ');
}

/** `HOOK table chain rule N (line L)`; a test of conntrack itself (rule 0, UnknownPoint) is `HOOK conntrack`. */
function where(h: Pick<Hit, 'hook' | 'table' | 'chain' | 'rule' | 'line'>): string {
  if (h.rule === 0) return `${h.hook} ${h.chain}`;
  return `${h.hook} ${h.table} ${h.chain} rule ${h.rule} (line ${h.line})`;
}

const TABLE_NAMES: Readonly<Record<number, string>> = { 255: 'local', 254: 'main', 253: 'default' };

/** `route unicast via 203.0.113.1 dev eth0 table main: forward (reason); note`, like `ip route get`. */
function routeText(d: RouteDecision, note: string, family: Packet['family']): string {
  const parts: string[] = [d.kind];
  if (d.via !== null) parts.push('via', formatAddr(family, d.via));
  if (d.dev !== null) parts.push('dev', d.dev);
  if (d.table !== null) parts.push('table', TABLE_NAMES[d.table] ?? String(d.table));
  const head = parts.join(' ');
  const tail = note === '' ? '' : `; ${note}`;
  return `route ${head}: ${d.verdict} (${d.reason}${d.error ? `, ${d.error}` : ''})${tail}`;
}

/** One assumption of a branch; one taken for an earlier packet of the session names it. */
function assumption(u: UnknownPoint, after: readonly (string | number)[]): string {
  const at = u.rule === 0 ? `${u.chain}, ${u.hook}` : `${u.table} ${u.chain} rule ${u.rule}, line ${u.line}`;
  const earlier = u.packetIndex < after.length ? ` for packet ${JSON.stringify(after[u.packetIndex])}` : '';
  return `${u.module} (${at})${earlier} ${u.assumed ? 'matches' : 'does not match'}`;
}

/** The lines of one walk: its steps, the reply, the outcome. */
function fateLines(f: Fate, start: Packet, prefix: string, o: TraceTextOptions): string[] {
  const out: string[] = [];
  let current = start;
  for (const step of f.steps) {
    const line = match<Step, string>(step)
      .with({ kind: 'rule' }, (s) => {
        const text = o.ruleText?.(s.hit.ruleId) ?? null;
        const changed = s.packet ? rewrite(current, s.packet) : '';
        if (s.packet) current = s.packet;
        return `${where(s.hit)}${text ? ` ${text}` : ''} verdict ${s.verdict === '' ? 'continue' : s.verdict}${changed}`;
      })
      .with({ kind: 'policy' }, (s) => `${s.policy.hook} ${s.policy.table} ${s.policy.chain} policy ${s.policy.policy}`)
      // The note may already start with the state ("NEW: entry #1 created"): say it once.
      .with({ kind: 'conntrack' }, (s) => `${s.hook} conntrack ${s.note === '' ? s.state : s.note.startsWith(s.state) ? s.note : `${s.state}: ${s.note}`}`)
      .with({ kind: 'route' }, (s) => routeText(s.decision, s.note, current.family))
      .with({ kind: 'nat' }, (s) => {
        const before = [packetBrief(current), ...changedFields(s.packet, current)].join(' ');
        const changed = rewrite(current, s.packet) || ' → (unchanged)';
        current = s.packet;
        return `${s.hook} nat rewrite${s.note === '' ? '' : ` (${s.note})`}: ${before}${changed}`;
      })
      .with({ kind: 'unknown' }, (s) => `${where(s.point)} unknown: depends on ${s.point.module}: ${s.point.reason}; this walk assumes it ${s.point.assumed ? 'matches' : 'does not match'}`)
      .with({ kind: 'drop' }, (s) => `${s.hook === null ? '' : `${s.hook} `}drop: ${s.reason}`)
      .with({ kind: 'note' }, (s) => `note: ${s.text}`)
      .exhaustive();
    out.push(`${prefix} ${line}`);
  }
  if (f.reply) {
    out.push(`${prefix} reply ${f.reply.with}: ${formatPacketText(f.reply.packet)}`);
    // The reply's own way out through OUTPUT and POSTROUTING (its counters, not this packet's).
    const t = f.reply.traversal;
    if (t) {
      const hits = t.hits.map((h) => `${h.table} ${h.chain} rule ${h.rule} (line ${h.line})`);
      const policies = t.policies.map((p) => `${p.table} ${p.chain} ${p.policy}`);
      const parts = [hits.length > 0 ? `hits ${hits.join(', ')}` : 'no rule hit', ...(policies.length > 0 ? [`policies ${policies.join(', ')}`] : [])];
      out.push(`${prefix} reply ${t.outcome}: ${parts.join('; ')}`);
    }
  }
  out.push(`${prefix} outcome ${f.outcome}: ${finalText(f)}`);
  return out;
}

/** The text trace of one packet; lines end with "\n". */
export function renderTraceText(r: SimResult, o: TraceTextOptions): string {
  const head = `trace ${o.id}`;
  const lines = [`${head} packet ${formatPacketText(o.packet)}`];
  if (o.after && o.after.length > 0) {
    lines.push(`${head} after ${o.after.map((a) => JSON.stringify(a)).join(', ')} (sent first, in the same conntrack session)`);
  }
  if (r.branches.length <= 1) {
    lines.push(...fateLines(r.fate, o.packet, head, o));
    return `${lines.join('\n')}\n`;
  }
  const n = r.branches.length;
  lines.push(`${head} ${n} branches: the walk depends on tests nfverify cannot decide`);
  r.branches.forEach((b, i) => {
    const tag = `${head} [${i + 1}/${n}]`;
    lines.push(`${tag} assumes ${b.assumptions.length === 0 ? 'nothing' : b.assumptions.map((u) => assumption(u, o.after ?? [])).join(', ')}`);
    lines.push(...fateLines(b, o.packet, tag, o));
  });
  // Which branches end how: "delivered in 1, 3; rejected in 2".
  const by = new Map<string, number[]>();
  r.branches.forEach((b, i) => by.set(b.outcome, [...(by.get(b.outcome) ?? []), i + 1]));
  const outcomes = [...by].map(([outcome, bs]) => `${outcome} in ${bs.length === n ? (n === 2 ? 'both branches' : `all ${n} branches`) : `${bs.length === 1 ? 'branch' : 'branches'} ${bs.join(', ')}`}`).join('; ');
  const more = r.truncated ? `; more than ${n} branches, the rest were not explored` : '';
  lines.push(`${head} outcome ${r.outcome}: ${outcomes}${more}`);
  return `${lines.join('\n')}\n`;
}
