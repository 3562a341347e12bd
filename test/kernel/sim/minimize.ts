/**
 * A minimal reproducer for a mismatch: delta debugging (ddmin) over the
 * ruleset's rule lines, with the failing session held fixed, then over the
 * session's earlier packets. Every candidate is loaded into the kernel and
 * compared again; a candidate is kept when the kernel still loads it and
 * the simulator still disagrees in the same way (the same outcome
 * difference, or any difference when the outcomes agreed). A wall-clock
 * budget bounds the work; what is left is then reported as it is.
 *
 * Shrinking by fast-check would redraw the packets from the smaller
 * ruleset and lose the failing one; holding the session fixed does not.
 */
import type { CaseOutcome, DiffRunner } from './runner.js';
import type { Session } from './trace-packet.js';

const RULE_LINE = /^(\[\d+:\d+\] )?-[AI] /;

/** What "still the same mismatch" means: the outcome difference of the first branch, if there is one. */
function signature(o: CaseOutcome): string {
  const first = o.comparison?.branches[0]?.diffs ?? [];
  return first.find((d) => d.startsWith('outcome:')) ?? '*';
}

export interface Minimized {
  readonly rules: string;
  readonly session: Session;
  readonly outcome: CaseOutcome;
  /** Rule lines before and after. */
  readonly from: number;
  readonly to: number;
  readonly complete: boolean;
}

export async function minimize(runner: DiffRunner, rules: string, session: Session, original: CaseOutcome, budgetMs: number): Promise<Minimized> {
  const deadline = Date.now() + budgetMs;
  const want = signature(original);
  let best = original;
  const fails = async (text: string, s: Session): Promise<CaseOutcome | null> => {
    const loaded = await runner.load(text, { file: 'minimized.rules' });
    if (!loaded.ok) return null;
    const out = await runner.check('minimized', s, { record: false });
    if (out.status !== 'mismatch') return null;
    return want === '*' || signature(out) === want ? out : null;
  };
  let lines = rules.split('\n');
  let current = session;
  const ruleCount = (ls: readonly string[]): number => ls.filter((l) => RULE_LINE.test(l)).length;
  const from = ruleCount(lines);
  let complete = true;

  // Earlier packets of the session first: a shorter session makes every later check cheaper.
  for (let k = 0; k < current.length - 1 && Date.now() < deadline; ) {
    const candidate = [...current.slice(0, k), ...current.slice(k + 1)];
    const out = await fails(lines.join('\n'), candidate);
    if (out) [current, best] = [candidate, out];
    else k++;
  }

  let chunk = Math.max(1, Math.ceil(ruleCount(lines) / 2));
  for (;;) {
    let removedAny = false;
    const ruleIdx = lines.flatMap((l, i) => (RULE_LINE.test(l) ? [i] : []));
    for (let start = 0; start < ruleIdx.length; start += chunk) {
      if (Date.now() > deadline) {
        complete = false;
        break;
      }
      const drop = new Set(ruleIdx.slice(start, start + chunk));
      const candidate = lines.filter((_, i) => !drop.has(i));
      const out = await fails(candidate.join('\n'), current);
      if (out) {
        lines = candidate;
        best = out;
        removedAny = true;
        break; // indices changed: rescan at this chunk size
      }
    }
    if (!complete) break;
    if (!removedAny) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
  // Leave the kernel with the reproducer loaded (the caller may replay it).
  await runner.load(lines.join('\n'), { file: 'minimized.rules' });
  return { rules: lines.join('\n'), session: current, outcome: best, from, to: ruleCount(lines), complete };
}
