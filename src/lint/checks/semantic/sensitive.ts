/**
 * NFV4209 sensitive-port-open: with INPUT dropping by default, a sensitive
 * TCP port of this host (SSH, databases, the Docker API...) that accepts new
 * connections from every source address. Every packet arriving on the
 * host's devices for these ports runs through the whole pipeline; for each
 * port, the sources whose SYN is delivered are compared with all sources.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import { IP_PROTOCOLS } from '../../../ir/packet/fields.js';
import type { Rule } from '../../../ir/ruleset.js';
import { BddBudgetError } from '../../../verify/bdd/index.js';
import { origOf } from '../../../verify/engine/part.js';
import { runPipeline } from '../../../verify/engine/pipeline.js';
import { everyPacket } from '../../../verify/questions/space-of.js';
import type { FileCheck, LintFile } from '../../types.js';
import { modelOf } from './facts.js';
import { ruledPackets, sourcesOf } from './sources.js';

/** Ports whose services are meant for a few clients, not the whole Internet. */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  22: 'SSH', 23: 'telnet', 445: 'SMB', 2375: 'Docker API (plain)', 2376: 'Docker API', 3306: 'MySQL', 3389: 'RDP', 5432: 'PostgreSQL',
  5900: 'VNC', 5984: 'CouchDB', 6379: 'Redis', 9200: 'Elasticsearch', 11211: 'memcached', 27017: 'MongoDB',
};

export const sensitivePortCheck: FileCheck = {
  id: 'sensitive-ports',
  codes: ['SensitivePortOpen'],
  cost: 'slow',
  run(f: LintFile): Diagnostic[] {
    const input = f.ruleset.tables.find((t) => t.name === 'filter')?.chains.find((c) => c.name === 'INPUT');
    if (input?.policy !== 'DROP') return [];
    const m = modelOf(f);
    const s = m.space;
    const b = s.bdd;
    const ifaces = m.host.interfaces.filter((i) => !i.loopback).map((i) => i.name);
    const ports = Object.keys(SENSITIVE_PORTS).map(Number);
    const q = b.andAll([
      everyPacket(s, ifaces, { kind: 'natural' }), s.eq('origin', 'remote'), s.eq('proto', IP_PROTOCOLS.TCP), s.eq('tcpFlags', 0x02), s.eq('fragment', 'none'),
      b.orAll(ports.map((p) => s.eq('dstPort', p))),
    ]);
    let fates;
    try {
      fates = runPipeline(m, q, { kind: 'natural' });
    } catch (e) {
      if (e instanceof BddBudgetError) return [diag('SemanticSkipped', `the sensitive-port check was skipped: ${e.message}`, input.span ?? undefined)];
      throw e;
    }
    const ruled = ruledPackets(s, fates);
    const out: Diagnostic[] = [];
    for (const port of ports) {
      const here = s.eq('dstPort', port);
      const allSources = sourcesOf(s, b.and(ruled, here));
      // Certain deliveries only: a path that depends on an unknown does not count.
      const delivered = fates.filter((x) => x.outcome === 'delivered' && x.part.unknowns.length === 0).map((x) => ({ set: b.and(origOf(s, x.part), here), rules: x.part.rules }));
      const sets = delivered.filter((x) => x.set !== 0);
      if (sets.length === 0) continue;
      const from = sourcesOf(s, b.orAll(sets.map((x) => x.set)));
      if (!b.implies(allSources, from)) continue;
      // The accepting rule: a filter ACCEPT on these paths that matches packets to this port (merged paths list other rules too).
      const accept = [...new Set(sets.flatMap((x) => x.rules))].filter((r: Rule) => r.table === 'filter' && r.target?.kind === 'accept');
      const r = accept.find((x) => b.intersects(m.rules.rule(x, 'INPUT').any, here)) ?? accept[accept.length - 1];
      const where = r?.span ?? input.span ?? undefined;
      out.push(diag('SensitivePortOpen', `tcp port ${port} (${SENSITIVE_PORTS[port]}) of this host accepts new connections from every source address, while filter/INPUT drops by default`, where, r ? { ruleId: r.id } : {}));
    }
    return out;
  },
};
