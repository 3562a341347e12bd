/**
 * Connection-state hygiene of filter INPUT and FORWARD, on the lint walks
 * (facts.ts: every packet of the given conntrack state, jumps followed,
 * unknowns may go either way):
 * - NFV4205: a chain that drops by default accepts no ESTABLISHED packet;
 * - NFV4206: ESTABLISHED packets are tested against many rules first;
 * - NFV4207: a chain that drops by default and accepts by state (so its
 *   author uses conntrack) accepts some INVALID packets.
 * "Drops by default": the policy is DROP, or a rule decides DROP/REJECT for
 * every packet that reaches it (a final catch-all, also inside a jump).
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Hook } from '../../../ir/names.js';
import type { Chain, Rule, Table } from '../../../ir/ruleset.js';
import type { Bdd } from '../../../verify/bdd/index.js';
import { TRUE } from '../../../verify/bdd/index.js';
import type { FileCheck, LintFile } from '../../types.js';
import type { Facts } from './facts.js';
import { factsOf, walkFrom } from './facts.js';
import { curOf } from '../../../verify/engine/part.js';
import { actionOf, hostDependent } from './verdict.js';

/** Rules tested before the accepting one beyond which NFV4206 speaks. */
export const LATE_AFTER = 25;

interface Walked {
  /** What is accepted (current packets, conntrack state forgotten). */
  readonly acceptSet: Bdd;
  readonly accepted: readonly Rule[];
  /** Rules tested, in order of first test. */
  readonly tested: readonly Rule[];
  readonly acceptedAny: boolean;
  readonly clean: boolean;
}

function walk(facts: Facts, t: Table, c: Chain, set: Bdd): Walked {
  const tested: Rule[] = [];
  const seen = new Set<Rule>();
  const res = walkFrom(facts.env, t, c, c.name as Hook, set, 0, (r) => {
    if (!seen.has(r)) {
      seen.add(r);
      tested.push(r);
    }
  });
  const accepted: Rule[] = [];
  for (const o of res.out) {
    const last = o.p.rules[o.p.rules.length - 1];
    if (o.v === 'accept' && last && !accepted.includes(last)) accepted.push(last);
  }
  const viaPolicy = res.fallThrough.length > 0 && c.policy !== 'DROP';
  const s = facts.model.space;
  const b = s.bdd;
  const parts = [...res.out.filter((o) => o.v === 'accept').map((o) => o.p), ...(viaPolicy ? res.fallThrough : [])];
  const acceptSet = b.exists(b.orAll(parts.map((p) => curOf(s, p))), s.varSet('ctState', 'ctStatus'));
  return { acceptSet, accepted, tested, acceptedAny: accepted.length > 0 || viaPolicy, clean: res.out.every((o) => o.v !== 'unknown') };
}

function dropsByDefault(facts: Facts, c: Chain): boolean {
  if (c.policy === 'DROP') return true;
  const b = facts.model.space.bdd;
  // A catch-all DROP/REJECT reached from this chain (directly or by a jump).
  for (const [r, list] of facts.byRule) {
    if (actionOf(r) !== 'DROP' && actionOf(r) !== 'REJECT') continue;
    if (list.some((x) => x.hook === c.name && x.reach !== 0 && b.implies(x.reach, x.yes))) return true;
  }
  return false;
}

function usesState(f: LintFile): boolean {
  return f.ruleset.tables.some((t) => t.chains.some((c) => c.rules.some((r) => r.matches.some((m) => m.kind === 'state' || m.kind === 'conntrack'))));
}

export const stateCheck: FileCheck = {
  id: 'connection-state',
  codes: ['NoEstablishedAccept', 'LateEstablishedAccept', 'InvalidNotDropped'],
  cost: 'slow',
  run(f: LintFile): Diagnostic[] {
    const t = f.ruleset.tables.find((x) => x.name === 'filter');
    if (!t) return [];
    const facts = factsOf(f);
    const s = facts.model.space;
    const out: Diagnostic[] = [];
    for (const name of ['INPUT', 'FORWARD'] as const) {
      const c = t.chains.find((x) => x.name === name);
      if (!c || !c.span || !facts.chainHooks.has(c) || facts.skipped.some((x) => x.table === 'filter' && x.chain === name)) continue;
      if (!f.hostGiven && t.chains.some((ch) => ch.rules.some(hostDependent))) continue;
      const restrictive = dropsByDefault(facts, c);
      const est = walk(facts, t, c, s.eq('ctState', 'ESTABLISHED'));
      if (!est.clean) continue;
      // Accepting ESTABLISHED packets only where NEW ones are accepted too is no state rule at all.
      const fresh = walk(facts, t, c, s.eq('ctState', 'NEW'));
      if (restrictive && fresh.clean && s.bdd.implies(est.acceptSet, fresh.acceptSet)) {
        // FORWARD that accepts nothing at all is a host that does not forward: no finding.
        if (name === 'INPUT' || walk(facts, t, c, TRUE).acceptedAny) {
          out.push(diag('NoEstablishedAccept', `filter/${name} drops by default and accepts ESTABLISHED packets only where it accepts new connections too: replies to ${name === 'INPUT' ? "this host's own connections" : 'forwarded connections'} are dropped`, c.span));
        }
        continue;
      }
      const first = est.accepted[0];
      if (first) {
        const before = est.tested.indexOf(first);
        if (before >= LATE_AFTER) out.push(diag('LateEstablishedAccept', `packets of ESTABLISHED connections are tested against ${before} rules of filter/${name} before this rule accepts them`, first.span, { ruleId: first.id }));
      }
      if (restrictive && usesState(f)) {
        const inv = walk(facts, t, c, s.eq('ctState', 'INVALID'));
        const r = inv.accepted[0];
        if (inv.clean && r) out.push(diag('InvalidNotDropped', `filter/${name} drops by default and uses connection state, but this rule accepts packets in state INVALID (that belong to no connection)${inv.accepted.length > 1 ? `; so do ${inv.accepted.length - 1} more rules` : ''}`, r.span, { ruleId: r.id }));
      }
    }
    return out;
  },
};
