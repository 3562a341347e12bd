/**
 * `nfverify matrix RULES [--host HOST] --proto P [--dport N]`: the service
 * matrix (src/verify/questions/matrix.ts) as text, JSON or Graphviz DOT.
 */
import { buildModel, matrix, matrixJson, renderMatrixDot, renderMatrixText, resolvePort } from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { EXAMPLE_ADDRS, familyFlag, hostFor, loadRules, nodeBudgetOf, withBudget } from './shared.js';
import { parseProtoList } from './query-args.js';

export const MATRIX_HELP = `Usage: nfverify matrix RULES [--host HOST] --proto P [--dport PORT] [--format text|json|dot]

The service matrix of one service: the address space cut into classes of
sources and of destinations that the ruleset and host treat alike, and for
each pair whether connection attempts (TCP SYN, state NEW, TTL 64, received
on any interface of the host) reach: all, some, none or unknown.

Options:
  --proto P            the protocol (tcp, udp, icmp, ... or a number); default tcp
  --dport PORT         the destination port (number or service name); default any
  --host FILE          the host; without it a default host is made from the rules
  --format text|json|dot   a table (default), JSON, or a Graphviz graph
  --bdd-nodes N        the BDD node budget (default 20000000)
  -4, -6               force IPv4 / IPv6 (default: detected)
  -h, --help           this help

Exit status: 0 answered, 2 invalid input or usage.
`;

export function runMatrix(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-4', '-6', '-h', '--help'], options: ['--host', '--proto', '--dport', '--format', '--bdd-nodes'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(MATRIX_HELP);
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError('matrix needs the RULES file (or - for standard input)');
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'dot') throw new UsageError(`--format must be text, json or dot, not "${format}"`);
  const protoText = a.options.get('--proto') ?? 'tcp';
  const protos = parseProtoList(protoText);
  if (protos.length !== 1) throw new UsageError('--proto: the matrix is about one protocol');
  const dportText = a.options.get('--dport');
  let dport: number | null = null;
  if (dportText !== undefined) {
    dport = resolvePort(dportText, protoText);
    if (dport === null) throw new UsageError(`--dport: "${dportText}" is not a port number 0-65535 or a ${protoText} service name`);
  }
  const budget = nodeBudgetOf(a);
  const rs = loadRules(io, a.positionals[0]!, familyFlag(a));
  if (!rs) return 2;
  const host = hostFor(io, 'matrix', a.options.get('--host'), rs, { family: rs.family, ...EXAMPLE_ADDRS[rs.family], iif: 'eth0' });
  if (!host) return 2;
  return withBudget(io, 'matrix', () => {
    const model = buildModel(rs, { host, ...budget });
    const res = matrix(model, { proto: protos[0]!, ...(dport !== null ? { dport } : {}) });
    const o = { family: rs.family, proto: protoText, dport };
    io.stdout(format === 'json' ? `${JSON.stringify(matrixJson(res, o))}\n` : format === 'dot' ? renderMatrixDot(res, o) : renderMatrixText(res, o));
    return 0;
  });
}
