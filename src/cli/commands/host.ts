/**
 * `nfverify host import|check|route`: build a host file from a capture of the
 * real box, validate one, and ask it the routing question the simulator asks.
 */
import {
  formatAddr,
  formatHost,
  formatSpan,
  importHost,
  parseAddress,
  parseHost,
  routeLookup,
  type Family,
  type Host,
  type HostDiagnostic,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { readInput } from './parse.js';

export const HOST_HELP = `Usage: nfverify host <subcommand> [options]

Host descriptions: the interfaces, routes, policy rules and sysctls that decide
a packet's path. A host file is JSON or YAML (format "nfverify-host/1", see
src/sim/host/README.md); every command that simulates takes it with --host FILE.

Subcommands:
  import   build a host file from a capture of the real box, print it on stdout
             --addr FILE      ip -j addr show                          (required)
             --route FILE     ip -j route show table all; repeatable, e.g. once
                              more for ip -j -6 route show table all  (required)
             --rule FILE      ip -j rule show
             --rule6 FILE     ip -j -6 rule show
             --sysctl FILE    sysctl -a (unknown keys ignored, missing keys take
                              the kernel's defaults)
             --format json|yaml   output format (default json)
  check    validate a host file: FILE, and print a summary
  route    the kernel's routing decision for a packet, like ip route get
             --host FILE  DST  [--from SRC] [--iif DEV] [--oif DEV]
             [--mark N] [--tos N] [--format text|json]

What a capture leaves out is derived as the kernel would (the local table from
the addresses, default rules, default sysctls) and listed as an assumption.

Exit status: 0 clean, 1 warnings, 2 errors in the input or bad usage.
`;

function renderDiagnostics(ds: readonly HostDiagnostic[], file: string): string {
  return ds.map((d) => `${d.span ? formatSpan(d.span) : file}: ${d.severity} ${d.code} (${d.slug}): ${d.message}`).join('\n');
}

function exitFor(ds: readonly HostDiagnostic[]): number {
  if (ds.some((d) => d.severity === 'error')) return 2;
  return ds.some((d) => d.severity === 'warning') ? 1 : 0;
}

/** Pulls every `--name VALUE` / `--name=VALUE` out of argv (parseArgs keeps only the last). */
function takeAll(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      values.push(v);
    } else if (a.startsWith(`${name}=`)) values.push(a.slice(name.length + 1));
    else rest.push(a);
  }
  return { values, rest };
}

function runImport(argv: readonly string[], io: CliHost): number {
  const routes = takeAll(argv, '--route');
  const a = parseArgs(routes.rest, { flags: ['-h', '--help'], options: ['--addr', '--rule', '--rule6', '--sysctl', '--format'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(HOST_HELP);
    return 0;
  }
  const addrPath = a.options.get('--addr');
  if (addrPath === undefined) throw new UsageError('host import needs --addr FILE (ip -j addr show)');
  if (routes.values.length === 0) throw new UsageError('host import needs --route FILE (ip -j route show table all)');
  if (a.positionals.length > 0) throw new UsageError(`unexpected argument "${a.positionals[0]}"`);
  const format = a.options.get('--format') ?? 'json';
  if (format !== 'json' && format !== 'yaml') throw new UsageError(`--format must be json or yaml, not "${format}"`);
  const read = (p: string): string => readInput(io, p).text;
  const rules: { text: string; family: Family }[] = [];
  const ruleFiles: string[] = [];
  for (const [opt, family] of [['--rule', 'ipv4'], ['--rule6', 'ipv6']] as const) {
    const p = a.options.get(opt);
    if (p !== undefined) {
      rules.push({ text: read(p), family });
      ruleFiles.push(p);
    }
  }
  const sysctlPath = a.options.get('--sysctl');
  const r = importHost({
    addr: read(addrPath),
    routes: routes.values.map(read),
    rules,
    ...(sysctlPath !== undefined ? { sysctl: read(sysctlPath) } : {}),
    files: { addr: addrPath, routes: routes.values, rules: ruleFiles, ...(sysctlPath !== undefined ? { sysctl: sysctlPath } : {}) },
  });
  if (r.diagnostics.length > 0) io.stderr(`${renderDiagnostics(r.diagnostics, addrPath)}\n`);
  for (const s of r.value.assumptions) io.stderr(`note: assumed: ${s}\n`);
  io.stdout(formatHost(r.value, format));
  return exitFor(r.diagnostics);
}

/** Reads and validates --host FILE; prints its diagnostics; null when it has errors. */
export function loadHostFile(io: CliHost, path: string): { host: Host; exit: number } | null {
  const { text, file } = readInput(io, path);
  const r = parseHost(text, { file });
  if (r.diagnostics.length > 0) io.stderr(`${renderDiagnostics(r.diagnostics, file)}\n`);
  if (r.diagnostics.some((d) => d.severity === 'error')) return null;
  return { host: r.value, exit: exitFor(r.diagnostics) };
}

function runCheck(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-h', '--help'], options: [] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(HOST_HELP);
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError('host check needs exactly one FILE');
  const loaded = loadHostFile(io, a.positionals[0]!);
  if (!loaded) return 2;
  const h = loaded.host;
  const tables = new Map<number, number>();
  for (const r of h.routes) tables.set(r.table, (tables.get(r.table) ?? 0) + 1);
  const lines = [
    `${a.positionals[0]}: ${h.interfaces.length} interfaces, ${h.routes.length} routes, ${h.rules.length} rules, ${Object.keys(h.sysctls).length} sysctls`,
    ...h.interfaces.map((d) => `  ${d.name.padEnd(15)} ${d.up ? 'up  ' : 'down'} ${d.addrs.map((x) => `${formatAddr(x.family, x.addr)}/${x.prefix}`).join(' ')}`),
    `  routes by table: ${[...tables].sort((x, y) => y[0] - x[0]).map(([t, n]) => `${t === 255 ? 'local' : t === 254 ? 'main' : t === 253 ? 'default' : t} ${n}`).join(', ')}`,
    ...h.assumptions.map((s) => `  assumed: ${s}`),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return loaded.exit;
}

function runRoute(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-h', '--help', '-4', '-6'], options: ['--host', '--from', '--iif', '--oif', '--mark', '--tos', '--format'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(HOST_HELP);
    return 0;
  }
  const hostPath = a.options.get('--host');
  if (hostPath === undefined) throw new UsageError('host route needs --host FILE');
  if (a.positionals.length !== 1) throw new UsageError('host route needs exactly one destination address');
  const dstText = a.positionals[0]!;
  const fam: Family | undefined = a.flags.has('-6') ? 'ipv6' : a.flags.has('-4') ? 'ipv4' : undefined;
  const dst = parseAddress(dstText, fam);
  if (!dst) throw new UsageError(`"${dstText}" is not an ${fam === 'ipv6' ? 'IPv6' : fam === 'ipv4' ? 'IPv4' : 'IP'} address`);
  const fromText = a.options.get('--from');
  const from = fromText !== undefined ? parseAddress(fromText, dst.family) : undefined;
  if (from === null) throw new UsageError(`--from "${fromText}" is not an address of the destination's family`);
  const num = (opt: string): number | undefined => {
    const v = a.options.get(opt);
    if (v === undefined) return undefined;
    const n = /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n > 0xffffffff) throw new UsageError(`${opt} needs a number, got "${v}"`);
    return n;
  };
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const loaded = loadHostFile(io, hostPath);
  if (!loaded) return 2;
  const iif = a.options.get('--iif');
  const oif = a.options.get('--oif');
  const mark = num('--mark');
  const tos = num('--tos');
  const d = routeLookup(loaded.host, dst.family, dst.addr, {
    ...(from ? { src: from.addr } : {}), ...(iif !== undefined ? { iif } : {}), ...(oif !== undefined ? { oif } : {}),
    ...(mark !== undefined ? { mark } : {}), ...(tos !== undefined ? { tos } : {}),
  });
  const f = (x: bigint | null): string | null => (x === null ? null : formatAddr(dst.family, x));
  if (format === 'json') {
    const doc = { kind: d.kind, verdict: d.verdict, cause: d.cause, error: d.error, reason: d.reason, dev: d.dev, via: f(d.via), src: f(d.src), masqSrc: f(d.masqSrc), table: d.table };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const parts = [d.kind, dstText];
    if (d.via !== null) parts.push('via', f(d.via)!);
    if (d.dev !== null) parts.push('dev', d.dev);
    if (d.table !== null) parts.push('table', d.table === 255 ? 'local' : d.table === 254 ? 'main' : d.table === 253 ? 'default' : String(d.table));
    if (d.src !== null) parts.push('src', f(d.src)!);
    io.stdout(`${parts.join(' ')}\n  ${d.verdict}: ${d.reason}${d.error ? ` (${d.error})` : ''}\n`);
  }
  return loaded.exit;
}

export function runHost(argv: readonly string[], io: CliHost): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'import':
      return runImport(rest, io);
    case 'check':
      return runCheck(rest, io);
    case 'route':
      return runRoute(rest, io);
    case undefined:
    case '-h':
    case '--help':
      io.stdout(HOST_HELP);
      return sub === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown host subcommand "${sub}" (import, check, route)`);
  }
}
