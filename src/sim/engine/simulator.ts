/**
 * createSimulator: compile once, then run sessions. Unknown tests are
 * explored exhaustively up to a branch budget: each run replays a prefix of
 * decisions (oracle.ts) from an empty conntrack table and the saved ipset
 * contents, so branches never share state.
 *
 * A simulator owns one set of run state — oracle, conntrack table, walk —
 * and resets it for every run instead of making new ones: a run is a few
 * microseconds of work, and allocating its machinery cost more than that.
 * Runs are synchronous and never nest, so one set is enough.
 */
import type { Ruleset } from '../../ir/ruleset.js';
import { ConntrackTable } from '../conntrack/table.js';
import { ctSettingsOf } from '../conntrack/l4/index.js';
import { loopbackName } from '../host/host.js';
import { RunIpsets } from '../ipset/run-store.js';
import type { SimInput, SimOptions, Simulator } from '../simulate.js';
import { compileRuleset } from './compile.js';
import { hookSteps } from './hook-steps.js';
import { Oracle } from './oracle.js';
import type { Fate, Outcome, SimResult } from './result.js';
import { RouteCache } from './route-cache.js';
import type { RunEnv } from './walk.js';
import { PacketWalk } from './walk.js';

const DEFAULT_MAX_BRANCHES = 64;

/** One simulator's run state, reused by every run. */
interface Runner {
  readonly env: RunEnv;
  readonly walk: PacketWalk;
  readonly ipsets: RunIpsets | null;
  readonly maxBranches: number;
}

/** One run: the session's packets in order along the decisions `prefix` fixes; the last packet's fate. */
function runOnce(rn: Runner, session: readonly SimInput[], prefix: readonly boolean[]): Fate {
  rn.env.oracle.reset(prefix);
  rn.env.conntrack.clear();
  rn.ipsets?.reset();
  let fate: Fate | null = null;
  for (let i = 0; i < session.length; i++) {
    const input = session[i]!;
    fate = rn.walk.send(i, input.packet, input.given);
  }
  if (!fate) throw new Error('simulate: a session needs at least one packet');
  return fate;
}

/** Every branch, breadth first from the all-"matches" one, as far as the budget goes. */
function simulateSession(rn: Runner, session: readonly SimInput[]): SimResult {
  const max = rn.maxBranches;
  const oracle = rn.env.oracle;
  const branches: Fate[] = [];
  const first = runOnce(rn, session, []);
  branches.push(first);
  let truncated = false;
  if (oracle.opened()) {
    const todo: boolean[][] = [];
    oracle.alternatives(todo);
    for (let next = 0; next < todo.length; next++) {
      if (branches.length >= max) {
        truncated = true;
        break;
      }
      branches.push(runOnce(rn, session, todo[next]!));
      oracle.alternatives(todo);
    }
  }
  let outcome: Outcome = truncated ? 'unknown' : first.outcome;
  for (let i = 1; i < branches.length && outcome !== 'unknown'; i++) if (branches[i]!.outcome !== first.outcome) outcome = 'unknown';
  return { outcome, fate: first, branches, truncated };
}

export function createSimulator(ruleset: Ruleset, opts: SimOptions): Simulator {
  const ipsets = opts.ipsets ? new RunIpsets(opts.ipsets) : null;
  const compiled = compileRuleset(ruleset, { host: opts.host, ipsets });
  const localAddrs = new Set(opts.host.interfaces.flatMap((i) => i.addrs.filter((a) => a.family === ruleset.family).map((a) => a.addr)));
  const env: RunEnv = {
    compiled, host: opts.host, ipsets, conntrack: new ConntrackTable(), oracle: new Oracle(), ctSettings: ctSettingsOf(opts.host),
    routes: new RouteCache(), localAddrs, loopback: loopbackName(opts.host), steps: opts.steps ?? true, hooks: hookSteps(compiled),
  };
  const rn: Runner = { env, walk: new PacketWalk(env), ipsets, maxBranches: Math.max(1, opts.maxBranches ?? DEFAULT_MAX_BRANCHES) };
  return {
    ruleset,
    host: opts.host,
    run: (session) => simulateSession(rn, session),
  };
}
