// Properties of the packet formats over generated packets: every generated
// packet is valid; the JSON witness line and the text line read back as the
// same packet; the positional JSON reader agrees with JSON.parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../../src/index.js';
import { formatPacketJson, formatPacketText } from '../../../src/ir/packet/format-packet.js';
import { FIELD_NAMES } from '../../../src/ir/packet/fields.js';
import type { JsonNode } from '../../../src/ir/packet/json-scan.js';
import { scanJson } from '../../../src/ir/packet/json-scan.js';
import { isPresent, validatePacket } from '../../../src/ir/packet/packet.js';
import { parsePacketLines, parsePacketText } from '../../../src/ir/packet/parse-packet.js';
import { packetArbitrary } from '../../../src/testing/index.js';
import { OPTIONS, rendered } from './helpers.js';

const RUNS = { numRuns: 400 };

describe('packetArbitrary', () => {
  it('only produces packets the validator accepts', () => {
    fc.assert(
      fc.property(packetArbitrary(), (p) => {
        expect(validatePacket(p)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('draws from the values a ruleset mentions', () => {
    const { value: rs } = parseRuleset(
      ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]',
        '-A INPUT -s 192.0.2.0/24 -i wg+ -p tcp -m tcp --dport 2222 -j ACCEPT',
        '-A INPUT -m mark --mark 0x2a -j ACCEPT', 'COMMIT', ''].join('\n'),
      { file: 'hints.rules' },
    );
    const sample = fc.sample(packetArbitrary({ ruleset: rs }), { numRuns: 300, seed: 42 });
    expect(sample.every((p) => p.family === 'ipv4' && validatePacket(p).length === 0)).toBe(true);
    const share = (pred: (p: (typeof sample)[number]) => boolean): number => sample.filter(pred).length / sample.length;
    expect(share((p) => p.dstPort === 2222 || p.dstPort === 2221 || p.dstPort === 2223)).toBeGreaterThan(0.1);
    expect(share((p) => p.srcAddr >> 8n === 0xc00002n)).toBeGreaterThan(0.1);
    expect(share((p) => p.mark === 0x2a)).toBeGreaterThan(0.1);
    expect(share((p) => p.inIface === 'wg' || p.inIface === 'wg0')).toBeGreaterThan(0.05);
  });
});

describe('round trip', () => {
  it('formatPacketJson → parsePacketLines gives the same packet, every field given (the witness format)', () => {
    fc.assert(
      fc.property(packetArbitrary(), fc.oneof(fc.string({ minLength: 1 }), fc.nat()), (p, id) => {
        const line = formatPacketJson(p, { id });
        const [r, ...rest] = parsePacketLines(line, { ...OPTIONS, family: p.family });
        expect(rest).toEqual([]);
        expect(r?.ok ? r.request.packet : rendered(r?.diagnostics ?? [])).toEqual(p);
        if (r?.ok) {
          expect(r.request.id).toEqual(id);
          expect([...r.request.given].sort()).toEqual(FIELD_NAMES.filter((f) => isPresent(f, p)).sort());
        }
      }),
      RUNS,
    );
  });

  it('formatPacketText → parsePacketText gives the same packet', () => {
    fc.assert(
      fc.property(packetArbitrary(), (p) => {
        const r = parsePacketText(formatPacketText(p), OPTIONS);
        expect(r.ok ? r.request.packet : [formatPacketText(p), ...rendered(r.diagnostics)]).toEqual(p);
      }),
      RUNS,
    );
  });

  it('prints readable witnesses', () => {
    const r = parsePacketText('tcp 10.0.0.1:40000 -> 192.168.1.5:22 in eth0 flags SA state ESTABLISHED dir REPLY mark 0x10', OPTIONS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatPacketText(r.request.packet)).toBe('tcp 10.0.0.1:40000 -> 192.168.1.5:22 in eth0 flags SA mark 0x10 state ESTABLISHED dir REPLY');
    expect(formatPacketJson(r.request.packet, { id: 'w1' })).toMatchInlineSnapshot(
      `"{"id":"w1","src":"10.0.0.1","dst":"192.168.1.5","proto":"tcp","sport":40000,"dport":22,"tcp_flags":"SA","ttl":64,"tos":0,"length":40,"fragment":"none","mark":16,"ct_mark":0,"ct_state":"ESTABLISHED","ct_status":["SEEN_REPLY","CONFIRMED"],"ct_direction":"REPLY","in_iface":"eth0","out_iface":"","phys_in_iface":"","phys_out_iface":"","src_mac":"00:00:00:00:00:00","pkt_type":"unicast","origin":"remote"}"`,
    );
  });
});

function plain(n: JsonNode): unknown {
  switch (n.kind) {
    case 'string':
    case 'literal':
      return n.value;
    case 'number':
      return Number(n.raw);
    case 'array':
      return n.items.map(plain);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of n.entries) Object.defineProperty(o, e.key, { value: plain(e.value), enumerable: true, writable: true, configurable: true });
      return o;
    }
  }
}

describe('scanJson', () => {
  it('reads what JSON.parse reads, to the same value', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'small' }), (text) => {
        const r = scanJson(text);
        expect(r.ok ? plain(r.value) : r).toEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('refuses what JSON.parse refuses', () => {
    const jsonish = fc.stringMatching(/^[{}[\]",:0-9a-z \\.eE+-]{0,20}$/);
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(scanJson(text).ok).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['{"a":1,}', 'expected a key in double quotes, got "}"', 7],
    ['{"a" 1}', 'expected ":" after the key, got "1"', 5],
    ['[1 2]', 'expected "," or "]", got "2"', 3],
    ['"\\x"', 'invalid escape in a string', 1],
    ['"abc', 'unterminated string', 0],
    ['01', 'expected the end of the line after the JSON value, got "1"', 1],
    ['[' .repeat(70), 'nested deeper than 64 levels', 65],
  ])('%s: %s at offset %i', (text, message, at) => {
    expect(scanJson(text)).toEqual({ ok: false, message, at });
  });
});
