// The parser never throws and always answers with well-formed diagnostics,
// whatever the input: corpus dumps mutated by fast-check (tokens inserted,
// deleted and swapped, random bytes, huge lines).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleset, printRuleset } from '../../src/index.js';
import { corpusAvailable, corpusEntries } from '../helpers/corpus.js';

const TOKENS = ['!', '-A', '-I', '-N', '-j', '-g', '-m', '-s', '-p', '--dport', '"', '\\"', '*filter', '*nat', 'COMMIT', ':X', '[1:2]', '#', '\n', '\r\n', ' ', 'tcp', 'DNAT', '--to-destination', '1.2.3.4:5', '::1', '0/0', '-m multiport --dports', '-m conntrack --ctstate', 'NEW', 'ACCEPT', '', ':INPUT DROP [0:0]'];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'huge'; at: number; text: string; times: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string(), fc.string({ unit: 'binary' })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS), times: fc.integer({ min: 500, max: 5000 }) }),
);

function mutate(text: string, m: Mutation): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % text.length);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.len);
    case 'swap': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'huge':
      return text.slice(0, at(m.at)) + ` ${m.text}`.repeat(m.times) + text.slice(at(m.at));
  }
}

describe.skipIf(!corpusAvailable)('parser fuzz', () => {
  const texts = corpusEntries()
    .filter((e) => e.rules < 400)
    .map((e) => readFileSync(e.path, 'utf8'));

  it('never throws, and every diagnostic has a code, a message and a position inside the file', { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (base, muts, v6) => {
        const text = muts.reduce(mutate, base);
        const r = parseRuleset(text, { file: 'f', family: v6 ? 'ipv6' : 'ipv4' });
        const lineCount = text.split('\n').length;
        for (const d of r.diagnostics) {
          expect(d.code).toMatch(/^NFV[1-5]\d{3}$/);
          expect(d.message.length).toBeGreaterThan(10);
          expect(d.span).toBeDefined();
          expect(d.span!.line).toBeGreaterThanOrEqual(1);
          expect(d.span!.line).toBeLessThanOrEqual(lineCount);
          expect(d.span!.column).toBeGreaterThanOrEqual(1);
        }
        // Whatever was understood prints and re-parses without throwing.
        parseRuleset(printRuleset(r.value), { file: 'g', family: r.value.family });
      }),
      { numRuns: 200 },
    );
  });

  it('handles a 2 MB line and 100,000 empty lines', () => {
    const long = `*filter\n-A INPUT ${'-s 1.2.3.4 '.repeat(200_000)}\nCOMMIT\n`;
    const r = parseRuleset(long, { file: 'long' });
    expect(r.diagnostics.some((d) => d.code === 'NFV2010')).toBe(true);
    const blank = `*filter\n${'\n'.repeat(100_000)}COMMIT\n`;
    expect(parseRuleset(blank, { file: 'blank' }).diagnostics).toEqual([]);
  });
});
