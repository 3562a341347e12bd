/**
 * What the commands that read a dump and a host share (trace, reach, nat,
 * matrix, diff): reading a dump, the host (a file, or the documented default
 * with one warning), the input device a packet arrives on by default, the
 * BDD node budget option, the rules' text for reports, and turning a
 * BddBudgetError into a clear error with exit status 2.
 */
import {
  BddBudgetError,
  defaultHost,
  parseRuleset,
  printRule,
  renderDiagnosticsText,
  rulesetInterfaces,
  type DefaultHostPacket,
  type Family,
  type Host,
  type Rule,
  type RuleId,
  type Ruleset,
} from '../../index.js';
import type { CliHost } from '../host.js';
import type { ParsedArgs } from '../args.js';
import { UsageError } from '../args.js';
import { loadHostFile } from './host.js';
import { readInput } from './parse.js';

export function familyFlag(a: ParsedArgs): Family | undefined {
  if (a.flags.has('-4') && a.flags.has('-6')) throw new UsageError('-4 and -6 exclude each other');
  return a.flags.has('-4') ? 'ipv4' : a.flags.has('-6') ? 'ipv6' : undefined;
}

export function nodeBudgetOf(a: ParsedArgs): { nodeBudget?: number } {
  const text = a.options.get('--bdd-nodes');
  if (text === undefined) return {};
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1000) throw new UsageError('--bdd-nodes must be a whole number of at least 1000');
  return { nodeBudget: n };
}

/** The dump at `path` ("-": standard input); its diagnostics on stderr; null when it has errors. */
export function loadRules(io: CliHost, path: string, family: Family | undefined): Ruleset | null {
  const input = readInput(io, path);
  const parsed = parseRuleset(input.text, family ? { file: input.file, family } : { file: input.file });
  if (parsed.diagnostics.length > 0) io.stderr(`${renderDiagnosticsText(parsed.diagnostics)}\n`);
  return parsed.diagnostics.some((d) => d.severity === 'error') ? null : parsed.value;
}

export { EXAMPLE_ADDRS } from '../../index.js';

/** The host from --host, or the default host made for `packet` with a warning on stderr; null when the file is bad. */
export function hostFor(io: CliHost, cmd: string, hostPath: string | undefined, rs: Ruleset, packet: DefaultHostPacket): Host | null {
  if (hostPath !== undefined) return loadHostFile(io, hostPath)?.host ?? null;
  const made = defaultHost(rs, packet);
  io.stderr(`nfverify ${cmd}: warning: no --host given; assumed this host:\n${made.assumptions.map((x) => `  ${x}\n`).join('')}Give the real host with --host FILE (see "nfverify host import").\n`);
  return made.value;
}

/** The uplink the default host makes (defaultHost): eth0 when the rules name it, else the first name they use other than lo, else eth0. */
export function uplinkOf(rs: Ruleset): string {
  const names = rulesetInterfaces(rs).filter((n) => n !== 'lo');
  return names.includes('eth0') ? 'eth0' : (names[0] ?? 'eth0');
}

/** The host's first non-loopback interface: where a received packet arrives unless it says. */
export function firstIface(host: Host): string {
  return host.interfaces.find((i) => !i.loopback)?.name ?? host.interfaces[0]?.name ?? 'eth0';
}

/** The rule's text as iptables-save prints it, for reports. */
export function ruleTexts(rs: Ruleset): (id: RuleId) => string | null {
  const byId = new Map<RuleId, Rule>();
  for (const t of rs.tables) for (const c of t.chains) for (const r of c.rules) byId.set(r.id, r);
  return (id) => {
    const r = byId.get(id);
    return r ? (r.invalid ?? printRule(r, rs)) : null;
  };
}

/** Runs a symbolic question; a node budget too small is a clear error (exit 2), never a crash. */
export function withBudget(io: CliHost, cmd: string, f: () => number): number {
  try {
    return f();
  } catch (e) {
    if (e instanceof BddBudgetError) {
      io.stderr(`nfverify ${cmd}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
