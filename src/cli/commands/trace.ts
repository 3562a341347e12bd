/**
 * `nfverify trace RULES (--packet TEXT | --packets FILE)`: each packet's fate
 * through the Linux netfilter pipeline, as text (like `nft monitor trace`)
 * or as JSON Lines (the contract in src/report/trace-json.ts).
 *
 * Without `--host`, every conntrack session gets the default host
 * (defaultHost, src/sim/host/default-host.ts) built from the rules and the
 * session's first packet: a session needs one host for all its packets, and
 * the default host is shaped by the packet it is made for (the destination
 * becomes a local address unless the packet names an output interface).
 * Sessions whose first packets give the same addresses and interfaces share
 * a host and its compiled rules. One warning on stderr says what was
 * assumed.
 */
import {
  buildSessions,
  createSimulator,
  defaultHost,
  formatSpan,
  parsePacketLines,
  parseIpsetSave,
  parsePacketText,
  parseRuleset,
  renderDiagnosticsText,
  renderTraceJson,
  renderTraceText,
  type DefaultHostPacket,
  type Family,
  type Host,
  type IpsetStore,
  type Ruleset,
  type Session,
  type Severity,
  type Simulator,
  type Span,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { loadHostFile } from './host.js';
import { readInput } from './parse.js';
import { firstIface, ruleTexts, uplinkOf } from './shared.js';

export const TRACE_HELP = `Usage: nfverify trace RULES [options] (--packet "TEXT" | --packets FILE)

Sends packets through the Linux netfilter pipeline of the ruleset RULES (an
iptables-save / ip6tables-save dump, "-" for standard input) on a host, and
prints each packet's fate: every rule it matched, the policies that applied,
conntrack, routing and NAT, the outcome and the packet as it left.

Options:
  --packet "TEXT"      one packet, e.g. "tcp 10.0.0.1:40000 -> 192.168.1.5:22 in eth0 flags S"
                       (PROTO SRC[:PORT] -> DST[:PORT] then options: in/out IFACE,
                       local, flags FSRPAUEC|NONE, type N, code N, ttl N, tos N,
                       len N, payload N, mark N, state STATE, mac MAC, ...)
  --packets FILE       JSON Lines, one packet object per line ("-" for standard
                       input): id, proto, src, dst, sport, dport, tcp_flags,
                       icmp_type, icmp_code, ttl, tos, payload_len, length, origin,
                       in_iface, mark, src_mac, and after: ids of earlier lines sent
                       first in the same conntrack session (only the last packet's
                       result is printed)
  --host FILE          the host: interfaces, routes, policy rules, sysctls (see
                       "nfverify host"); without it, a default host is assumed
  --ipsets FILE        the contents of the ipsets, as "ipset save" prints them;
                       without it every -m set test is unknown (both ways explored)
  --format text|json   text trace (default) or one JSON object per packet (JSON Lines)
  -4, -6               force IPv4 / IPv6 for RULES (default: detected)
  -h, --help           this help

Without --host, each conntrack session (a packet and its "after" packets) gets
its own default host, made from the interfaces the rules name (-i/-o/physdev
other than lo, eth0 first when the rules name it; eth0 when there is none) and the
session's first packet: its destination is an address of this host, unless the
packet gives an output interface ("out IFACE" / "out_iface"), then it is
forwarded with IP forwarding on; a locally sent packet's source is this host's.
The input interface of a received packet defaults to the uplink (eth0 when
the rules name it, else the first name). Sessions with the same addresses share a host and its compiled
rules; with --host the rules are compiled once for the whole batch. A warning
lists what was assumed; capture the real host with "nfverify host import" and
pass it with --host.

The JSON output, per line: {"id", "outcome", "hits": [{"table", "chain",
"rule", "line", "target"}], "policies": [{"table", "chain", "policy"}],
"final": {"src", "dst", "sport", "dport", "proto", "iif", "oif", "mark",
"ttl"}, "reply"?, "unknowns": [...], "branches"?: [...]}; outcome is one of
delivered, forwarded, sent, dropped, rejected, queued, unknown (see README).

Exit status: 0 every packet answered (an "unknown" outcome is an answer),
2 invalid input (errors in RULES, the host, the ipsets or a packet; a bad
packet line is reported with its line number and the others still run) or bad
usage.
`;

/** Default hosts kept at once (each holds a compiled ruleset). */
const HOST_CACHE = 16;

/** Characters of output collected before a write. */
const OUTPUT_CHUNK = 1 << 16;

/** A packet-input diagnostic (NFV7xxx), as far as printing needs it. */
interface PacketDiag {
  readonly span: Span;
  readonly severity: Severity;
  readonly code: string;
  readonly slug: string;
  readonly message: string;
}

function renderPacketDiagnostics(ds: readonly PacketDiag[]): string {
  return ds.map((d) => `${formatSpan(d.span)}: ${d.severity} ${d.code} (${d.slug}): ${d.message}\n`).join('');
}

/** Where a received packet arrives unless it says: the host's first interface, or the default host's uplink. */
function defaultInIface(host: Host | null, rs: Ruleset): string {
  return host ? firstIface(host) : uplinkOf(rs);
}

/** What the default host is built from: the session's first packet. */
function hostPacket(s: Session): DefaultHostPacket {
  const first = s.inputs[0]!;
  const p = first.packet;
  const oif = first.given.has('outIface') && p.outIface !== '' ? p.outIface : undefined;
  return {
    family: p.family,
    src: p.srcAddr,
    dst: p.dstAddr,
    ...(p.origin === 'remote' ? { iif: p.inIface } : {}),
    ...(oif !== undefined ? { oif } : {}),
  };
}

const hostKey = (p: DefaultHostPacket): string => `${p.family} ${p.src} ${p.dst} ${p.iif ?? '-'} ${p.oif ?? '-'}`;

/** Simulators per default host, the most recently used kept. */
class DefaultSimulators {
  private readonly cache = new Map<string, Simulator>();
  constructor(
    private readonly rs: Ruleset,
    private readonly ipsets: IpsetStore | null,
    /** Whether walks record their steps (only the text output prints them). */
    private readonly steps: boolean,
  ) {}
  get(p: DefaultHostPacket): Simulator {
    const key = hostKey(p);
    let sim = this.cache.get(key);
    if (sim) {
      this.cache.delete(key);
    } else {
      sim = createSimulator(this.rs, { host: defaultHost(this.rs, p).value, ipsets: this.ipsets, steps: this.steps });
      if (this.cache.size >= HOST_CACHE) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, sim);
    return sim;
  }
}

function defaultHostWarning(rs: Ruleset, sessions: readonly Session[]): string {
  const packets = sessions.map(hostPacket);
  const distinct = new Set(packets.map(hostKey)).size;
  const first = packets[0]!;
  const lines = [
    `nfverify trace: warning: no --host given; assumed this host${sessions.length > 1 ? ` for the session of packet ${JSON.stringify(sessions[0]!.request.id)}` : ''}:`,
    ...defaultHost(rs, first).assumptions.map((a) => `  ${a}`),
  ];
  if (distinct > 1) lines.push(`  (${distinct - 1} more host${distinct > 2 ? 's' : ''} for the other sessions, made the same way from each session's first packet)`);
  lines.push(
    'Give the real host with --host FILE: capture it on the box (ip -j addr show > addr.json; ip -j route show table all > route.json;',
    'sysctl -a > sysctl.txt) and run "nfverify host import --addr addr.json --route route.json --sysctl sysctl.txt > host.json".',
  );
  return `${lines.join('\n')}\n`;
}


export function runTrace(argv: readonly string[], io: CliHost): number {
  const a = parseArgs(argv, { flags: ['-4', '-6', '-h', '--help'], options: ['--host', '--ipsets', '--packet', '--packets', '--format'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(TRACE_HELP);
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError(a.positionals.length === 0 ? 'trace needs the RULES file (or - for standard input)' : `unexpected argument "${a.positionals[1]}"`);
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (a.flags.has('-4') && a.flags.has('-6')) throw new UsageError('-4 and -6 exclude each other');
  const family: Family | undefined = a.flags.has('-4') ? 'ipv4' : a.flags.has('-6') ? 'ipv6' : undefined;
  const packetText = a.options.get('--packet');
  const packetsPath = a.options.get('--packets');
  if ((packetText === undefined) === (packetsPath === undefined)) throw new UsageError('trace needs exactly one of --packet "TEXT" and --packets FILE');
  const ipsetsPath = a.options.get('--ipsets');
  const hostPath = a.options.get('--host');
  const stdin = [a.positionals[0], packetsPath, ipsetsPath, hostPath].filter((p) => p === '-').length;
  if (stdin > 1) throw new UsageError('only one of RULES, --packets, --ipsets and --host can be standard input ("-")');

  const rules = readInput(io, a.positionals[0]!);
  const parsed = parseRuleset(rules.text, family ? { file: rules.file, family } : { file: rules.file });
  if (parsed.diagnostics.length > 0) io.stderr(`${renderDiagnosticsText(parsed.diagnostics)}\n`);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return 2;
  const rs = parsed.value;

  let host: Host | null = null;
  if (hostPath !== undefined) {
    const loaded = loadHostFile(io, hostPath);
    if (!loaded) return 2;
    host = loaded.host;
  }
  let ipsets: IpsetStore | null = null;
  if (ipsetsPath !== undefined) {
    const input = readInput(io, ipsetsPath);
    const r = parseIpsetSave(input.text, input.file);
    if (r.diagnostics.length > 0) {
      io.stderr(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: error: ${d.message}\n`).join(''));
      return 2;
    }
    ipsets = r.store;
  }

  // Packets: every bad one is reported with its line; the good ones still run.
  let bad = false;
  const options = { family: rs.family, defaults: { inIface: defaultInIface(host, rs) } };
  const requests: Session['request'][] = [];
  let packetsFile = '<packet>';
  if (packetText !== undefined) {
    const r = parsePacketText(packetText, { ...options, file: '<packet>' });
    if (r.ok) requests.push(r.request);
    else {
      io.stderr(renderPacketDiagnostics(r.diagnostics));
      bad = true;
    }
  } else {
    const input = readInput(io, packetsPath!);
    packetsFile = input.file;
    for (const line of parsePacketLines(input.text, { ...options, file: input.file })) {
      if (line.ok) requests.push(line.request);
      else {
        io.stderr(renderPacketDiagnostics(line.diagnostics));
        bad = true;
      }
    }
  }
  const sessions: Session[] = [];
  for (const s of buildSessions(requests, { file: packetsFile })) {
    if (s.ok) sessions.push(s.session);
    else {
      io.stderr(renderPacketDiagnostics(s.diagnostics));
      bad = true;
    }
  }

  if (!host && sessions.length > 0) io.stderr(defaultHostWarning(rs, sessions));
  // The JSON output has no steps: its walks need not record them.
  const steps = format === 'text';
  const fixed = host ? createSimulator(rs, { host, ipsets, steps }) : null;
  const defaults = new DefaultSimulators(rs, ipsets, steps);
  const ruleText = format === 'text' ? ruleTexts(rs) : null;
  // Output goes out in chunks, not a write per packet (a batch can be many thousands).
  let chunk: string[] = [];
  let size = 0;
  const emit = (text: string): void => {
    chunk.push(text);
    size += text.length;
    if (size >= OUTPUT_CHUNK) flush();
  };
  const flush = (): void => {
    if (chunk.length > 0) io.stdout(chunk.join(''));
    chunk = [];
    size = 0;
  };
  for (const [i, s] of sessions.entries()) {
    const sim = fixed ?? defaults.get(hostPacket(s));
    let result: ReturnType<Simulator['run']>;
    try {
      result = sim.run(s.inputs);
    } catch (e) {
      flush();
      throw new Error(`packet ${JSON.stringify(s.request.id)} (line ${s.request.line}): ${(e as Error).message}`, { cause: e });
    }
    const id = s.request.id;
    const ids = s.requests.map((r) => r.id);
    if (format === 'json') emit(`${renderTraceJson(id, result, ids)}\n`);
    else {
      const after = ids.slice(0, -1);
      emit(`${i > 0 ? '\n' : ''}${renderTraceText(result, { id, packet: s.request.packet, after, ruleText: ruleText! })}`);
    }
  }
  flush();
  return bad ? 2 : 0;
}
