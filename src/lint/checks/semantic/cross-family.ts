/**
 * NFV4702 v4-v6-policy-mismatch: given an IPv4 and an IPv6 dump in one run
 * (one of each, taken as the same host), a built-in filter chain whose
 * policy drops in one family and accepts in the other. Reported on the
 * accepting family's chain declaration, with the other as related location.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { CrossCheck, LintFile } from '../../types.js';

export const policyMismatchCheck: CrossCheck = {
  id: 'v4-v6-policy',
  codes: ['PolicyMismatch'],
  cost: 'fast',
  run(files: readonly LintFile[]): Diagnostic[] {
    const v4 = files.filter((f) => f.ruleset.family === 'ipv4');
    const v6 = files.filter((f) => f.ruleset.family === 'ipv6');
    // Pairing is only clear with one dump of each family.
    if (v4.length !== 1 || v6.length !== 1) return [];
    const a = v4[0]!;
    const c = v6[0]!;
    const out: Diagnostic[] = [];
    const filterOf = (f: LintFile) => f.ruleset.tables.find((t) => t.name === 'filter');
    for (const name of ['INPUT', 'FORWARD', 'OUTPUT']) {
      const x = filterOf(a)?.chains.find((ch) => ch.name === name);
      const y = filterOf(c)?.chains.find((ch) => ch.name === name);
      if (!x || !y || x.policy === y.policy || !x.span || !y.span) continue;
      const [open, closed] = x.policy === 'ACCEPT' ? [x, y] : [y, x];
      const [openFam, closedFam] = x.policy === 'ACCEPT' ? ['IPv4', 'IPv6'] : ['IPv6', 'IPv4'];
      out.push(diag('PolicyMismatch', `filter/${name} accepts by default over ${openFam} but drops by default over ${closedFam} (${closed.span!.file})`, open.span!, { related: [{ span: closed.span!, message: `the ${closedFam} policy: ${closed.policy}` }] }));
    }
    return out;
  },
};
