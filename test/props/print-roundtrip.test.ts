// parse(print(ir)) equals ir, over generated rulesets: base fields generated
// by fast-check (addresses with any mask, negations, interfaces, protocols,
// counters, policies, chains and jumps), matches and targets drawn from
// every match and target the corpus holds.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleset, printRuleset, type Cidr, type Family, type Match, type Rule, type Ruleset, type Table, type TableName, type Target } from '../../src/index.js';
import { corpusAvailable, corpusEntries } from '../helpers/corpus.js';
import { stripSpans } from '../helpers/parse.js';

interface Piece {
  readonly table: TableName;
  readonly proto: Rule['proto'];
  readonly matches: readonly Match[];
  readonly target: Target | null;
}

/** Matches and targets of every error-free corpus rule, keyed by family. */
function corpusPieces(): Record<Family, Piece[]> {
  const out: Record<Family, Piece[]> = { ipv4: [], ipv6: [] };
  for (const e of corpusEntries()) {
    const r = parseRuleset(readFileSync(e.path, 'utf8'), { file: e.name });
    for (const t of r.value.tables)
      for (const c of t.chains)
        for (const rule of c.rules) {
          if (rule.invalid !== null) continue;
          if (rule.target && (rule.target.kind === 'jump' || rule.target.kind === 'goto')) continue;
          out[r.value.family].push({ table: t.name, proto: rule.proto, matches: rule.matches, target: rule.target });
        }
  }
  return out;
}

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

function cidrArb(family: Family): fc.Arbitrary<Cidr> {
  const bits = BITS[family];
  const full = (1n << BigInt(bits)) - 1n;
  return fc.tuple(fc.bigInt({ min: 0n, max: full }), fc.oneof(fc.integer({ min: 0, max: bits }), fc.bigInt({ min: 0n, max: full }))).map(([a, m]) => {
    let mask: bigint;
    let prefix: number | null;
    if (typeof m === 'number') {
      prefix = m;
      mask = m === 0 ? 0n : (full >> BigInt(bits - m)) << BigInt(bits - m);
    } else {
      // Any mask, contiguous or not, for IPv4 (dotted masks); IPv6 masks are prefixes in iptables' syntax.
      mask = family === 'ipv4' ? m : full;
      let n = 0;
      while (n < bits && (mask >> BigInt(bits - 1 - n)) & 1n) n++;
      prefix = (n === 0 ? 0n : (full >> BigInt(bits - n)) << BigInt(bits - n)) === mask ? n : null;
    }
    return { family, addr: a & mask, mask, prefix };
  });
}

const ifaceArb = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,13}$/), fc.boolean()).map(([name, wildcard]) => ({ name, wildcard }));
const negArb = <T>(a: fc.Arbitrary<T>) => fc.option(fc.record({ value: a, negated: fc.boolean() }), { nil: null });
const countersArb = fc.option(fc.record({ packets: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), bytes: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }), { nil: null });

function rulesetArb(family: Family, pieces: readonly Piece[]): fc.Arbitrary<Ruleset> {
  const ruleArb = (table: TableName, chains: readonly string[]) =>
    fc
      .record({
        piece: fc.constantFrom(...pieces.filter((p) => p.table === table)),
        src: negArb(cidrArb(family)),
        dst: negArb(cidrArb(family)),
        inIface: negArb(ifaceArb),
        outIface: negArb(ifaceArb),
        fragment: family === 'ipv4' ? negArb(fc.constant(true as const)) : fc.constant(null),
        counters: countersArb,
        jump: fc.option(fc.record({ kind: fc.constantFrom('jump' as const, 'goto' as const), chain: fc.constantFrom(...chains) }), { nil: null, freq: 4 }),
      })
      .map((g) => ({ ...g, target: g.jump ? ({ ...g.jump, span: g.piece.matches[0]?.span } as Target) : g.piece.target }));
  const tables = (['filter', 'nat', 'mangle', 'raw'] as const).filter((t) => pieces.some((p) => p.table === t));
  return fc.subarray(tables, { minLength: 1 }).chain((names) =>
    fc.tuple(
      ...names.map((table) =>
        fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/), { maxLength: 4 }).chain((userChains) => {
          const users = userChains.filter((n) => !['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING', 'ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'COMMIT'].includes(n));
          return fc.tuple(
            ...users.map((name, i) => fc.array(ruleArb(table, users.slice(i + 1).length > 0 ? users.slice(i + 1) : ['__none__']), { maxLength: 5 }).map((rs) => ({ name, rules: rs }))),
          ).map((chains) => {
            const base = parseRuleset(`*${table}\nCOMMIT\n`, { file: 'g', family }).value.tables[0]!;
            const user = chains.map((c) => ({
              name: c.name,
              builtin: false,
              policy: null,
              counters: null,
              span: null,
              rules: c.rules
                .filter((g) => !(g.target && (g.target.kind === 'jump' || g.target.kind === 'goto') && g.target.chain === '__none__'))
                .map((g, i) => ({
                  id: `${table}/${c.name}#${i + 1}`,
                  table,
                  chain: c.name,
                  index: i + 1,
                  span: null,
                  counters: g.counters,
                  src: g.src,
                  dst: g.dst,
                  proto: g.piece.proto,
                  inIface: g.inIface,
                  outIface: g.outIface,
                  fragment: g.fragment,
                  matches: g.piece.matches,
                  target: g.target,
                  invalid: null,
                })),
            }));
            return { ...base, chains: [...base.chains, ...user] } as unknown as Table;
          });
        }),
      ),
    ).map((ts) => ({ family, file: 'g', tables: ts }) as Ruleset),
  );
}

describe.skipIf(!corpusAvailable)('printer', () => {
  const pieces = corpusPieces();
  for (const family of ['ipv4', 'ipv6'] as const) {
    it(`parse(print(ir)) equals ir for generated ${family} rulesets`, () => {
      fc.assert(
        fc.property(rulesetArb(family, pieces[family]), (rs) => {
          const text = printRuleset(rs);
          const back = parseRuleset(text, { file: 'g', family });
          const errs = back.diagnostics.filter((d) => d.severity === 'error');
          expect(errs.map((d) => `${d.span?.line}: ${d.message}\n${text.split('\n')[(d.span?.line ?? 1) - 1]}`)).toEqual([]);
          expect(stripSpans(back.value)).toEqual(stripSpans(rs));
        }),
        { numRuns: 150 },
      );
    });
  }
});
