/**
 * `nfverify diff OLD NEW [--host HOST]`: every class of packets whose fate
 * differs between two dumps (src/verify/questions/diff.ts); exit 1 when
 * they differ, so it doubles as an equivalence check after a refactoring.
 */
import { buildDiffModels, createSimulator, diff, everyPacket, renderDiffJson, renderDiffText, type Ruleset } from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { EXAMPLE_ADDRS, familyFlag, hostFor, loadRules, nodeBudgetOf, ruleTexts, withBudget } from './shared.js';

export const DIFF_HELP = `Usage: nfverify diff OLD NEW [--host HOST] [--format text|json]

Compares two dumps of the same family semantically on one host: every class
of packets (received on any interface of the host, or sent by it; first
packets of connections as conntrack sees them, and packets of established
and related connections) whose fate differs, with a witness packet traced
through both versions and the rules that decided it in each. A fate is the
outcome (delivered, forwarded, sent, dropped, rejected, queued), the
interface the packet leaves by, and what it was rewritten to.

Options:
  --host FILE          the host (see "nfverify host"); without it a default host
                       is made from both rulesets (a warning says how)
  --format text|json   text (default) or one JSON object (see README "diff")
  --bdd-nodes N        the BDD node budget (default 20000000)
  -4, -6               force IPv4 / IPv6 (default: detected)
  -h, --help           this help

Exit status: 0 equivalent, 1 they differ, 2 invalid input or usage.
`;

export function runDiff(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-4', '-6', '-h', '--help'], options: ['--host', '--format', '--bdd-nodes'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  if (a.positionals.length !== 2) throw new UsageError('diff needs two dumps: OLD and NEW');
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const budget = nodeBudgetOf(a);
  const family = familyFlag(a);
  if (a.positionals.filter((p) => p === '-').length > 1) throw new UsageError('only one of OLD and NEW can be standard input ("-")');
  const oldRs = loadRules(io, a.positionals[0]!, family);
  const newRs = loadRules(io, a.positionals[1]!, family);
  if (!oldRs || !newRs) return 2;
  if (oldRs.family !== newRs.family) throw new UsageError(`OLD is ${oldRs.family} and NEW is ${newRs.family}: compare dumps of one family (use -4 / -6)`);
  // A default host from both dumps' interface names.
  const both: Ruleset = { ...oldRs, tables: [...oldRs.tables, ...newRs.tables] };
  const host = hostFor(io, 'diff', a.options.get('--host'), both, { family: oldRs.family, ...EXAMPLE_ADDRS[oldRs.family] });
  if (!host) return 2;
  return withBudget(io, 'diff', () => {
    const models = buildDiffModels(oldRs, newRs, { host, ...budget });
    const s = models.old.space;
    const ifaces = host.interfaces.filter((i) => !i.loopback).map((i) => i.name);
    const queries = (['natural', 'ESTABLISHED', 'RELATED'] as const).map((k) => {
      const mode = k === 'natural' ? ({ kind: 'natural' } as const) : ({ kind: 'given', state: k } as const);
      return { set: everyPacket(s, ifaces, mode), mode };
    });
    const sims = { old: createSimulator(oldRs, { host }), new: createSimulator(newRs, { host }) };
    const res = diff(models.old, models.new, sims, queries, ifaces[0] ?? 'eth0');
    const opts = { space: s, ruleText: { old: ruleTexts(oldRs), new: ruleTexts(newRs) } };
    io.stdout(format === 'json' ? renderDiffJson(res, opts) : renderDiffText(res, opts));
    return res.equivalent ? 0 : 1;
  });
}
