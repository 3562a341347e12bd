import { describe, expect, it } from 'vitest';
import type { Packet } from '../../../src/ir/packet/packet.js';
import { ipLength, makePacket, minLength, normalizePacket, packetKey, validatePacket } from '../../../src/ir/packet/packet.js';

const DEFAULTS = { inIface: 'eth0' };
const base = makePacket({ family: 'ipv4', srcAddr: 0x0a000001n, dstAddr: 0x0a000002n }, DEFAULTS);

function problems(p: Partial<Packet>): string[] {
  return validatePacket({ ...base, ...p }).map((x) => `${x.field}: ${x.message}`);
}

describe('makePacket', () => {
  it('fills the defaults of the trace packet formats', () => {
    expect(base).toMatchObject({ proto: 6, srcPort: 40000, dstPort: 80, tcpFlags: 2, ttl: 64, tos: 0, length: 40, mark: 0, origin: 'remote', inIface: 'eth0', ctState: 'NEW' });
    expect(validatePacket(base)).toEqual([]);
  });

  it('gives fields that do not exist their zero value', () => {
    const p = makePacket({ family: 'ipv6', srcAddr: 1n, dstAddr: 2n, proto: 58, origin: 'local', ctState: 'UNTRACKED' }, DEFAULTS);
    expect(p).toMatchObject({ srcPort: 0, dstPort: 0, tcpFlags: 0, icmpType: 128, inIface: '', srcMac: 0n, pktType: 'unicast', ctStatus: 0, ctDirection: 'ORIGINAL', length: 48 });
    expect(validatePacket(p)).toEqual([]);
  });

  it('keeps a given value where the field does not exist, for validatePacket to report', () => {
    const p = makePacket({ family: 'ipv4', srcAddr: 1n, dstAddr: 2n, proto: 17, tcpFlags: 0x12 }, DEFAULTS);
    expect(validatePacket(p)).toEqual([{ field: 'tcpFlags', message: 'applies only to tcp packets that are not later fragments' }]);
  });
});

describe('length', () => {
  it.each([
    ['ipv4', 6, 'none', 40],
    ['ipv4', 17, 'none', 28],
    ['ipv4', 1, 'none', 28],
    ['ipv4', 58, 'none', 20],
    ['ipv4', 132, 'first', 32],
    ['ipv4', 6, 'middle', 20],
    ['ipv6', 6, 'none', 60],
    ['ipv6', 58, 'none', 48],
    ['ipv6', 1, 'none', 40],
    ['ipv6', 17, 'last', 40],
  ] as const)('%s proto %i (%s fragment): at least %i bytes', (family, proto, fragment, bytes) => {
    expect(minLength(family, proto, fragment)).toBe(bytes);
    expect(ipLength(family, proto, fragment, 12)).toBe(bytes + 12);
  });
});

describe('validatePacket', () => {
  it.each<[Partial<Packet>, string[]]>([
    [{}, []],
    [{ srcAddr: 1n << 32n }, ['srcAddr: 4294967296 is out of range 0-4294967295']],
    [{ family: 'ipv6', srcAddr: 1n << 32n, length: 60 }, []],
    [{ dstPort: 65536 }, ['dstPort: 65536 is out of range 0-65535']],
    [{ ttl: 1.5 }, ['ttl: expected an integer']],
    [{ length: 65536 }, ['length: 65536 is out of range 0-65535']],
    [{ length: 39 }, ['length: 39 is shorter than the 40 bytes of its headers']],
    [{ ctState: 'OPEN' as Packet['ctState'] }, ['ctState: expected one of NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED']],
    [{ inIface: '' }, ['inIface: a received packet needs an input interface']],
    [{ outIface: 'a/b' }, ['outIface: "a/b" is not a valid interface name']],
    [{ origin: 'local' }, ['inIface: applies only to received packets (origin remote)']],
    [{ origin: 'local', inIface: '', ownerUid: 5 }, []],
    [{ ownerUid: 5 }, ['ownerUid: applies only to locally sent packets (origin local)']],
    [{ fragment: 'last', srcPort: 0, dstPort: 0, tcpFlags: 0 }, []],
    [{ ctState: 'INVALID', ctMark: 1 }, ['ctMark: applies only to packets with a conntrack entry (state NEW, ESTABLISHED or RELATED)']],
    [{ ctDirection: 'REPLY' }, ['ctDirection: a NEW packet is in the ORIGINAL direction of an entry without SEEN_REPLY or EXPECTED', 'ctStatus: a packet in the REPLY direction belongs to a CONFIRMED entry']],
    [{ ctState: 'ESTABLISHED', ctStatus: 0b1000 }, ['ctStatus: an ESTABLISHED packet in the ORIGINAL direction has SEEN_REPLY in its status']],
    [{ ctState: 'ESTABLISHED', ctStatus: 0b0010 }, ['ctStatus: SEEN_REPLY is only set on a CONFIRMED entry']],
    [{ ctState: 'ESTABLISHED', ctDirection: 'REPLY', ctStatus: 0b1000 }, []],
    [{ ctState: 'RELATED', ctDirection: 'REPLY', ctStatus: 0 }, ['ctStatus: a packet in the REPLY direction belongs to a CONFIRMED entry']],
  ])('%o', (p, expected) => {
    expect(problems(p)).toEqual(expected);
  });
});

describe('normalizePacket and packetKey', () => {
  it('zeroes exactly the fields that do not exist', () => {
    const p = normalizePacket({ ...base, proto: 17, tcpFlags: 0xff, icmpType: 3 });
    expect(p).toEqual({ ...base, proto: 17, tcpFlags: 0, icmpType: 0 });
  });

  it('keys packets by family and every field', () => {
    expect(packetKey(base)).toBe(packetKey({ ...base }));
    expect(packetKey(base)).not.toBe(packetKey({ ...base, ttl: 63 }));
    expect(packetKey(base)).not.toBe(packetKey({ ...base, family: 'ipv6' }));
    expect(packetKey(base)).toMatchInlineSnapshot(`"ipv4|167772161|167772162|6|40000|80|2|0|0|64|0|40|none|0|0|NEW|0|ORIGINAL|eth0||||0|unicast|remote|0|0"`);
  });
});
