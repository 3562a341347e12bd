/**
 * sctp match. iptables-extensions(8) "sctp"; userspace
 * extensions/libxt_sctp.c (old-style getopt parser: ports through
 * xtables_parse_port with protocol "sctp", chunk lists, flags); kernel
 * net/netfilter/xt_sctp.c (`.proto = IPPROTO_SCTP`, at most 4 flag entries).
 */
import type { NumRange } from '../../../../ir/addr.js';
import { SCTP_CHUNKS, type SctpChunkFlag, type SctpChunkMatchType, type SctpChunks, type SctpMatch } from '../../../../ir/matches/sctp.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { formatPortRange, resolvePort } from '../../values/port.js';
import { anyBad, arg0, negOpt, opt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

const XT_NUM_SCTP_FLAGS = 4;

/** libxt_sctp parse_sctp_ports: "P", "A:B", ":B", "A:"; numbers in C base 0 or sctp service names; A > B is refused. */
function parseSctpPorts(arg: ArgValue, ctx: LowerCtx): NumRange | null {
  const t = arg.text;
  const i = t.indexOf(':');
  const port = (s: string, at: number): number | null => {
    const p = resolvePort(s, 'sctp');
    if (p === null) ctx.report('BadPort', `invalid port "${s}": expected a number 0-65535 or an sctp service name`, subSpan(arg.span, at, s.length));
    return p;
  };
  if (i < 0) {
    const p = port(t, 0);
    return p === null ? null : { from: p, to: p };
  }
  const a = t.slice(0, i);
  const b = t.slice(i + 1);
  const from = a === '' ? 0 : port(a, 0);
  if (from === null) return null;
  const to = b === '' ? 65535 : port(b, i + 1);
  if (to === null) return null;
  if (from > to) {
    ctx.report('BadPort', `invalid port range "${t}": the first port is greater than the second`, arg.span);
    return null;
  }
  return { from, to };
}

function parseMatchType(a: ArgValue, ctx: LowerCtx): SctpChunkMatchType | null {
  const t = a.text.toLowerCase();
  if (t === 'any' || t === 'all' || t === 'only') return t;
  ctx.report('BadValue', `chunk match type must be all, any or only, got "${a.text}"`, a.span);
  return null;
}

/** libxt_sctp parse_sctp_chunk: ALL, NONE, or a comma list of NAME[:FLAGS]. */
function parseChunkList(a: ArgValue, ctx: LowerCtx): { types: SctpChunks['types']; flags: SctpChunkFlag[] } | null {
  const t = a.text;
  if (t.toUpperCase() === 'ALL') return { types: 'all', flags: [] };
  if (t.toUpperCase() === 'NONE') return { types: [], flags: [] };
  const types = new Set<number>();
  const flags: SctpChunkFlag[] = [];
  let at = 0;
  for (const item of t.split(',')) {
    const here = at;
    at += item.length + 1;
    if (item === '') continue; // strtok skips empty fields
    const colon = item.indexOf(':');
    const name = colon < 0 ? item : item.slice(0, colon);
    const index = SCTP_CHUNKS.findIndex((c) => c.name === name.toUpperCase());
    const chunk = SCTP_CHUNKS[index];
    if (!chunk) {
      ctx.report('BadValue', `unknown SCTP chunk type "${name}": expected one of ${SCTP_CHUNKS.map((c) => c.name).join(', ')}`, subSpan(a.span, here, name.length));
      return null;
    }
    types.add(chunk.type);
    if (colon < 0) continue;
    const letters = item.slice(colon + 1);
    if (letters !== '' && index !== chunk.type) {
      // libxt_sctp stores flag tests under the table index, not the chunk type.
      ctx.report('BadValue', `iptables 1.8.9 records flags of ${chunk.name} under chunk type ${index} instead of ${chunk.type}, so they would never apply; nfverify does not accept them`, subSpan(a.span, here + colon + 1, letters.length));
      return null;
    }
    for (let j = 0; j < letters.length; j++) {
      const c = letters[j]!;
      const pos = chunk.flags.indexOf(c.toUpperCase());
      if (pos < 0) {
        ctx.report('BadValue', `invalid flag "${c}" for SCTP chunk ${chunk.name}: valid flags are ${chunk.flags.replace(/-/g, '') || 'none'}`, subSpan(a.span, here + colon + 1 + j, 1));
        return null;
      }
      const bit = 1 << (7 - pos);
      const set = c !== c.toLowerCase();
      let f = flags.findIndex((x) => x.chunkType === index);
      if (f < 0) {
        if (flags.length === XT_NUM_SCTP_FLAGS) {
          ctx.report('BadValue', `flags may be given for at most ${XT_NUM_SCTP_FLAGS} chunk types`, subSpan(a.span, here, item.length));
          return null;
        }
        flags.push({ chunkType: index, flags: 0, mask: 0 });
        f = flags.length - 1;
      }
      const old = flags[f]!;
      flags[f] = { chunkType: index, flags: set ? old.flags | bit : old.flags, mask: old.mask | bit };
    }
  }
  return { types: [...types].sort((x, y) => x - y), flags };
}

function formatChunks(c: SctpChunks): PrintArg[] {
  if (c.types === 'all') return [c.matchType, 'ALL'];
  if (c.types.length === 0) return [c.matchType, 'NONE'];
  const items = c.types.map((type) => {
    const chunk = SCTP_CHUNKS.find((x) => x.type === type)!;
    const f = c.flags.find((x) => x.chunkType === type);
    if (!f || f.mask === 0) return chunk.name;
    let s = ':';
    for (let bit = 7; bit >= 0; bit--) {
      if (!(f.mask & (1 << bit))) continue;
      const letter = chunk.flags[7 - bit]!;
      s += f.flags & (1 << bit) ? letter : letter.toLowerCase();
    }
    return chunk.name + s;
  });
  return [c.matchType, items.join(',')];
}

export const sctpMatch: MatchSpec<SctpMatch> = {
  name: 'sctp',
  families: ['ipv4', 'ipv6'],
  proto: 132,
  options: {
    sport: { flags: ['--sport', '--source-port'], arity: 1, negatable: true },
    dport: { flags: ['--dport', '--destination-port'], arity: 1, negatable: true },
    chunks: { flags: ['--chunk-types'], arity: 2, negatable: true },
  },
  lower(opts, ctx, span) {
    const sport = negOpt(opts, 'sport', (a) => parseSctpPorts(a, ctx));
    const dport = negOpt(opts, 'dport', (a) => parseSctpPorts(a, ctx));
    let chunks: SctpMatch['chunks'] | undefined = null;
    const o = opt(opts, 'chunks');
    if (o) {
      const mt = parseMatchType(arg0(o), ctx);
      const list = mt === null ? null : parseChunkList(o.values[1]!, ctx);
      chunks = mt === null || list === null ? undefined : { value: { matchType: mt, ...list }, negated: o.negated };
    }
    if (anyBad(sport, dport, chunks)) return null;
    return { kind: 'sctp', span, sport: sport!, dport: dport!, chunks: chunks! };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--sport', m.sport, formatPortRange);
    printNeg(out, '--dport', m.dport, formatPortRange);
    printNeg(out, '--chunk-types', m.chunks, formatChunks);
    return out;
  },
};
