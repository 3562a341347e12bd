/**
 * `nfverify matrix RULES [--host HOST] --proto P [--dport N]`: the service
 * matrix (src/verify/questions/matrix.ts) as text, JSON or Graphviz DOT.
 */
import {
  BddBudgetError,
  buildModel,
  defaultHost,
  matrix,
  matrixJson,
  parseRuleset,
  renderDiagnosticsText,
  renderMatrixDot,
  renderMatrixText,
  resolvePort,
  type Family,
  type Host,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { loadHostFile } from './host.js';
import { readInput } from './parse.js';
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
  if (a.flags.has('-4') && a.flags.has('-6')) throw new UsageError('-4 and -6 exclude each other');
  const family: Family | undefined = a.flags.has('-4') ? 'ipv4' : a.flags.has('-6') ? 'ipv6' : undefined;
  const protoText = a.options.get('--proto') ?? 'tcp';
  const protos = parseProtoList(protoText);
  if (protos.length !== 1) throw new UsageError('--proto: the matrix is about one protocol');
  const dportText = a.options.get('--dport');
  let dport: number | null = null;
  if (dportText !== undefined) {
    dport = resolvePort(dportText, protoText);
    if (dport === null) throw new UsageError(`--dport: "${dportText}" is not a port number 0-65535 or a ${protoText} service name`);
  }
  const nodesText = a.options.get('--bdd-nodes');
  const nodeBudget = nodesText === undefined ? undefined : Number(nodesText);
  if (nodeBudget !== undefined && (!Number.isInteger(nodeBudget) || nodeBudget < 1000)) throw new UsageError('--bdd-nodes must be a whole number of at least 1000');

  const rules = readInput(io, a.positionals[0]!);
  const parsed = parseRuleset(rules.text, family ? { file: rules.file, family } : { file: rules.file });
  if (parsed.diagnostics.length > 0) io.stderr(`${renderDiagnosticsText(parsed.diagnostics)}\n`);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return 2;
  const rs = parsed.value;
  let host: Host;
  const hostPath = a.options.get('--host');
  if (hostPath !== undefined) {
    const loaded = loadHostFile(io, hostPath);
    if (!loaded) return 2;
    host = loaded.host;
  } else {
    const dflt = rs.family === 'ipv4' ? { src: 0xc6336407n, dst: 0xcb007105n } : { src: 0x20010db8000000000000000000000007n, dst: 0x20010db8000100000000000000000005n };
    const made = defaultHost(rs, { family: rs.family, ...dflt, iif: 'eth0' });
    host = made.value;
    io.stderr(`nfverify matrix: warning: no --host given; assumed this host:\n${made.assumptions.map((x) => `  ${x}\n`).join('')}Give the real host with --host FILE (see "nfverify host import").\n`);
  }
  try {
    const model = buildModel(rs, { host, ...(nodeBudget !== undefined ? { nodeBudget } : {}) });
    const res = matrix(model, { proto: protos[0]!, ...(dport !== null ? { dport } : {}) });
    const o = { family: rs.family, proto: protoText, dport };
    io.stdout(format === 'json' ? `${JSON.stringify(matrixJson(res, o))}\n` : format === 'dot' ? renderMatrixDot(res, o) : renderMatrixText(res, o));
    return 0;
  } catch (e) {
    if (e instanceof BddBudgetError) {
      io.stderr(`nfverify matrix: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
