/**
 * `nfverify reach RULES --from SRC --to DST ...`: can these packets reach?
 * A thin shell: options → PacketQuery (query-args.ts) → buildModel + reach
 * (src/verify) → renderReachText / renderReachJson (src/report/reach.ts).
 */
import {
  buildModel,
  createSimulator,
  reach,
  renderReachJson,
  renderReachText,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { EXAMPLE_ADDRS, familyFlag, firstIface, hostFor, loadRules, nodeBudgetOf, ruleTexts, uplinkOf, withBudget } from './shared.js';
import { QUERY_OPTIONS, queryOf } from './query-args.js';

export const REACH_HELP = `Usage: nfverify reach RULES [--host HOST] [--from SRC] [--to DST] [options]

Answers "can these packets reach?" for every packet at once, exactly: the
packets that certainly reach, those that certainly do not, and those whose
fate depends on something nfverify cannot know (a rate limit, a set without
contents, ...), with one witness packet for each non-empty part, replayed
through the simulator (its trace is shown; the two engines must agree), and
the rules that decided.

A packet reaches when its outcome is delivered, forwarded or sent (as in
"trace"), and with --out only when it leaves through that interface.

Options:
  --from SRC, --to DST   addresses, CIDRs, ranges (a-b) or comma lists; default any
  --proto P              tcp, udp, icmp, icmpv6, sctp, ... or numbers, comma list; default any
  --sport PORTS          ports, service names, ranges (a-b or a:b), comma lists; default any
  --dport PORTS
  --in IFACE             packets received on IFACE (default: the host's first
                         non-loopback interface)
  --local                packets this host sends itself (instead of --in)
  --out IFACE            count only packets leaving through IFACE
  --tcp-flags FLAGS      TCP flags of TCP packets: letters FSRPAUEC, NONE, or any
                         (default S: a connection attempt)
  --state STATE          NEW (default), ESTABLISHED, RELATED, INVALID, UNTRACKED
  --host FILE            the host (see "nfverify host"); without it a default host
                         is assumed, made from the rules and the query (a warning says how)
  --expect ANSWER        exit 1 unless the answer is ANSWER (all, some, none, unknown): for CI
  --format text|json     text (default) or one JSON object (see README "reach")
  --bdd-nodes N          the BDD node budget (default 20000000)
  -4, -6                 force IPv4 / IPv6 for RULES (default: detected)
  -h, --help             this help

Other fields take every value: any length, TTL and TOS; a received packet
has mark 0 and is unicast; a local one any mark and owner; no fragments.

Exit status: 0 answered (with --expect: the answer was the expected one),
1 --expect did not hold, 2 invalid input or usage, 3 the symbolic engine and
the simulator disagreed on a witness (a bug: please report it).
`;

export function runReach(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-4', '-6', '-h', '--help', '--local'], options: [...QUERY_OPTIONS, '--out', '--host', '--format', '--expect', '--bdd-nodes'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(REACH_HELP);
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError(a.positionals.length === 0 ? 'reach needs the RULES file (or - for standard input)' : `unexpected argument "${a.positionals[1]}"`);
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const expect = a.options.get('--expect');
  if (expect !== undefined && !['all', 'some', 'none', 'unknown'].includes(expect)) throw new UsageError(`--expect must be all, some, none or unknown, not "${expect}"`);
  const budget = nodeBudgetOf(a);
  const rs = loadRules(io, a.positionals[0]!, familyFlag(a));
  if (!rs) return 2;

  const out = a.options.get('--out') ?? null;
  // The query is read first with a provisional interface, so a default host can be made from it.
  const provisional = queryOf(a, rs.family, a.options.get('--in') ?? 'eth0');
  const ex = EXAMPLE_ADDRS[rs.family];
  const host = hostFor(io, 'reach', a.options.get('--host'), rs, {
    family: rs.family, src: provisional.from?.[0]?.[0] ?? ex.src, dst: provisional.to?.[0]?.[0] ?? ex.dst,
    // A received packet arrives on --in, else on the uplink the default host would pick (eth0 when the rules name it, else their first name).
    ...(provisional.origin.kind === 'remote' ? { iif: a.options.get('--in') ?? uplinkOf(rs) } : {}),
    ...(out !== null ? { oif: out } : {}),
  });
  if (!host) return 2;
  const iface = a.options.get('--in') ?? firstIface(host);
  if (a.options.has('--in') && !host.interfaces.some((i) => i.name === iface)) throw new UsageError(`--in: the host has no interface "${iface}" (it has ${host.interfaces.map((i) => i.name).join(', ')})`);
  if (out !== null && !host.interfaces.some((i) => i.name === out)) throw new UsageError(`--out: the host has no interface "${out}"`);
  const query = queryOf(a, rs.family, iface);

  return withBudget(io, 'reach', () => {
    const model = buildModel(rs, { host, ...budget });
    const res = reach(model, createSimulator(rs, { host }), query, { out, defaultIface: firstIface(host) });
    const opts = { space: model.space, ruleText: ruleTexts(rs) };
    io.stdout(format === 'json' ? renderReachJson(res, opts) : renderReachText(res, opts));
    if (res.selfCheck.length > 0) return 3;
    return expect !== undefined && res.answer !== expect ? 1 : 0;
  });
}
