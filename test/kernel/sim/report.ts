/**
 * What a mismatch prints, and the agreement figures of a suite.
 *
 * A mismatch is a reproducer: the ruleset, fw's host file and the packets
 * as trace JSON Lines are written to a directory, so
 *   nfverify trace rules --host host.json --packets case.jsonl --format json
 * replays the simulator's side; the message also carries the simulator's
 * answer, the kernel's, what differs, and the fast-check seed and path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host, SimResult } from '../../../src/sim/index.js';
import { formatHost } from '../../../src/sim/host/serialize.js';
import { renderTraceJson } from '../../../src/report/trace-json.js';
import type { Backend } from '../harness/iptables.js';
import type { Comparison } from './compare.js';
import type { FwPlan } from './fw-topology.js';
import type { KernelObservation } from './kernel-run.js';
import { sessionJsonl, type Session } from './trace-packet.js';

export interface MismatchInfo {
  readonly name: string;
  readonly backend: Backend;
  readonly family: string;
  readonly rules: string;
  /** A corpus file the rules came from (printed instead of a long ruleset). */
  readonly rulesFile?: string;
  readonly host: Host;
  /** fw's plan (interface names, addresses, routes): replay.ts rebuilds the same topology from it. */
  readonly plan: FwPlan;
  readonly session: Session;
  readonly sim: SimResult | null;
  readonly simError?: string;
  readonly kernel: KernelObservation;
  readonly comparison: Comparison | null;
  /** fast-check seed and path, when the case came from a property. */
  readonly seed?: string;
}

const MAX_INLINE_RULE_LINES = 120;
let counter = 0;

function kernelText(k: KernelObservation): string {
  const hits = k.hits.map((h) => `    ${h}  ${k.texts.get(h) ?? ''}`).join('\n');
  const final = k.final ? JSON.stringify(k.final) : 'null';
  const seen = k.arrivals
    .filter((a) => a.matched || a.kind === 'local' || a.host !== 'fw')
    .map((a) => `    ${a.host}/${a.kind}${a.iface ? ` ${a.iface}` : ''}: ${a.src} -> ${a.dst} proto ${a.proto}${a.sport !== undefined ? ` ${a.sport}->${a.dport}` : ''}${a.tcp_flags !== undefined ? ` [${a.tcp_flags}]` : ''}${a.icmp_type !== undefined ? ` icmp ${a.icmp_type}/${a.icmp_code}` : ''} ttl ${a.ttl}${a.matched ? ' (ours)' : ''}`)
    .join('\n');
  return [
    `  outcome: ${k.outcome}`,
    `  hits:\n${hits || '    (none)'}`,
    `  policies: ${k.policies.join(', ') || '(none)'}`,
    `  final: ${final}`,
    `  reply: ${k.reply ? JSON.stringify(k.reply) : 'null'}`,
    `  fw answered on its own (OUTPUT/POSTROUTING counters compared one way): ${k.responded}`,
    ...(k.sendError !== undefined ? [`  sendto refused the packet: ${k.sendError}`] : []),
    `  seen after the last packet:\n${seen || '    (nothing)'}`,
  ].join('\n');
}

/** Writes the reproducer files and returns the report text. */
export function mismatchReport(m: MismatchInfo): string {
  const dir = join(tmpdir(), 'nfv-kernel-diff', `${process.pid}-${++counter}-${m.name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60)}`);
  mkdirSync(dir, { recursive: true });
  const jsonl = sessionJsonl(m.session);
  // `rules6` for IPv6, so the family is known without the file's header (replay.ts reads either).
  const rulesName = m.family === 'ipv6' ? 'rules6' : 'rules';
  writeFileSync(join(dir, rulesName), m.rules);
  writeFileSync(join(dir, 'host.json'), formatHost(m.host, 'json'));
  writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(m.plan)}\n`);
  writeFileSync(join(dir, 'case.jsonl'), jsonl);
  const ruleLines = m.rules.split('\n');
  const rulesShown =
    ruleLines.length <= MAX_INLINE_RULE_LINES ? m.rules : `(${ruleLines.length} lines${m.rulesFile ? ` from ${m.rulesFile}` : ''}: see ${join(dir, rulesName)})\n`;
  const ids = m.session.map((_, i) => `p${i + 1}`);
  const simText = m.sim ? renderTraceJson(ids[ids.length - 1]!, m.sim, ids) : `(the simulator threw: ${m.simError})`;
  const diffs = m.comparison
    ? m.comparison.branches.map((b) => `  branch ${b.branch}:\n${b.diffs.map((d) => `    - ${d}`).join('\n')}`).join('\n')
    : '';
  return [
    `kernel-differential MISMATCH: ${m.name} (${m.backend}, ${m.family})`,
    m.seed ? `fast-check: ${m.seed}` : '',
    `reproduce: nfverify trace ${join(dir, rulesName)}${m.family === 'ipv6' ? ' -6' : ''} --host ${join(dir, 'host.json')} --packets ${join(dir, 'case.jsonl')} --format json`,
    `replay in the kernel: npx tsx test/kernel/sim/replay.ts ${dir} ${m.backend}`,
    '--- ruleset',
    rulesShown.trimEnd(),
    '--- packets (case.jsonl; the last line is the one compared)',
    jsonl.trimEnd(),
    '--- simulator',
    simText,
    '--- kernel',
    kernelText(m.kernel),
    '--- differences',
    diffs,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** Agreement figures per backend and family. */
export class Agreement {
  private readonly rows = new Map<string, { cases: number; agree: number; mismatch: number; inconclusive: number; unknown: number }>();

  private row(backend: Backend, family: string) {
    const key = `${backend} ${family}`;
    let r = this.rows.get(key);
    if (!r) this.rows.set(key, (r = { cases: 0, agree: 0, mismatch: 0, inconclusive: 0, unknown: 0 }));
    return r;
  }

  record(backend: Backend, family: string, result: 'agree' | 'mismatch' | 'inconclusive', simUnknown = false): void {
    const r = this.row(backend, family);
    r.cases++;
    r[result]++;
    if (simUnknown) r.unknown++;
  }

  get total(): { cases: number; mismatch: number } {
    let cases = 0;
    let mismatch = 0;
    for (const r of this.rows.values()) {
      cases += r.cases;
      mismatch += r.mismatch;
    }
    return { cases, mismatch };
  }

  /** One line per backend/family, for the suite's closing output. */
  summary(suite: string): string {
    const lines = [...this.rows.entries()]
      .sort()
      .map(([k, r]) => `  ${k}: ${r.cases} cases, ${r.agree} agree, ${r.mismatch} mismatches, ${r.inconclusive} inconclusive (fw's TCP stack answered an earlier packet), ${r.unknown} with simulator branches`);
    const t = this.total;
    return [`kernel-differential agreement [${suite}]: ${t.cases} cases, ${t.mismatch} mismatches`, ...lines].join('\n');
  }
}
