// Differential tests of the symbolic u32 and string matches (the byte model of u32.ts) against the simulator.
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import { stringSymMatch } from '../../../src/verify/match/string.js';
import { u32SymMatch } from '../../../src/verify/match/u32.js';
import type { CaseOpts } from './st-harness.js';
import { differential, makeCase, symAnswer } from './st-harness.js';

const LENGTHS = [0, 3, 4, 7, 8, 20, 21, 23, 24, 27, 28, 39, 40, 41, 43, 44, 47, 48, 59, 60, 61, 100, 65535];

function hints(family: Family): CaseOpts['hints'] {
  return {
    length: LENGTHS,
    proto: [6, 17, 1, 58, 132, 47],
    fragment: ['none', 'first', 'middle', 'last'],
    srcAddr: family === 'ipv4' ? [0xc0a80001n, 0x47455420n, 0n] : [0x20010db8000000000000000000000001n, 0x47455420n],
    dstAddr: family === 'ipv4' ? [0xc0a80102n, 0x0a000001n] : [0x20010db8000000000000000000000050n],
    srcPort: [0x4745, 80, 53, 0x6765],
    dstPort: [0x5420, 0x5445, 80, 53],
    tos: [0, 0x10, 0xb8, 0x47],
    ttl: [64, 0x45, 0x47],
    icmpType: [8, 0x47],
    icmpCode: [0, 0x45],
    tcpFlags: [0x02, 0x12, 0x47],
  };
}

type Row = readonly [rule: string, family: Family];

describe('u32', () => {
  const rows: Row[] = [
    ['-m u32 --u32 "6&0xFF=6"', 'ipv4'],
    ['-m u32 --u32 "6&0xFF=6"', 'ipv6'],
    ['-m u32 --u32 "0>>22&0x3C@0>>16=80"', 'ipv4'],
    ['-m u32 ! --u32 "0>>22&0x3C@0>>16=80"', 'ipv4'],
    ['-m u32 --u32 "0>>22&0x3C@4=0x29"', 'ipv4'],
    ['-m u32 --u32 "12&0xFFFF0000=0xC0A80000"', 'ipv4'],
    ['-m u32 ! --u32 "0&0xFFFF=0x100:0xFFFF"', 'ipv4'],
    ['-m u32 --u32 "0>>22&0x3C@12>>26&0x3C@0=0x47455420"', 'ipv4'],
    ['-m u32 --u32 "6&0xFF=17&&0>>22&0x3C@0&0xFFFF=53"', 'ipv4'],
    ['-m u32 --u32 "4&0x1FFF=0"', 'ipv4'],
    ['-m u32 --u32 "4&0x3FFF=0x2000:0x3FFF"', 'ipv4'],
    ['-m u32 --u32 "0>>22&0x3C@8>>15&0x1=1"', 'ipv4'],
    ['-m u32 --u32 "0>>22&0x3C@0>>24=8,0x47"', 'ipv4'],
    ['-m u32 --u32 "8>>24=0x40:0xFF&&16=0x0A000001"', 'ipv4'],
    ['-m u32 --u32 "0<<4>>28=5"', 'ipv4'],
    ['-m u32 --u32 "4&0xFFFF0000=0x00140000"', 'ipv6'],
    ['-m u32 --u32 "0>>20&0xFF=0x10:0x20"', 'ipv6'],
    ['-m u32 --u32 "8=0x20010db8"', 'ipv6'],
    ['-m u32 ! --u32 "36&0xFFFF=0x50"', 'ipv6'],
    ['-m u32 --u32 "40=0"', 'ipv6'],
    ['-m u32 --u32 "40=0"', 'ipv4'],
    ['-m u32 --u32 "4>>16=0:0xFFFF"', 'ipv6'],
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('u32', u32SymMatch, rule, { family, hints: hints(family), runs: 400 }));

  it('hand-written answers', () => {
    const c = makeCase('u32', u32SymMatch, '-m u32 --u32 "0>>22&0x3C@0>>16=80"', {});
    expect(symAnswer(c, v4({ proto: 17, srcPort: 80, dstPort: 9 }))).toBe('yes');
    expect(symAnswer(c, v4({ proto: 17, srcPort: 81, dstPort: 9 }))).toBe('no');
    // A later fragment's layer-4 bytes are payload.
    expect(symAnswer(c, v4({ proto: 17, fragment: 'middle', srcPort: 0, dstPort: 0, tcpFlags: 0, length: 100 }))).toBe('unk');
    expect(symAnswer(c, v4({ proto: 17, fragment: 'middle', srcPort: 0, dstPort: 0, tcpFlags: 0, length: 23 }))).toBe('no');
    const seq = makeCase('u32', u32SymMatch, '-m u32 --u32 "0>>22&0x3C@4=0x29"', {});
    expect(symAnswer(seq, v4({ proto: 6, length: 40 }))).toBe('unk');
    expect(symAnswer(seq, v4({ proto: 1, srcPort: 0, dstPort: 0, tcpFlags: 0, length: 27 }))).toBe('no');
  });
});

describe('string', () => {
  const rows: Row[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    rows.push(
      ['-m string --algo bm --string "GET"', family],
      ['-m string --algo kmp ! --string "GET"', family],
      ['-m string --algo bm --string "get" --icase', family],
      ['-m string --algo bm --hex-string "|c0a8|" --from 12 --to 20', family],
      ['-m string --algo bm ! --hex-string "|c0a8|" --from 12 --to 20', family],
      ['-m string --algo bm --hex-string "|0000|" --to 8', family],
      ['-m string --algo bm --string "abcdefghijklmn" --to 10', family],
      ['-m string --algo bm --string "x" --from 40', family],
      ['-m string --algo bm ! --string "x" --from 40 --to 44', family],
      ['-m string --algo kmp --hex-string "|45|" --to 3', family],
      ['-m string --algo kmp --hex-string "|47|" --from 20 --to 40', family],
    );
  }
  it.each(rows)('%s (%s)', (rule, family) => void differential('string', stringSymMatch, rule, { family, hints: hints(family), runs: 400 }));

  it('hand-written answers', () => {
    const c = makeCase('string', stringSymMatch, '-m string --algo bm --string "GET"', {});
    expect(symAnswer(c, v4({ proto: 17, srcPort: 0x4745, dstPort: 0x5420 }))).toBe('yes');
    expect(symAnswer(c, v4({ proto: 17, srcPort: 1, dstPort: 2, length: 28 }))).toBe('unk');
    const addrs = makeCase('string', stringSymMatch, '-m string --algo bm --hex-string "|c0a8|" --from 12 --to 20', {});
    expect(symAnswer(addrs, v4({ srcAddr: 0x0a000001n, dstAddr: 0x0a000002n }))).toBe('no');
    expect(symAnswer(addrs, v4({ srcAddr: 0x0a000001n, dstAddr: 0xc0a80002n }))).toBe('yes');
    expect(symAnswer(c, v4({ proto: 17, srcPort: 1, dstPort: 2, length: 100 }))).toBe('unk');
    expect(symAnswer(c, v4({ proto: 17, srcPort: 1, dstPort: 2, length: 2 }))).toBe('no');
  });
});

function v4(p: Partial<PacketInit>): ReturnType<typeof makePacket> {
  return makePacket({ family: 'ipv4', srcAddr: 0xc6336409n, dstAddr: 0xc000020an, ...p }, { inIface: 'eth0' });
}
