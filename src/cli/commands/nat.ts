/**
 * `nfverify nat RULES [query options] [--at ADDR[:PORT]]`: what packets
 * become through NAT (forward image), or which original packets end up at
 * an address and port (pre-image) — src/verify/questions/nat.ts.
 */
import { buildModel, createSimulator, natImage, natJson, natPreimage, parseAddress, renderNatText, type Family } from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { EXAMPLE_ADDRS, familyFlag, firstIface, hostFor, loadRules, ruleTexts, uplinkOf, withBudget } from './shared.js';
import { QUERY_OPTIONS, queryOf } from './query-args.js';

export const NAT_HELP = `Usage: nfverify nat RULES [--host HOST] [query options] [--at ADDR[:PORT]] [--all]

Without --at: what the query's packets become (forward image), grouped by
how NAT rewrites their addresses and ports and where they go; only
rewritten packets unless --all. With --at: which of the query's packets end
up at ADDR (and PORT), e.g. "who can reach container 172.17.0.2:80 through
the published port" (--at 172.17.0.2:80). Every group comes with a witness
packet replayed through the simulator and the rules involved.

Query options are reach's: --from, --to, --proto, --sport, --dport,
--in IFACE | --local, --tcp-flags, --state (see "nfverify reach --help").
  --at ADDR[:PORT]     the final destination asked about (IPv6: [ADDR]:PORT)
  --all                with no --at: also list packets that are not rewritten
  --host FILE          the host; without it a default host (with a warning)
  --format text|json   text (default) or JSON (see README "nat")
  -4, -6               force IPv4 / IPv6

Paths whose fate depends on something nfverify cannot know are left out of
--at answers (use reach to see them). Exit status: 0 answered, 2 invalid input or usage.
`;

function parseAt(text: string, family: Family): { addr: bigint; port: number | null } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? (family === 'ipv4' ? /^([^:]+)(?::(\d+))?$/.exec(text) : /^([^\]]+)()$/.exec(text));
  const a = m ? parseAddress(m[1]!, family) : null;
  if (!m || !a || a.family !== family) throw new UsageError(`--at: "${text}" is not ADDR or ADDR:PORT of the ruleset's family (IPv6: [ADDR]:PORT)`);
  const port = m[2] ? Number(m[2]) : null;
  if (port !== null && port > 65535) throw new UsageError(`--at: port ${port} is out of range`);
  return { addr: a.addr, port };
}

export function runNat(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-4', '-6', '-h', '--help', '--local', '--all'], options: [...QUERY_OPTIONS, '--at', '--host', '--format'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(NAT_HELP);
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError('nat needs the RULES file (or - for standard input)');
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const rs = loadRules(io, a.positionals[0]!, familyFlag(a));
  if (!rs) return 2;
  const at = a.options.has('--at') ? parseAt(a.options.get('--at')!, rs.family) : null;
  const uplink = a.options.get('--in') ?? uplinkOf(rs);
  const host = hostFor(io, 'nat', a.options.get('--host'), rs, { family: rs.family, ...EXAMPLE_ADDRS[rs.family], ...(a.flags.has('--local') ? {} : { iif: uplink }) });
  if (!host) return 2;
  const iface = a.options.get('--in') ?? firstIface(host);
  if (a.options.has('--in') && !host.interfaces.some((i) => i.name === iface)) throw new UsageError(`--in: the host has no interface "${iface}"`);
  const query = queryOf(a, rs.family, iface);
  return withBudget(io, 'nat', () => {
    const model = buildModel(rs, { host });
    const sim = createSimulator(rs, { host });
    const s = model.space;
    const res = at
      ? natPreimage(model, sim, query, at.port === null ? s.eq('dstAddr', at.addr) : s.bdd.and(s.eq('dstAddr', at.addr), s.eq('dstPort', at.port)), { defaultIface: iface })
      : natImage(model, sim, query, { all: a.flags.has('--all'), defaultIface: iface });
    const o = { space: s, ruleText: ruleTexts(rs) };
    io.stdout(format === 'json' ? `${JSON.stringify(natJson(res, o))}\n` : renderNatText(res, o));
    return 0;
  });
}
