/**
 * `nfverify diff OLD NEW [--host HOST]`: every class of packets whose fate
 * differs between two dumps (src/verify/questions/diff.ts); exit 1 when
 * they differ, so it doubles as an equivalence check after a refactoring.
 */
import {
  BddBudgetError,
  buildDiffModels,
  createSimulator,
  defaultHost,
  diff,
  everyPacket,
  parseRuleset,
  printRule,
  renderDiagnosticsText,
  renderDiffJson,
  renderDiffText,
  type Family,
  type Host,
  type Rule,
  type RuleId,
  type Ruleset,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { loadHostFile } from './host.js';
import { readInput } from './parse.js';

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

function ruleTexts(rs: Ruleset): (id: RuleId) => string | null {
  const byId = new Map<RuleId, Rule>();
  for (const t of rs.tables) for (const c of t.chains) for (const r of c.rules) byId.set(r.id, r);
  return (id) => {
    const r = byId.get(id);
    return r ? `${r.invalid ?? printRule(r, rs)}` : null;
  };
}

function load(io: CliHost, path: string, family: Family | undefined): Ruleset | null {
  const input = readInput(io, path);
  const parsed = parseRuleset(input.text, family ? { file: input.file, family } : { file: input.file });
  if (parsed.diagnostics.length > 0) io.stderr(`${renderDiagnosticsText(parsed.diagnostics)}\n`);
  return parsed.diagnostics.some((d) => d.severity === 'error') ? null : parsed.value;
}

export function runDiff(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-4', '-6', '-h', '--help'], options: ['--host', '--format', '--bdd-nodes'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  if (a.positionals.length !== 2) throw new UsageError('diff needs two dumps: OLD and NEW');
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (a.flags.has('-4') && a.flags.has('-6')) throw new UsageError('-4 and -6 exclude each other');
  const nodesText = a.options.get('--bdd-nodes');
  const nodeBudget = nodesText === undefined ? undefined : Number(nodesText);
  if (nodeBudget !== undefined && (!Number.isInteger(nodeBudget) || nodeBudget < 1000)) throw new UsageError('--bdd-nodes must be a whole number of at least 1000');
  const family: Family | undefined = a.flags.has('-4') ? 'ipv4' : a.flags.has('-6') ? 'ipv6' : undefined;
  if (a.positionals.filter((p) => p === '-').length > 1) throw new UsageError('only one of OLD and NEW can be standard input ("-")');
  const oldRs = load(io, a.positionals[0]!, family);
  const newRs = load(io, a.positionals[1]!, family);
  if (!oldRs || !newRs) return 2;
  if (oldRs.family !== newRs.family) throw new UsageError(`OLD is ${oldRs.family} and NEW is ${newRs.family}: compare dumps of one family (use -4 / -6)`);

  let host: Host;
  const hostPath = a.options.get('--host');
  if (hostPath !== undefined) {
    const loaded = loadHostFile(io, hostPath);
    if (!loaded) return 2;
    host = loaded.host;
  } else {
    // The default host of both: built from the union of interface names by parsing them together is not possible, so from OLD, then NEW's names are added by defaultHost's own rule.
    const dflt = oldRs.family === 'ipv4' ? { src: 0xc6336407n, dst: 0xcb007105n } : { src: 0x20010db8000000000000000000000007n, dst: 0x20010db8000100000000000000000005n };
    const made = defaultHost({ ...oldRs, tables: [...oldRs.tables, ...newRs.tables] }, { family: oldRs.family, ...dflt });
    host = made.value;
    io.stderr(`nfverify diff: warning: no --host given; assumed this host:\n${made.assumptions.map((x) => `  ${x}\n`).join('')}Give the real host with --host FILE (see "nfverify host import").\n`);
  }
  try {
    const models = buildDiffModels(oldRs, newRs, { host, ...(nodeBudget !== undefined ? { nodeBudget } : {}) });
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
  } catch (e) {
    if (e instanceof BddBudgetError) {
      io.stderr(`nfverify diff: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
