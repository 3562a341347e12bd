// Conntrack sessions of a packet batch (issue 4: "`after`: ids of earlier packets in the same file
// that are sent first, in order, in the same conntrack session").
import { describe, expect, it } from 'vitest';
import type { PacketRequest } from '../../src/ir/packet/parse-packet.js';
import { parsePacketLines } from '../../src/ir/packet/parse-packet.js';
import type { SessionResult } from '../../src/sim/session.js';
import { buildSessions, sessionOf } from '../../src/sim/session.js';

const OPTIONS = { defaults: { inIface: 'eth0' } };

/** Well-formed requests from JSON lines (every line must parse). */
function requests(...lines: string[]): PacketRequest[] {
  return parsePacketLines(lines.join('\n'), OPTIONS).map((l) => {
    if (!l.ok) throw new Error(`line ${l.line} did not parse: ${l.diagnostics.map((d) => d.message).join('; ')}`);
    return l.request;
  });
}

/** The same requests with ids and `after` set by hand, as a library user may build them (parsePacketLines would refuse these). */
function handMade(spec: readonly [id: string | number, after: readonly (string | number)[]][]): PacketRequest[] {
  const base = requests(...spec.map(() => '{"src":"10.0.0.1","dst":"10.0.0.2"}'));
  return spec.map(([id, after], i) => ({ ...base[i]!, id, after, sequence: [] }));
}

/** Per request: the ids it sends, in order, or its diagnostics as `line:col CODE message`. */
function summary(rs: readonly SessionResult[]): (string | string[])[] {
  return rs.map((r) => (r.ok ? r.session.requests.map((q) => String(q.id)).join(' ') : r.diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`)));
}

const L = (id: string, after: string[] = [], extra = ''): string => `{"id":"${id}","src":"10.0.0.1","dst":"10.0.0.2"${after.length ? `,"after":${JSON.stringify(after)}` : ''}${extra}}`;

describe('buildSessions: the packets a session sends', () => {
  it.each<[string, string[], string[]]>([
    ['a packet without after is sent alone (empty conntrack state)', [L('a'), L('b')], ['a', 'b']],
    ['after sends the earlier packet first, the packet itself last', [L('syn'), L('synack', ['syn'], ',"origin":"local"')], ['syn', 'syn synack']],
    ['an id brings its own after packets with it', [L('syn'), L('synack', ['syn']), L('ack', ['synack'])], ['syn', 'syn synack', 'syn synack ack']],
    ['several ids are sent in the order written', [L('a'), L('b'), L('c', ['b', 'a'])], ['a', 'b', 'b a c']],
    ['a packet reached twice is sent once, where it first appears', [L('a'), L('b', ['a']), L('c', ['a']), L('d', ['b', 'c'])], ['a', 'a b', 'a c', 'a b c d']],
    ['the same id twice in after is sent once', [L('a'), L('b', ['a', 'a'])], ['a', 'a b']],
  ])('%s', (_, lines, expected) => {
    expect(summary(buildSessions(requests(...lines)))).toEqual(expected);
  });

  it('gives the simulator the packets and their given fields, in order', () => {
    const rs = requests(L('syn'), L('synack', ['syn'], ',"origin":"local","tcp_flags":"SA"'));
    const s = buildSessions(rs)[1]!;
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.session.request).toBe(rs[1]);
    expect(s.session.inputs.map((i) => i.packet)).toEqual([rs[0]!.packet, rs[1]!.packet]);
    expect(s.session.inputs.map((i) => i.given)).toEqual([rs[0]!.given, rs[1]!.given]);
  });

  it('numbers and strings are the same id, as in parsePacketLines', () => {
    const rs = requests('{"src":"10.0.0.1","dst":"10.0.0.2"}', '{"src":"10.0.0.2","dst":"10.0.0.1","after":["1"]}');
    expect(summary(buildSessions(rs))).toEqual(['1', '1 2']);
  });

  it('agrees with the sequence parsePacketLines builds (two implementations of one rule)', () => {
    const rs = requests(L('a'), L('b', ['a']), L('c'), L('d', ['c', 'b']), L('e', ['d', 'a', 'c']), L('f', ['e', 'b']));
    const built = buildSessions(rs);
    for (const [i, r] of rs.entries()) {
      const s = built[i]!;
      expect(s.ok).toBe(true);
      if (s.ok) expect(s.session.requests).toEqual(sessionOf(r).requests);
    }
  });
});

describe('buildSessions: bad after references are reported at their line, the run goes on', () => {
  it.each<[string, readonly [string | number, readonly (string | number)[]][], (string | string[])[]]>([
    ['an unknown id', [['a', []], ['b', ['zz']], ['c', ['a']]], ['a', ['2:1 NFV7008 after: no earlier packet has id "zz"'], 'a c']],
    ['a forward reference', [['a', ['b']], ['b', []]], [['1:1 NFV7008 after: "b" is the id of line 2, which does not come before this one'], 'b']],
    ['a packet after itself is a cycle', [['a', ['a']]], [['1:1 NFV7008 after: "a" leads back to this packet ("a" → "a"): a session cannot contain a cycle']]],
    [
      'a cycle through several packets is named with its path',
      [['a', ['c']], ['b', ['a']], ['c', ['b']]],
      [
        ['1:1 NFV7008 after: "c" leads back to this packet ("a" → "c" → "b" → "a"): a session cannot contain a cycle'],
        ['2:1 NFV7008 after: "a" (line 1) is bad, so this packet cannot follow it'],
        ['3:1 NFV7008 after: "b" (line 2) is bad, so this packet cannot follow it'],
      ],
    ],
    [
      'a duplicate id: the first keeps it, the second is reported',
      [['a', []], ['a', []], ['b', ['a']]],
      ['a', ['2:1 NFV7009 id: "a" was already used on line 1'], 'a b'],
    ],
    ['after a bad packet', [['a', ['nope']], ['b', ['a']]], [['1:1 NFV7008 after: no earlier packet has id "nope"'], ['2:1 NFV7008 after: "a" (line 1) is bad, so this packet cannot follow it']]],
  ])('%s', (_, spec, expected) => {
    expect(summary(buildSessions(handMade(spec)))).toEqual(expected);
  });

  it('puts the file name in the spans', () => {
    const [r] = buildSessions(handMade([['a', ['x']]]), { file: 'p.jsonl' });
    expect(r!.ok ? null : r!.diagnostics[0]!.span.file).toBe('p.jsonl');
  });
});
