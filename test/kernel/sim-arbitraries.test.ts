/**
 * The generators the kernel-differential suites (and nfverify/testing users)
 * rely on, without a kernel: every random ruleset parses without errors,
 * and every drawn session reads back as trace JSON Lines (the packets are
 * valid in the input form `nfverify trace --packets` takes). Whether the
 * kernel loads the rulesets is checked by sim-random.test.ts, which fails
 * on any ruleset the kernel refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePacketLines } from '../../src/ir/packet/parse-packet.js';
import { parseRuleset } from '../../src/parser/index.js';
import { rulesetArbitrary } from '../../src/testing/ruleset-arbitrary.js';
import { rulesetSessionArbitrary, sessionJsonLines, tcpFlagsText } from '../../src/testing/ruleset-packets.js';

describe('ruleset and packet arbitraries', () => {
  it.each(['ipv4', 'ipv6'] as const)('%s: random rulesets parse without errors', (family) => {
    fc.assert(
      fc.property(rulesetArbitrary({ family }), (text) => {
        const errors = parseRuleset(text, { file: 'random.rules', family }).diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.message}: ${text.split('\n')[(d.span?.line ?? 1) - 1]}`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it.each(['ipv4', 'ipv6'] as const)('%s: sessions drawn from a ruleset are valid trace JSON Lines, each packet after the one before', (family) => {
    const arb = rulesetArbitrary({ family }).chain((text) => {
      const rs = parseRuleset(text, { file: 'random.rules', family }).value;
      return rulesetSessionArbitrary(rs, { ifaces: ['eth0', 'eth1'], hostAddrs: [family === 'ipv4' ? '192.0.2.1' : '2001:db8:1::1'], macs: ['02:00:00:00:01:01'], owner: { uid: 0, gid: 0 } });
    });
    fc.assert(
      fc.property(arb, (session) => {
        const lines = parsePacketLines(sessionJsonLines(session), { family, defaults: { inIface: 'eth0' } });
        expect(lines.flatMap((l) => (l.ok ? [] : l.diagnostics.map((d) => `line ${l.line}: ${d.message}`)))).toEqual([]);
        const last = lines[lines.length - 1]!;
        expect(last.ok && last.request.sequence.length).toBe(session.length - 1);
      }),
      { numRuns: 200 },
    );
  });

  it('writes TCP flags in the input form', () => {
    expect(tcpFlagsText(0)).toBe('NONE');
    expect(tcpFlagsText(0x12)).toBe('SA');
    expect(tcpFlagsText(0x11)).toBe('FA');
  });
});
