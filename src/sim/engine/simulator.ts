/**
 * createSimulator: compile once, then run sessions. Unknown tests are
 * explored exhaustively up to a branch budget: each run replays a prefix of
 * decisions (oracle.ts) from a fresh conntrack table and fresh ipset
 * contents, so branches never share state.
 */
import type { Ruleset } from '../../ir/ruleset.js';
import type { RouteDecision } from '../host/decision.js';
import { ConntrackTable } from '../conntrack/table.js';
import { ctSettingsOf, type CtSettings } from '../conntrack/l4/index.js';
import { RunIpsets } from '../ipset/run-store.js';
import type { SimInput, SimOptions, Simulator } from '../simulate.js';
import { compileRuleset } from './compile.js';
import type { CompiledRuleset } from './compiled.js';
import { Oracle } from './oracle.js';
import type { Fate, Outcome, SimResult } from './result.js';
import { PacketWalk } from './walk.js';

const DEFAULT_MAX_BRANCHES = 64;

function runOnce(compiled: CompiledRuleset, opts: SimOptions, shared: Shared, session: readonly SimInput[], prefix: readonly boolean[]): { fate: Fate; oracle: Oracle } {
  const oracle = new Oracle(prefix);
  shared.ipsets?.reset();
  const env = { compiled, routes: shared.routes, localAddrs: shared.localAddrs, ctSettings: shared.ctSettings, host: opts.host, ipsets: shared.ipsets, conntrack: new ConntrackTable(), oracle };
  let fate: Fate | null = null;
  session.forEach((input, i) => {
    fate = new PacketWalk(env, i).send(input.packet, input.given);
  });
  if (!fate) throw new Error('simulate: a session needs at least one packet');
  return { fate: { ...(fate as Fate), assumptions: oracle.points }, oracle };
}

/** What the runs of one simulator share: caches that do not depend on the run, and the run-local ipset view. */
interface Shared {
  readonly routes: Map<string, RouteDecision>;
  readonly localAddrs: ReadonlySet<bigint>;
  readonly ctSettings: CtSettings;
  readonly ipsets: RunIpsets | null;
}

function simulateSession(compiled: CompiledRuleset, opts: SimOptions, session: readonly SimInput[], shared: Shared): SimResult {
  const max = opts.maxBranches ?? DEFAULT_MAX_BRANCHES;
  const branches: Fate[] = [];
  const todo: boolean[][] = [[]];
  let truncated = false;
  while (todo.length > 0) {
    if (branches.length >= max) {
      truncated = true;
      break;
    }
    const prefix = todo.shift()!;
    const { fate, oracle } = runOnce(compiled, opts, shared, session, prefix);
    branches.push(fate);
    todo.push(...oracle.alternatives());
  }
  const first = branches[0]!;
  const outcomes = new Set<Outcome>(branches.map((b) => b.outcome));
  const outcome: Outcome = outcomes.size === 1 && !truncated ? first.outcome : 'unknown';
  return { outcome, fate: first, branches, truncated };
}

export function createSimulator(ruleset: Ruleset, opts: SimOptions): Simulator {
  const ipsets = opts.ipsets ? new RunIpsets(opts.ipsets) : null;
  const compiled = compileRuleset(ruleset, { host: opts.host, ipsets });
  const localAddrs = new Set(opts.host.interfaces.flatMap((i) => i.addrs.filter((a) => a.family === ruleset.family).map((a) => a.addr)));
  const shared: Shared = { routes: new Map(), localAddrs, ctSettings: ctSettingsOf(opts.host), ipsets };
  return {
    ruleset,
    host: opts.host,
    run: (session) => simulateSession(compiled, opts, session, shared),
  };
}
