// `trace --format json`: the stable output contract of issue 4 ("Output: a stable contract scripts
// can rely on"), checked on hand-built results (test/report/fixtures.ts).
import { describe, expect, it } from 'vitest';
import { formatPacketJson } from '../../src/ir/packet/format-packet.js';
import { parsePacketLines } from '../../src/ir/packet/parse-packet.js';
import { renderTraceJson, traceJson } from '../../src/report/trace-json.js';
import {
  DNAT_IN, DOCKER_FORWARD, DOCKER_REPLY, DROPPED_MARTIAN, REJECTED, RESET, SENT6, UNKNOWN_EARLIER, UNKNOWN_SSH,
} from './fixtures.js';

const parsed = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;

describe('trace JSON: keys and their order', () => {
  it.each([
    ['forwarded', DOCKER_FORWARD, ['id', 'outcome', 'hits', 'policies', 'final', 'unknowns']],
    ['rejected (with a reply)', REJECTED, ['id', 'outcome', 'hits', 'policies', 'final', 'reply', 'unknowns']],
    ['unknown (with branches; the first one has no reply)', UNKNOWN_SSH, ['id', 'outcome', 'hits', 'policies', 'final', 'unknowns', 'branches']],
    ['truncated', UNKNOWN_EARLIER, ['id', 'outcome', 'hits', 'policies', 'final', 'unknowns', 'branches', 'truncated']],
  ])('%s', (_, r, keys) => {
    const o = parsed(renderTraceJson('p', r));
    expect(Object.keys(o)).toEqual(keys);
    expect(Object.keys(o['final'] as object)).toEqual(['src', 'dst', 'sport', 'dport', 'proto', 'iif', 'oif', 'mark', 'ttl']);
    for (const h of o['hits'] as object[]) expect(Object.keys(h)).toEqual(['table', 'chain', 'rule', 'line', 'target']);
    for (const p of o['policies'] as object[]) expect(Object.keys(p)).toEqual(['table', 'chain', 'policy']);
    for (const u of o['unknowns'] as object[]) expect(Object.keys(u)).toEqual(['table', 'chain', 'rule', 'line', 'module', 'reason', 'assumed', 'packet']);
    for (const b of (o['branches'] ?? []) as Record<string, unknown>[]) {
      expect(Object.keys(b).filter((k) => k !== 'reply')).toEqual(['assumptions', 'outcome', 'hits', 'policies', 'final']);
    }
  });

  it('is one line per packet', () => {
    for (const r of [DOCKER_FORWARD, REJECTED, UNKNOWN_SSH, SENT6]) expect(renderTraceJson(1, r)).not.toContain('\n');
  });
});

describe('trace JSON: a published Docker port (docker-host.rules)', () => {
  it('lists every rule hit in traversal order with the kernel rule number and the source line', () => {
    expect(traceJson(1, DOCKER_FORWARD)).toEqual({
      id: 1,
      outcome: 'forwarded',
      hits: [
        { table: 'nat', chain: 'PREROUTING', rule: 1, line: 8, target: 'DOCKER' },
        { table: 'nat', chain: 'DOCKER', rule: 2, line: 13, target: 'DNAT' },
        { table: 'filter', chain: 'FORWARD', rule: 1, line: 29, target: 'DOCKER-USER' },
        { table: 'filter', chain: 'DOCKER-USER', rule: 1, line: 40, target: 'RETURN' },
        { table: 'filter', chain: 'FORWARD', rule: 2, line: 30, target: 'DOCKER-ISOLATION-STAGE-1' },
        { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', rule: 2, line: 37, target: 'RETURN' },
        { table: 'filter', chain: 'FORWARD', rule: 4, line: 32, target: 'DOCKER' },
        { table: 'filter', chain: 'DOCKER', rule: 1, line: 35, target: 'ACCEPT' },
      ],
      policies: [{ table: 'nat', chain: 'POSTROUTING', policy: 'ACCEPT' }],
      final: { src: '198.51.100.7', dst: '172.17.0.2', sport: 40000, dport: 80, proto: 'tcp', iif: 'eth0', oif: 'docker0', mark: 0, ttl: 63 },
      unknowns: [],
    });
  });

  it('shows the de-NATed reply as it left', () => {
    expect(traceJson('synack', DOCKER_REPLY).final).toEqual({
      src: '203.0.113.5', dst: '198.51.100.7', sport: 8080, dport: 40000, proto: 'tcp', iif: 'docker0', oif: 'eth0', mark: 0, ttl: 63,
    });
  });

  it('echoes string ids as strings and number ids as numbers', () => {
    expect(parsed(renderTraceJson('syn-1', DOCKER_FORWARD))['id']).toBe('syn-1');
    expect(parsed(renderTraceJson(7, DOCKER_FORWARD))['id']).toBe(7);
  });
});

describe('trace JSON: final', () => {
  it.each([
    ['ICMPv6 has no ports, a local packet no input device', SENT6, { src: '2001:db8::5', dst: '2001:db8:1::7', sport: null, dport: null, proto: 'icmpv6', iif: null, oif: 'eth0', mark: 0, ttl: 64 }],
    ['a dropped packet has no output device; the mark is a number', DROPPED_MARTIAN, { src: '127.0.0.1', dst: '203.0.113.5', sport: 53, dport: 53, proto: 'udp', iif: 'eth0', oif: null, mark: 1, ttl: 64 }],
  ])('%s', (_, r, final) => {
    expect(traceJson(1, r).final).toEqual(final);
  });

  it('gives a protocol without a name as a number, which the packet input reads back', () => {
    const p = { ...DNAT_IN, proto: 99, srcPort: 0, dstPort: 0, tcpFlags: 0 };
    const r = { ...DOCKER_FORWARD, fate: { ...DOCKER_FORWARD.fate, final: p } };
    const final = traceJson(1, r).final;
    expect(final.proto).toBe(99);
    const back = parsePacketLines(JSON.stringify({ src: final.src, dst: final.dst, proto: final.proto }), { defaults: { inIface: 'eth0' } })[0]!;
    expect(back.ok && back.request.packet.proto).toBe(99);
  });

  it('can be fed back as a --packets line', () => {
    const { src, dst, sport, dport, proto, mark, ttl } = traceJson(1, DOCKER_FORWARD).final;
    const line = JSON.stringify({ src, dst, sport, dport, proto, mark, ttl });
    const back = parsePacketLines(line, { defaults: { inIface: 'eth0' } })[0]!;
    expect(back.ok && back.request.packet).toMatchObject({ srcAddr: 0xc6336407n, dstAddr: 0xac110002n, srcPort: 40000, dstPort: 80, proto: 6, ttl: 63 });
  });
});

describe('trace JSON: reply', () => {
  it('is the REJECT reply in exactly the --packets input form, and reads back to the same packet', () => {
    const o = traceJson(1, REJECTED);
    expect(o.outcome).toBe('rejected');
    expect(o.reply).toEqual(JSON.parse(formatPacketJson(RESET)));
    expect(o.reply).toMatchObject({ proto: 'tcp', src: '203.0.113.5', dst: '198.51.100.7', sport: 23, dport: 40000, tcp_flags: 'RA', origin: 'local' });
    const back = parsePacketLines(JSON.stringify(o.reply), { defaults: { inIface: 'eth0' } })[0]!;
    expect(back.ok && back.request.packet).toEqual(RESET);
  });

  it('is absent when nothing was sent back', () => {
    expect('reply' in traceJson(1, DOCKER_FORWARD)).toBe(false);
  });
});

describe('trace JSON: unknowns and branches', () => {
  it('reports the unknown outcome, the first branch at top level, and every branch with its assumptions', () => {
    const o = traceJson('ssh', UNKNOWN_SSH);
    const limit = { table: 'filter', chain: 'INPUT', rule: 1, line: 5, module: 'limit', reason: 'the token bucket depends on earlier packets', packet: 'ssh' };
    expect(o.outcome).toBe('unknown');
    expect(o.hits).toEqual([{ table: 'filter', chain: 'INPUT', rule: 1, line: 5, target: 'ACCEPT' }]);
    expect(o.unknowns).toEqual([{ ...limit, assumed: true }]);
    expect(o.branches?.map((b) => [b.outcome, b.assumptions, b.hits.map((h) => h.rule), b.reply?.['tcp_flags'] ?? null])).toEqual([
      ['delivered', [{ ...limit, assumed: true }], [1], null],
      ['rejected', [{ ...limit, assumed: false }], [2], 'RA'],
    ]);
    expect('truncated' in o).toBe(false);
  });

  it('names the earlier packet of the session an unknown happened to, and says when branches were cut', () => {
    const o = traceJson('ssh2', UNKNOWN_EARLIER, ['syn', 'ssh2']);
    expect(o.outcome).toBe('unknown');
    expect(o.unknowns.map((u) => u.packet)).toEqual(['syn']);
    expect(o.truncated).toBe(true);
  });

  it('has no branches when the walk did not split', () => {
    expect('branches' in traceJson(1, REJECTED)).toBe(false);
  });
});
