/**
 * The simulator side of a case, through the path a user takes: the session
 * is written as trace JSON Lines and read back by parsePacketLines (as
 * `nfverify trace --packets` reads it), and run by a Simulator compiled for
 * the ruleset and fw's imported host model.
 */
import type { Family } from '../../../src/ir/family.js';
import type { Ruleset } from '../../../src/ir/ruleset.js';
import { parsePacketLines } from '../../../src/ir/packet/parse-packet.js';
import type { Host, SimOptions, SimResult, Simulator } from '../../../src/sim/index.js';
import type { IpsetStore } from '../../../src/sim/ipset/store.js';
import { sessionOf } from '../../../src/sim/session.js';
import { sessionJsonl, type Session } from './trace-packet.js';

export interface SimSide {
  readonly simulator: Simulator;
  run(session: Session): SimResult;
}

type CreateSimulator = (ruleset: Ruleset, opts: SimOptions) => Simulator;
let loaded: Promise<CreateSimulator> | null = null;

/**
 * The simulator, imported on first use: the kernel side of the harness
 * (and its facts about the kernel) does not depend on it, and a simulator
 * that fails to load fails every comparison with the reason.
 */
function loadSimulator(): Promise<CreateSimulator> {
  loaded ??= import('../../../src/sim/index.js').then((m) => m.createSimulator);
  return loaded;
}

/** `NFV_KERNEL_ONLY=1`: kernel facts only, no simulator (for working on the harness while the simulator does not build). */
export const KERNEL_ONLY = process.env['NFV_KERNEL_ONLY'] === '1';

export async function simSide(ruleset: Ruleset, host: Host, opts: { readonly ipsets?: IpsetStore | null; readonly defaultIface: string }): Promise<SimSide> {
  const createSimulator = await loadSimulator();
  const simulator = createSimulator(ruleset, { host, ipsets: opts.ipsets ?? null });
  const family: Family = ruleset.family;
  return {
    simulator,
    run(session) {
      const lines = parsePacketLines(sessionJsonl(session), { family, defaults: { inIface: opts.defaultIface }, file: 'case.jsonl' });
      const bad = lines.filter((l) => !l.ok);
      if (bad.length > 0) {
        const msgs = bad.flatMap((l) => (l.ok ? [] : l.diagnostics.map((d) => `line ${l.line}: ${d.message}`)));
        throw new Error(`the case's packets do not parse as trace JSON Lines:\n${msgs.join('\n')}\n${sessionJsonl(session)}`);
      }
      const last = lines[lines.length - 1]!;
      if (!last.ok) throw new Error('unreachable');
      return simulator.run(sessionOf(last.request).inputs);
    },
  };
}
