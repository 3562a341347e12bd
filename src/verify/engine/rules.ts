/**
 * A rule's test on packet sets: the header test and its matches combined
 * the way ipt_do_table runs them (sim/engine/chain.ts ruleMatches): matches
 * in order, the first false ends the test, a hot-drop is only reached when
 * every earlier match passed, and all the rule's unknowns are one decision.
 * Compiled once per (rule, hook) and cached.
 */
import type { Match } from '../../ir/match.js';
import type { ExtensionMatch } from '../../ir/matches/index.js';
import type { Hook } from '../../ir/names.js';
import type { Rule } from '../../ir/ruleset.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Host } from '../../sim/host/host.js';
import type { IpsetStore } from '../../sim/ipset/store.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { SymMatch, SymMatchCompiler, SymMatchEnv } from '../match/contract.js';
import { SYM_MATCH_COMPILERS } from '../match/index.js';
import type { PacketSpace } from '../space/space.js';
import { headerSet } from './header.js';

export interface SymRule {
  /** Certainly matches. */
  readonly yes: Bdd;
  /** Matches if the rule's unknowns hold, else does not. */
  readonly unk: Bdd;
  /** Certainly hot-dropped. */
  readonly drop: Bdd;
  /** Hot-dropped if the rule's unknowns hold, else does not match. */
  readonly unkDrop: Bdd;
  /** Everything above: a packet outside it does not match. */
  readonly any: Bdd;
  readonly unknowns: readonly Unknown[];
}

export interface RuleEnv {
  readonly space: PacketSpace;
  readonly host: Host;
  readonly ipsets: IpsetStore | null;
}

function compileMatch(m: Match, env: SymMatchEnv): SymMatch {
  if (m.kind === 'opaque') {
    return { yes: FALSE, unk: env.space.domain, drop: FALSE, unknown: unknown(m.name, `the match module "${m.name}" is not modelled by nfverify`) };
  }
  const compiler = SYM_MATCH_COMPILERS[m.kind] as SymMatchCompiler<ExtensionMatch['kind']>;
  return compiler(m, env);
}

export class RuleCompiler {
  private readonly cache = new Map<Rule, Map<Hook, SymRule>>();
  constructor(private readonly env: RuleEnv) {}

  rule(r: Rule, hook: Hook): SymRule {
    let byHook = this.cache.get(r);
    if (!byHook) this.cache.set(r, (byHook = new Map()));
    let c = byHook.get(hook);
    if (!c) byHook.set(hook, (c = this.compile(r, hook)));
    return c;
  }

  private compile(r: Rule, hook: Hook): SymRule {
    const { space } = this.env;
    const b = space.bdd;
    const header = headerSet(space, r, space.family);
    if (r.invalid !== null) {
      const u = unknown('rule', `the rule could not be parsed: ${r.invalid}`);
      return { yes: FALSE, unk: header, drop: FALSE, unkDrop: FALSE, any: header, unknowns: [u] };
    }
    const env: SymMatchEnv = { space, family: space.family, host: this.env.host, ipsets: this.env.ipsets, rule: r, hook };
    let y = header;
    let u: Bdd = FALSE;
    let drop: Bdd = FALSE;
    let unkDrop: Bdd = FALSE;
    const unknowns: Unknown[] = [];
    for (const m of r.matches) {
      if (y === FALSE && u === FALSE) break;
      const sm = compileMatch(m, env);
      if (sm.drop !== FALSE) {
        drop = b.or(drop, b.and(y, sm.drop));
        unkDrop = b.or(unkDrop, b.and(u, sm.drop));
      }
      const pass = b.or(sm.yes, sm.unk);
      u = b.or(b.and(y, sm.unk), b.and(u, pass));
      y = b.and(y, sm.yes);
      if (sm.unknown !== null && sm.unk !== FALSE && !unknowns.includes(sm.unknown)) unknowns.push(sm.unknown);
    }
    return { yes: y, unk: u, drop, unkDrop, any: b.orAll([y, u, drop, unkDrop]), unknowns };
  }
}
