/**
 * Match extensions group B: set, length, ttl, hl, tos, dscp, policy, rt, ah,
 * esp, frag, string, time, statistic, u32, connlimit, nfacct, rpfilter,
 * socket, devgroup, cgroup, helper, ipv6header, ecn, tcpmss, hbh, dst, mh,
 * quota, connbytes, realm, cpu.
 * Expected printed forms were checked against iptables-legacy-save 1.8.9
 * on kernel 6.18 (in a throwaway network namespace) unless noted.
 */
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { TableName } from '../../../src/ir/names.js';
import type { MatchSpec } from '../../../src/parser/lower/extensions/spec.js';
import { lowerArgs, printArgs, stripSpans } from '../../helpers/ext.js';
import { setMatch } from '../../../src/parser/lower/extensions/match/set.js';
import { lengthMatch } from '../../../src/parser/lower/extensions/match/length.js';
import { ttlMatch } from '../../../src/parser/lower/extensions/match/ttl.js';
import { hlMatch } from '../../../src/parser/lower/extensions/match/hl.js';
import { tosMatch } from '../../../src/parser/lower/extensions/match/tos.js';
import { dscpMatch } from '../../../src/parser/lower/extensions/match/dscp.js';
import { policyHookProblem, policyMatch } from '../../../src/parser/lower/extensions/match/policy.js';
import { rtMatch } from '../../../src/parser/lower/extensions/match/rt.js';
import { ahMatch } from '../../../src/parser/lower/extensions/match/ah.js';
import { espMatch } from '../../../src/parser/lower/extensions/match/esp.js';
import { fragMatch } from '../../../src/parser/lower/extensions/match/frag.js';
import { stringMatch } from '../../../src/parser/lower/extensions/match/string.js';
import { timeMatch } from '../../../src/parser/lower/extensions/match/time.js';
import { formatProbability, statisticMatch } from '../../../src/parser/lower/extensions/match/statistic.js';
import { u32Match } from '../../../src/parser/lower/extensions/match/u32.js';
import { connlimitMatch } from '../../../src/parser/lower/extensions/match/connlimit.js';
import { nfacctMatch } from '../../../src/parser/lower/extensions/match/nfacct.js';
import { rpfilterMatch } from '../../../src/parser/lower/extensions/match/rpfilter.js';
import { socketMatch } from '../../../src/parser/lower/extensions/match/socket.js';
import { devgroupHookProblem, devgroupMatch } from '../../../src/parser/lower/extensions/match/devgroup.js';
import { cgroupMatch } from '../../../src/parser/lower/extensions/match/cgroup.js';
import { helperMatch } from '../../../src/parser/lower/extensions/match/helper.js';
import { ipv6headerMatch } from '../../../src/parser/lower/extensions/match/ipv6header.js';
import { ecnMatch } from '../../../src/parser/lower/extensions/match/ecn.js';
import { tcpmssMatch } from '../../../src/parser/lower/extensions/match/tcpmss.js';
import { hbhMatch } from '../../../src/parser/lower/extensions/match/hbh.js';
import { dstMatch } from '../../../src/parser/lower/extensions/match/dst.js';
import { mhMatch } from '../../../src/parser/lower/extensions/match/mh.js';
import { quotaMatch } from '../../../src/parser/lower/extensions/match/quota.js';
import { connbytesMatch } from '../../../src/parser/lower/extensions/match/connbytes.js';
import { realmMatch } from '../../../src/parser/lower/extensions/match/realm.js';
import { cpuMatch } from '../../../src/parser/lower/extensions/match/cpu.js';
import type { PolicyMatch } from '../../../src/ir/matches/policy.js';
import type { DevgroupMatch } from '../../../src/ir/matches/devgroup.js';

interface Opts {
  readonly family?: Family;
  readonly table?: TableName;
  readonly protocol?: number | null;
}

/** [spec, args, expected IR without span (kind included), expected printed args (iptables-save form), options]. */
type Accepted = readonly [MatchSpec<unknown>, string, Record<string, unknown>, string, Opts?];
/** [spec, args, diagnostic name, [column, endColumn] of its span, options]. */
type Rejected = readonly [MatchSpec<unknown>, string, string, readonly [number, number], Opts?];

const v6: Opts = { family: 'ipv6' };
const n = (value: unknown, negated = false) => ({ value, negated });
const r = (from: number, to: number) => ({ from, to });
const full = 0xffffffff;

const accepted: readonly Accepted[] = [
  // set
  [setMatch, '--match-set whitelist src', { kind: 'set', matchSet: n({ name: 'whitelist', dirs: ['src'] }), returnNomatch: false, updateCounters: true, updateSubcounters: true, packets: null, bytes: null }, '--match-set whitelist src'],
  [setMatch, '! --match-set wl srcxx,dstyy --return-nomatch ! --update-counters ! --update-subcounters --packets-eq 5 ! --bytes-eq 7',
    { kind: 'set', matchSet: n({ name: 'wl', dirs: ['src', 'dst'] }, true), returnNomatch: true, updateCounters: false, updateSubcounters: false, packets: { op: 'eq', value: 5n }, bytes: { op: 'ne', value: 7n } },
    '! --match-set wl src,dst --return-nomatch ! --update-counters ! --update-subcounters --packets-eq 5 ! --bytes-eq 7'],
  [setMatch, '--set w2 dst,src --packets-lt 3 --bytes-gt 0x10 --update-counters',
    { kind: 'set', matchSet: n({ name: 'w2', dirs: ['dst', 'src'] }), returnNomatch: false, updateCounters: true, updateSubcounters: true, packets: { op: 'lt', value: 3n }, bytes: { op: 'gt', value: 16n } },
    '--match-set w2 dst,src --packets-lt 3 --bytes-gt 16'],
  [setMatch, '--match-set s src,dst,src,dst,src,dst --bytes-eq 18446744073709551615', { kind: 'set', matchSet: n({ name: 's', dirs: ['src', 'dst', 'src', 'dst', 'src', 'dst'] }), returnNomatch: false, updateCounters: true, updateSubcounters: true, packets: null, bytes: { op: 'eq', value: 18446744073709551615n } }, '--match-set s src,dst,src,dst,src,dst --bytes-eq 18446744073709551615'],
  // length
  [lengthMatch, '! --length 100:', { kind: 'length', length: n(r(100, 65535), true) }, '! --length 100:65535'],
  [lengthMatch, '--length 100:50', { kind: 'length', length: n(r(100, 50)) }, '--length 100:50'],
  [lengthMatch, '--length :5', { kind: 'length', length: n(r(0, 5)) }, '--length 0:5', v6],
  [lengthMatch, '--length 0x40', { kind: 'length', length: n(r(64, 64)) }, '--length 64'],
  // ttl / hl
  [ttlMatch, '! --ttl-eq 255', { kind: 'ttl', op: 'ne', value: 255 }, '! --ttl-eq 255'],
  [ttlMatch, '--ttl 3', { kind: 'ttl', op: 'eq', value: 3 }, '--ttl-eq 3'],
  [ttlMatch, '--ttl-lt 254', { kind: 'ttl', op: 'lt', value: 254 }, '--ttl-lt 254'],
  [ttlMatch, '--ttl-gt 2', { kind: 'ttl', op: 'gt', value: 2 }, '--ttl-gt 2'],
  [hlMatch, '--hl-eq 255', { kind: 'hl', op: 'eq', value: 255 }, '--hl-eq 255', v6],
  [hlMatch, '! --hl-eq 1', { kind: 'hl', op: 'ne', value: 1 }, '! --hl-eq 1', v6],
  [hlMatch, '--hl 7', { kind: 'hl', op: 'eq', value: 7 }, '--hl-eq 7', v6],
  // tos / dscp
  [tosMatch, '--tos Minimize-Delay', { kind: 'tos', tos: n({ value: 0x10, mask: 0x3f }) }, '--tos 0x10/0x3f'],
  [tosMatch, '! --tos 0x10', { kind: 'tos', tos: n({ value: 0x10, mask: 0xff }, true) }, '! --tos 0x10/0xff'],
  [tosMatch, '--tos normal-service', { kind: 'tos', tos: n({ value: 0, mask: 0x3f }) }, '--tos 0x00/0x3f'],
  [tosMatch, '--tos 8/0x1c', { kind: 'tos', tos: n({ value: 8, mask: 0x1c }) }, '--tos 0x08/0x1c', v6],
  [dscpMatch, '--dscp-class af11x', { kind: 'dscp', dscp: n(0x0a) }, '--dscp 0x0a'],
  [dscpMatch, '! --dscp 10', { kind: 'dscp', dscp: n(10, true) }, '! --dscp 0x0a'],
  [dscpMatch, '--dscp-class ef', { kind: 'dscp', dscp: n(0x2e) }, '--dscp 0x2e'],
  // policy
  [policyMatch, '--dir in --pol ipsec', { kind: 'policy', family: 'ipv4', dir: 'in', pol: 'ipsec', strict: false, elements: [{ reqid: null, spi: null, proto: null, mode: null, tunnelSrc: null, tunnelDst: null }] }, '--dir in --pol ipsec'],
  [policyMatch, '--dir out', { kind: 'policy', family: 'ipv4', dir: 'out', pol: 'ipsec', strict: false, elements: [{ reqid: null, spi: null, proto: null, mode: null, tunnelSrc: null, tunnelDst: null }] }, '--dir out --pol ipsec'],
  [policyMatch, '--dir in --pol none', { kind: 'policy', family: 'ipv4', dir: 'in', pol: 'none', strict: false, elements: [] }, '--dir in --pol none'],
  [policyMatch, '--dir in --pol none --reqid 5', { kind: 'policy', family: 'ipv4', dir: 'in', pol: 'none', strict: false, elements: [] }, '--dir in --pol none'],
  [policyMatch, '--dir in --pol ipsec --strict --reqid 1 --spi 0x10 --proto esp --mode tunnel --tunnel-src 10.0.0.1/24 --tunnel-dst 10.1.1.1 --next ! --proto IPSEC-AH',
    { kind: 'policy', family: 'ipv4', dir: 'in', pol: 'ipsec', strict: true, elements: [
      { reqid: n(1), spi: n(16), proto: n(50), mode: n('tunnel'), tunnelSrc: n({ addr: 0x0a000001n, prefix: 24 }), tunnelDst: n({ addr: 0x0a010101n, prefix: 32 }) },
      { reqid: null, spi: null, proto: n(51, true), mode: null, tunnelSrc: null, tunnelDst: null },
    ] },
    '--dir in --pol ipsec --strict --reqid 1 --spi 0x10 --proto esp --mode tunnel --tunnel-dst 10.1.1.1 --tunnel-src 10.0.0.1/24 --next ! --proto ah'],
  [policyMatch, '--dir in --pol ipsec --tunnel-src 2001:db8::1/64 --mode tunnel',
    { kind: 'policy', family: 'ipv6', dir: 'in', pol: 'ipsec', strict: false, elements: [{ reqid: null, spi: null, proto: null, mode: n('tunnel'), tunnelSrc: n({ addr: 0x20010db8000000000000000000000001n, prefix: 64 }), tunnelDst: null }] },
    '--dir in --pol ipsec --mode tunnel --tunnel-src 2001:db8::1/64', v6],
  [policyMatch, '--dir out --strict --proto 108 ! --mode transport --tunnel-dst 1.2.3.4/255.255.0.0',
    { kind: 'policy', family: 'ipv4', dir: 'out', pol: 'ipsec', strict: true, elements: [{ reqid: null, spi: null, proto: n(108), mode: n('transport', true), tunnelSrc: null, tunnelDst: n({ addr: 0x01020304n, prefix: 16 }) }] },
    '--dir out --pol ipsec --strict --proto ipcomp ! --mode transport --tunnel-dst 1.2.3.4/16'],
  // rt
  [rtMatch, '--rt-type 0 --rt-segsleft 0', { kind: 'rt', type: n(0), segsleft: n(r(0, 0)), len: null, res: false, addrs: null, notStrict: false }, '--rt-type 0 --rt-segsleft 0', v6],
  [rtMatch, '! --rt-type 2 ! --rt-segsleft 3: ! --rt-len 16', { kind: 'rt', type: n(2, true), segsleft: n(r(3, full), true), len: n(16, true), res: false, addrs: null, notStrict: false }, '! --rt-type 2 ! --rt-segsleft 3:4294967295 ! --rt-len 16', v6],
  [rtMatch, '--rt-type 0 --rt-0-res --rt-0-addrs ::1,2001:db8::0:1 --rt-0-not-strict', { kind: 'rt', type: n(0), segsleft: null, len: null, res: true, addrs: [1n, 0x20010db8000000000000000000000001n], notStrict: true }, '--rt-type 0 --rt-0-res --rt-0-addrs ::1,2001:db8::1 --rt-0-not-strict', v6],
  // iptables-save drops this (meaning "never matches"); nfverify keeps it.
  [rtMatch, '! --rt-segsleft 0:4294967295', { kind: 'rt', type: null, segsleft: n(r(0, full), true), len: null, res: false, addrs: null, notStrict: false }, '! --rt-segsleft 0:4294967295', v6],
  [rtMatch, '--rt-segsleft :', { kind: 'rt', type: null, segsleft: null, len: null, res: false, addrs: null, notStrict: false }, '', v6],
  // ah / esp / frag
  [ahMatch, '! --ahspi 5:6', { kind: 'ah', spi: n(r(5, 6), true), len: null, res: false }, '! --ahspi 5:6', { protocol: 51 }],
  [ahMatch, '! --ahspi 5 ! --ahlen 0 --ahres', { kind: 'ah', spi: n(r(5, 5), true), len: n(0, true), res: true }, '! --ahspi 5 ! --ahlen 0 --ahres', v6],
  [ahMatch, '--ahlen 0', { kind: 'ah', spi: null, len: null, res: false }, '', v6],
  [espMatch, '--espspi 7', { kind: 'esp', spi: n(r(7, 7)) }, '--espspi 7'],
  [espMatch, '--espspi 1:0x10', { kind: 'esp', spi: n(r(1, 16)) }, '--espspi 1:16', { family: 'ipv6', protocol: 50 }],
  [fragMatch, '! --fragid 5:6 --fraglen 8 --fragres --fragfirst --fragmore', { kind: 'frag', ids: n(r(5, 6), true), len: n(8), res: true, first: true, more: true, last: false }, '! --fragid 5:6 --fraglen 8 --fragres --fragfirst --fragmore', v6],
  [fragMatch, '--fraglast', { kind: 'frag', ids: null, len: null, res: false, first: false, more: false, last: true }, '--fraglast', v6],
  // string
  [stringMatch, '--algo bm --string X-Kazaa-User', { kind: 'string', algo: 'bm', from: 0, to: 65535, pattern: n([...Buffer.from('X-Kazaa-User')]), icase: false }, '--string "X-Kazaa-User" --algo bm'],
  [stringMatch, '--algo kmp --hex-string "|41 42|C\\"D|ff|" --from 10 --to 100 --icase', { kind: 'string', algo: 'kmp', from: 10, to: 100, pattern: n([0x41, 0x42, 0x43, 0x22, 0x44, 0xff]), icase: true }, '--hex-string "|4142432244ff|" --algo kmp --from 10 --to 100 --icase'],
  [stringMatch, '--algo bm ! --string "a\\\\b\'c"', { kind: 'string', algo: 'bm', from: 0, to: 65535, pattern: n([...Buffer.from("a\\b'c")], true), icase: false }, '! --string "a\\\\b\'c" --algo bm'],
  [stringMatch, '--algo bm --hex-string "|41||42|"', { kind: 'string', algo: 'bm', from: 0, to: 65535, pattern: n([0x41, 0x7c, 0x34, 0x32]), icase: false }, '--string "A|42" --algo bm'],
  [stringMatch, '--algo bm --hex-string "ab\\\\|"', { kind: 'string', algo: 'bm', from: 0, to: 65535, pattern: n([0x61, 0x62, 0x7c]), icase: false }, '--string "ab|" --algo bm'],
  [stringMatch, '--algo bm --string "end\\\\"', { kind: 'string', algo: 'bm', from: 0, to: 65535, pattern: n([...Buffer.from('end\\')]), icase: false }, '--hex-string "|656e645c|" --algo bm'],
  // time
  [timeMatch, '--timestart 06:59 --timestop 23:59', { kind: 'time', dateStart: 0, dateStop: 0x7fffffff, daytimeStart: 25140, daytimeStop: 86340, monthdays: 0xfffffffe, weekdays: 0xfe, kerneltz: false, contiguous: false }, '--timestart 06:59:00 --timestop 23:59:00 --datestop 2038-01-19T03:14:07'],
  [timeMatch, '--weekdays Mo,Tuesday,3 --monthdays 1,2,31 --datestart 2020-01-01 --kerneltz', { kind: 'time', dateStart: 1577836800, dateStop: 0x7fffffff, daytimeStart: 0, daytimeStop: 86399, monthdays: 0x80000006, weekdays: 0x0e, kerneltz: true, contiguous: false }, '--monthdays 1,2,31 --weekdays Mon,Tue,Wed --datestart 2020-01-01T00:00:00 --datestop 2038-01-19T03:14:07 --kerneltz'],
  [timeMatch, '! --weekdays Mon --contiguous --timestart 23:00 --timestop 01:00', { kind: 'time', dateStart: 0, dateStop: 0x7fffffff, daytimeStart: 82800, daytimeStop: 3600, monthdays: 0xfffffffe, weekdays: 0xfc, kerneltz: false, contiguous: true }, '--timestart 23:00:00 --timestop 01:00:00 --weekdays Tue,Wed,Thu,Fri,Sat,Sun --datestop 2038-01-19T03:14:07 --contiguous'],
  [timeMatch, '--weekdays Mon, --monthdays 123,0', { kind: 'time', dateStart: 0, dateStop: 0x7fffffff, daytimeStart: 0, daytimeStop: 86399, monthdays: 1 << 12, weekdays: 2, kerneltz: false, contiguous: false }, '--monthdays 12 --weekdays Mon --datestop 2038-01-19T03:14:07'],
  [timeMatch, '--datestart 2020-00-00 --localtz', { kind: 'time', dateStart: 1575072000, dateStop: 0x7fffffff, daytimeStart: 0, daytimeStop: 86399, monthdays: 0xfffffffe, weekdays: 0xfe, kerneltz: true, contiguous: false }, '--datestart 2019-11-30T00:00:00 --datestop 2038-01-19T03:14:07 --kerneltz'],
  [timeMatch, '--datestop 2038-12-31T23:59:59 --monthdays 0', { kind: 'time', dateStart: 0, dateStop: 2177452799, daytimeStart: 0, daytimeStop: 86399, monthdays: 0, weekdays: 0xfe, kerneltz: false, contiguous: false }, '--monthdays 0 --datestop 2038-12-31T23:59:59'],
  // statistic
  [statisticMatch, '--mode random --probability 0.5000000000', { kind: 'statistic', test: n({ mode: 'random', probability: 0x40000000 }) }, '--mode random --probability 0.50000000000'],
  [statisticMatch, '--mode random ! --probability 0.000244140625', { kind: 'statistic', test: n({ mode: 'random', probability: 0x80000 }, true) }, '--mode random ! --probability 0.00024414062'],
  [statisticMatch, '--mode random --probability 0x1p-1', { kind: 'statistic', test: n({ mode: 'random', probability: 0x40000000 }) }, '--mode random --probability 0.50000000000'],
  [statisticMatch, '--mode random --probability 1', { kind: 'statistic', test: n({ mode: 'random', probability: 0x80000000 }) }, '--mode random --probability 1.00000000000'],
  [statisticMatch, '--mode nth --every 3 --packet 1', { kind: 'statistic', test: n({ mode: 'nth', every: 3, packet: 1 }) }, '--mode nth --every 3 --packet 1'],
  [statisticMatch, '--mode nth ! --every 2 --packet 0', { kind: 'statistic', test: n({ mode: 'nth', every: 2, packet: 0 }, true) }, '--mode nth ! --every 2 --packet 0'],
  // u32
  [u32Match, '--u32 "0>>22&0x3C@ 12>>26&0x3C@0=0x1:0x3,5 && 0&0xFFFF=0x100:0xFFFF"',
    { kind: 'u32', tests: n([
      { start: 0, ops: [{ op: 'shr', number: 22 }, { op: 'and', number: 0x3c }, { op: 'at', number: 12 }, { op: 'shr', number: 26 }, { op: 'and', number: 0x3c }, { op: 'at', number: 0 }], ranges: [r(1, 3), r(5, 5)] },
      { start: 0, ops: [{ op: 'and', number: 0xffff }], ranges: [r(0x100, 0xffff)] },
    ]) },
    '--u32 "0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x1:0x3,0x5&&0x0&0xffff=0x100:0xffff"'],
  [u32Match, '! --u32 "6 & 0xFF = 17 , 6"', { kind: 'u32', tests: n([{ start: 6, ops: [{ op: 'and', number: 255 }], ranges: [r(17, 17), r(6, 6)] }], true) }, '! --u32 "0x6&0xff=0x11,0x6"'],
  // connlimit
  [connlimitMatch, '--connlimit-above 15', { kind: 'connlimit', limit: 15, above: true, prefix: 32, daddr: false }, '--connlimit-above 15 --connlimit-mask 32 --connlimit-saddr'],
  [connlimitMatch, '! --connlimit-above 15 --connlimit-mask 255.255.0.0 --connlimit-daddr', { kind: 'connlimit', limit: 15, above: false, prefix: 16, daddr: true }, '--connlimit-upto 15 --connlimit-mask 16 --connlimit-daddr'],
  [connlimitMatch, '--connlimit-above 6298 --connlimit-mask 32 --connlimit-saddr', { kind: 'connlimit', limit: 6298, above: true, prefix: 32, daddr: false }, '--connlimit-above 6298 --connlimit-mask 32 --connlimit-saddr'],
  [connlimitMatch, '--connlimit-upto 3 --connlimit-mask ffff:ffff::', { kind: 'connlimit', limit: 3, above: false, prefix: 32, daddr: false }, '--connlimit-upto 3 --connlimit-mask 32 --connlimit-saddr', v6],
  // libxtables turns a number above 32 (an inet_aton address) or a non-contiguous mask into the full mask.
  [connlimitMatch, '--connlimit-above 1 --connlimit-mask 33', { kind: 'connlimit', limit: 1, above: true, prefix: 32, daddr: false }, '--connlimit-above 1 --connlimit-mask 32 --connlimit-saddr'],
  [connlimitMatch, '--connlimit-above 1 --connlimit-mask 255.0.255.0', { kind: 'connlimit', limit: 1, above: true, prefix: 32, daddr: false }, '--connlimit-above 1 --connlimit-mask 32 --connlimit-saddr'],
  [policyMatch, '--dir in --mode tunnel --tunnel-src 10.0.0.1/33', { kind: 'policy', family: 'ipv4', dir: 'in', pol: 'ipsec', strict: false, elements: [{ reqid: null, spi: null, proto: null, mode: n('tunnel'), tunnelSrc: n({ addr: 0x0a000001n, prefix: 32 }), tunnelDst: null }] }, '--dir in --pol ipsec --mode tunnel --tunnel-src 10.0.0.1'],
  [connlimitMatch, '! --connlimit-upto 3', { kind: 'connlimit', limit: 3, above: true, prefix: 128, daddr: false }, '--connlimit-above 3 --connlimit-mask 128 --connlimit-saddr', v6],
  // nfacct / rpfilter / socket
  [nfacctMatch, '--nfacct-name ct_state_invalid_dropped_pkts', { kind: 'nfacct', name: 'ct_state_invalid_dropped_pkts' }, '--nfacct-name ct_state_invalid_dropped_pkts'],
  [nfacctMatch, '--nfacct-name "a b"', { kind: 'nfacct', name: 'a b' }, '--nfacct-name "a b"'],
  [nfacctMatch, '--nfacct-name abcdefghijklmnopqrstuvwxyz0123456789', { kind: 'nfacct', name: 'abcdefghijklmnopqrstuvwxyz01234' }, '--nfacct-name abcdefghijklmnopqrstuvwxyz01234'],
  [rpfilterMatch, '--invert', { kind: 'rpfilter', loose: false, validmark: false, acceptLocal: false, invert: true }, '--invert', { table: 'raw' }],
  [rpfilterMatch, '--invert --accept-local --validmark --loose', { kind: 'rpfilter', loose: true, validmark: true, acceptLocal: true, invert: true }, '--loose --validmark --accept-local --invert', { table: 'mangle' }],
  [socketMatch, '--restore-skmark --transparent --nowildcard', { kind: 'socket', transparent: true, nowildcard: true, restoreSkmark: true }, '--transparent --nowildcard --restore-skmark'],
  [socketMatch, '', { kind: 'socket', transparent: false, nowildcard: false, restoreSkmark: false }, ''],
  // devgroup / cgroup / helper
  [devgroupMatch, '--src-group 0 ! --dst-group 3/0xf', { kind: 'devgroup', src: n({ value: 0, mask: full }), dst: n({ value: 3, mask: 15 }, true) }, '--src-group 0x0 ! --dst-group 0x3/0xf'],
  [cgroupMatch, '--cgroup 10', { kind: 'cgroup', path: null, classid: n(10) }, '--cgroup 10'],
  [cgroupMatch, '! --path "/user.slice/a b"', { kind: 'cgroup', path: n('/user.slice/a b', true), classid: null }, '! --path "/user.slice/a b"'],
  [timeMatch, '--utc --timestop 1:2:3', { kind: 'time', dateStart: 0, dateStop: 0x7fffffff, daytimeStart: 0, daytimeStop: 3723, monthdays: 0xfffffffe, weekdays: 0xfe, kerneltz: false, contiguous: false }, '--timestart 00:00:00 --timestop 01:02:03 --datestop 2038-01-19T03:14:07'],
  [helperMatch, '--helper ftp', { kind: 'helper', name: n('ftp') }, '--helper ftp'],
  [helperMatch, '! --helper "a b"', { kind: 'helper', name: n('a b', true) }, '! --helper "a b"'],
  // ipv6header
  [ipv6headerMatch, '--header hop,ipv6-opts,route,frag,auth,IPSEC-ESP,none,prot,ip --soft', { kind: 'ipv6header', headers: n(0xff), soft: true }, '--header hop-by-hop,ipv6-opts,ipv6-route,ipv6-frag,ah,esp,ipv6-nonxt,protocol --soft', v6],
  [ipv6headerMatch, '! --header 60', { kind: 'ipv6header', headers: n(0x40, true), soft: false }, '! --header ipv6-opts', v6],
  [ipv6headerMatch, '--header ,frag,,', { kind: 'ipv6header', headers: n(0x10), soft: false }, '--header ipv6-frag', v6],
  // ecn / tcpmss
  [ecnMatch, '--ecn-ip-ect 2', { kind: 'ecn', ece: null, cwr: null, ect: n(2) }, '--ecn-ip-ect 2'],
  [ecnMatch, '! --ecn-tcp-cwr --ecn-tcp-ece', { kind: 'ecn', ece: n(true), cwr: n(true, true), ect: null }, '--ecn-tcp-ece ! --ecn-tcp-cwr', { protocol: 6 }],
  [ecnMatch, '! --ecn-ip-ect 1', { kind: 'ecn', ece: null, cwr: null, ect: n(1, true) }, '! --ecn-ip-ect 1', v6],
  [tcpmssMatch, '--mss 100:', { kind: 'tcpmss', mss: n(r(100, 65535)) }, '--mss 100:65535'],
  [tcpmssMatch, '! --mss 1400', { kind: 'tcpmss', mss: n(r(1400, 1400), true) }, '! --mss 1400'],
  // hbh / dst / mh
  [hbhMatch, '! --hbh-len 8 --hbh-opts 1:2,0x105,5:0', { kind: 'hbh', len: n(8, true), opts: [{ type: 1, len: 2 }, { type: 5, len: null }, { type: 5, len: 0 }] }, '! --hbh-len 8 --hbh-opts 1:2,5,5:0', v6],
  [hbhMatch, '', { kind: 'hbh', len: null, opts: null }, '', v6],
  [dstMatch, '--dst-opts 3', { kind: 'dst', len: null, opts: [{ type: 3, len: null }] }, '--dst-opts 3', v6],
  [mhMatch, '--mh-type bu', { kind: 'mh', types: n(r(5, 5)) }, '--mh-type 5', v6],
  [mhMatch, '! --mh-type b:Home-Test', { kind: 'mh', types: n(r(0, 3), true) }, '! --mh-type 0:3', v6],
  [mhMatch, '--mh-type BINDING-E', { kind: 'mh', types: n(r(7, 7)) }, '--mh-type 7', v6],
  [mhMatch, '--mh-type :b', { kind: 'mh', types: n(r(0, 0)) }, '--mh-type 0', v6],
  [mhMatch, '--mh-type 0:255', { kind: 'mh', types: null }, '', v6],
  [mhMatch, '! --mh-type 0:255', { kind: 'mh', types: n(r(0, 255), true) }, '! --mh-type 0:255', v6],
  // quota / connbytes / realm / cpu
  [quotaMatch, '--quota 18446744073709551615', { kind: 'quota', quota: n(18446744073709551615n) }, '--quota 18446744073709551615'],
  [quotaMatch, '! --quota 0x100', { kind: 'quota', quota: n(256n, true) }, '! --quota 256'],
  [connbytesMatch, '! --connbytes 10 --connbytes-dir both --connbytes-mode avgpkt', { kind: 'connbytes', from: 18446744073709551615n, to: 10n, dir: 'both', mode: 'avgpkt' }, '! --connbytes 10 --connbytes-mode avgpkt --connbytes-dir both'],
  [connbytesMatch, '! --connbytes 5:5 --connbytes-dir reply --connbytes-mode bytes', { kind: 'connbytes', from: 5n, to: 5n, dir: 'reply', mode: 'bytes' }, '--connbytes 5:5 --connbytes-mode bytes --connbytes-dir reply'],
  [connbytesMatch, '--connbytes 10:20 --connbytes-dir original --connbytes-mode packets', { kind: 'connbytes', from: 10n, to: 20n, dir: 'original', mode: 'packets' }, '--connbytes 10:20 --connbytes-mode packets --connbytes-dir original'],
  // iptables-save prints "--connbytes 0" here, which means 0:max: nfverify keeps 0:0.
  [connbytesMatch, '--connbytes 0:0 --connbytes-dir reply --connbytes-mode bytes', { kind: 'connbytes', from: 0n, to: 0n, dir: 'reply', mode: 'bytes' }, '--connbytes 0:0 --connbytes-mode bytes --connbytes-dir reply'],
  [realmMatch, '! --realm 5/0xff', { kind: 'realm', realm: n({ value: 5, mask: 0xff }, true) }, '! --realm 0x5/0xff'],
  [realmMatch, '--realm 0', { kind: 'realm', realm: n({ value: 0, mask: full }) }, '--realm 0x0'],
  [cpuMatch, '! --cpu 1', { kind: 'cpu', cpu: n(1, true) }, '! --cpu 1'],
];

const rejected: readonly Rejected[] = [
  [setMatch, '--match-set wl src,,dst', 'BadValue', [20, 21]],
  [setMatch, '--match-set wl src,dst,src,dst,src,dst,src', 'BadValue', [16, 43]],
  [setMatch, '--match-set abcdefghijklmnopqrstuvwxyz0123456 src', 'BadValue', [13, 46]],
  [setMatch, '--match-set wl src --packets-eq 1 --packets-gt 2', 'ConflictingOptions', [35, 49]],
  [setMatch, '--match-set wl src --bytes-lt x', 'BadNumber', [31, 32]],
  [setMatch, '--return-nomatch', 'MissingOption', [1, 17]],
  [lengthMatch, '--length 70000', 'BadNumber', [10, 15]],
  [lengthMatch, '--length 1:2:3', 'BadNumber', [10, 15]],
  [lengthMatch, '--length 5:x', 'BadNumber', [12, 13]],
  [ttlMatch, '--ttl-eq 256', 'BadNumber', [10, 13]],
  [ttlMatch, '--ttl-eq 1 --ttl-lt 5', 'ConflictingOptions', [12, 22]],
  [ttlMatch, '', 'MissingOption', [1, 2]],
  [tosMatch, '--tos 0x10/0x3f0', 'BadValue', [12, 17]],
  [tosMatch, '--tos Lowdelay', 'BadValue', [7, 15]],
  [tosMatch, '--tos 300', 'BadValue', [7, 10]],
  [dscpMatch, '--dscp 64', 'BadNumber', [8, 10]],
  [dscpMatch, '--dscp-class af1', 'BadValue', [14, 17]],
  [dscpMatch, '--dscp 1 --dscp-class ef', 'ConflictingOptions', [10, 25]],
  [policyMatch, '--pol ipsec', 'MissingOption', [1, 12]],
  [policyMatch, '--dir sideways', 'BadValue', [7, 15]],
  [policyMatch, '--dir in --tunnel-src 1.2.3.4', 'MissingOption', [10, 30]],
  [policyMatch, '--dir in --mode transport --tunnel-dst 1.2.3.4', 'ConflictingOptions', [27, 47]],
  [policyMatch, '--dir in --reqid 1 --next --reqid 2', 'MissingOption', [20, 26]],
  [policyMatch, '--dir in --reqid 1 --reqid 2', 'DuplicateOption', [20, 29]],
  [policyMatch, '--dir in --strict --reqid 1 --next', 'MissingOption', [10, 18]],
  [policyMatch, '--dir in --pol none --strict', 'ConflictingOptions', [21, 29]],
  [policyMatch, '--dir in --proto tcp', 'BadValue', [18, 21]],
  [policyMatch, '--dir in --proto 6', 'BadValue', [18, 19]],
  [policyMatch, '--dir in --mode tunnel --tunnel-src 10.0.0.1/x', 'BadAddress', [46, 47]],
  [policyMatch, '--dir in --mode tunnel --tunnel-src gw.example.com', 'HostName', [37, 51]],
  [policyMatch, '--dir in --strict --reqid 1 --next --reqid 2 --next --reqid 3 --next --reqid 4 --next --reqid 5', 'BadValue', [80, 86]],
  [rtMatch, '--rt-0-res --rt-type 0', 'MissingOption', [1, 11], v6],
  [rtMatch, '--rt-type 1 --rt-0-addrs ::1', 'MissingOption', [13, 25], v6],
  [rtMatch, '--rt-type 0 --rt-0-not-strict', 'MissingOption', [13, 30], v6],
  [rtMatch, '--rt-type 0 --rt-0-addrs ::1,fe80::/64', 'BadAddress', [30, 39], v6],
  [rtMatch, '--rt-segsleft 5:x', 'BadNumber', [17, 18], v6],
  [ahMatch, '--ahspi 1', 'NeedsProtocol', [1, 10]],
  [ahMatch, '--ahlen 5', 'WrongFamily', [1, 8], { protocol: 51 }],
  [ahMatch, '--ahspi 1:2:3', 'BadNumber', [9, 14], v6],
  [espMatch, '--espspi 4294967296', 'BadNumber', [10, 20]],
  [fragMatch, '--fragmore --fraglast', 'ConflictingOptions', [12, 22], v6],
  [stringMatch, '--string abc', 'MissingOption', [1, 13]],
  [stringMatch, '--algo fsm --string abc', 'BadValue', [8, 11]],
  [stringMatch, '--algo bm --string ""', 'BadValue', [20, 22]],
  [stringMatch, '--algo bm --string a --hex-string b', 'ConflictingOptions', [22, 36]],
  [stringMatch, '--algo bm --hex-string "|4|"', 'BadValue', [26, 28]],
  [stringMatch, '--algo bm --hex-string "|41"', 'BadValue', [26, 28]],
  [stringMatch, '--algo bm --hex-string "|4g|"', 'BadValue', [26, 28]],
  [stringMatch, '--algo bm --hex-string "ab\\\\"', 'BadValue', [27, 28]],
  [stringMatch, '--algo bm --hex-string "|41\\\\|"', 'BadValue', [28, 29]],
  [stringMatch, '--algo bm --string a --from 10 --to 5', 'BadValue', [32, 38]],
  [stringMatch, `--algo bm --string ${'x'.repeat(129)}`, 'BadValue', [20, 149]],
  [timeMatch, '--timestart 24:00', 'BadValue', [13, 18]],
  [timeMatch, '--timestart 0600', 'BadValue', [13, 17]],
  [timeMatch, '--datestop 2039', 'BadValue', [12, 16]],
  [timeMatch, '--datestart 2020-13', 'BadValue', [13, 20]],
  [timeMatch, '--datestart 1970-00', 'BadValue', [13, 20]],
  [timeMatch, '--weekdays Mon,Xyz', 'BadValue', [16, 19]],
  [timeMatch, '--weekdays 9', 'BadValue', [12, 13]],
  [timeMatch, '--weekdays 0', 'BadValue', [12, 13]],
  [timeMatch, '--weekdays ,Mon', 'BadValue', [12, 13]],
  [timeMatch, '--monthdays 1,32', 'BadValue', [15, 17]],
  [timeMatch, '--contiguous --timestart 01:00 --timestop 02:00', 'ConflictingOptions', [1, 13]],
  [timeMatch, '--utc --kerneltz', 'ConflictingOptions', [7, 17]],
  [statisticMatch, '--probability 0.5', 'MissingOption', [1, 18]],
  [statisticMatch, '--mode rand --probability 0.5', 'BadValue', [8, 12]],
  [statisticMatch, '--mode random --probability 1.0000001', 'BadNumber', [29, 38]],
  [statisticMatch, '--mode random --probability nan', 'BadNumber', [29, 32]],
  [statisticMatch, '--mode random', 'MissingOption', [1, 14]],
  [statisticMatch, '--mode nth --every 3', 'MissingOption', [12, 21]],
  [statisticMatch, '--mode nth --every 3 --packet 3', 'BadNumber', [31, 32]],
  [statisticMatch, '--mode nth --every 0 --packet 0', 'BadNumber', [20, 21]],
  [statisticMatch, '--mode random --probability 0.5 --every 2 --packet 0', 'ConflictingOptions', [33, 42]],
  [u32Match, '--u32 "0=1 && 4=2,3 &&"', 'BadValue', [23, 24]],
  [u32Match, '--u32 "=1"', 'BadValue', [8, 9]],
  [u32Match, '--u32 "0<1=1"', 'BadValue', [9, 10]],
  [u32Match, '--u32 "0 x 1=1"', 'BadValue', [10, 11]],
  [u32Match, '--u32 "0=1;2"', 'BadValue', [11, 12]],
  [u32Match, '--u32 "0=0x100000000"', 'BadValue', [10, 21]],
  [u32Match, '--u32 "0&1&2&3&4&5&6&7&8&9&10=1"', 'BadValue', [27, 30]],
  [u32Match, '--u32 "0"', 'BadValue', [9, 10]],
  [u32Match, '--u32 "0=-1"', 'BadValue', [10, 11]],
  [connlimitMatch, '--connlimit-mask 24', 'MissingOption', [1, 20]],
  [connlimitMatch, '--connlimit-above 1 --connlimit-upto 2', 'ConflictingOptions', [21, 39]],
  [connlimitMatch, '--connlimit-above 1 --connlimit-mask 1.2.3.4.5', 'BadAddress', [38, 47]],
  [connlimitMatch, '--connlimit-above 1 --connlimit-mask 129', 'BadAddress', [38, 41], v6],
  [connlimitMatch, '--connlimit-above 1 --connlimit-saddr --connlimit-daddr', 'ConflictingOptions', [39, 56]],
  [nfacctMatch, '--nfacct-name ""', 'BadValue', [15, 17]],
  [devgroupMatch, '', 'MissingOption', [1, 2]],
  [devgroupMatch, '--src-group default', 'BadValue', [13, 20]],
  [devgroupMatch, '--src-group 1/x', 'BadValue', [15, 16]],
  [cgroupMatch, '--path / --cgroup 1', 'ConflictingOptions', [10, 20]],
  [cgroupMatch, '', 'MissingOption', [1, 2]],
  [cgroupMatch, '--cgroup -1', 'BadNumber', [10, 12]],
  [ipv6headerMatch, '--header hopopt,IPv6-Route,ipv6-icmp', 'BadValue', [28, 37], v6],
  [ipv6headerMatch, '--header ,', 'BadValue', [10, 11], v6],
  [ipv6headerMatch, '--soft', 'MissingOption', [1, 7], v6],
  [ecnMatch, '--ecn-tcp-cwr', 'NeedsProtocol', [1, 14]],
  [ecnMatch, '--ecn-ip-ect 4', 'BadNumber', [14, 15]],
  [ecnMatch, '', 'MissingOption', [1, 2]],
  [tcpmssMatch, '--mss 10:5', 'BadNumber', [7, 11]],
  [hbhMatch, '--hbh-opts 0:1', 'BadValue', [12, 15], v6],
  [hbhMatch, '--hbh-opts 1,,2', 'BadNumber', [14, 15], v6],
  [hbhMatch, `--hbh-opts ${Array.from({ length: 17 }, () => '1').join(',')}`, 'BadValue', [12, 45], v6],
  [hbhMatch, `--hbh-opts ${Array.from({ length: 15 }, () => '1').join(',')},1:2`, 'BadValue', [42, 45], v6],
  [dstMatch, '--dst-len x', 'BadNumber', [11, 12], v6],
  [mhMatch, '--mh-type xyz', 'BadValue', [11, 14], v6],
  [mhMatch, '--mh-type 5:1', 'BadValue', [11, 14], v6],
  [mhMatch, '--mh-type 256', 'BadValue', [11, 14], v6],
  [quotaMatch, '--quota 18446744073709551616', 'BadNumber', [9, 29]],
  [connbytesMatch, '--connbytes 10', 'MissingOption', [1, 15]],
  [connbytesMatch, '--connbytes 10:5 --connbytes-dir both --connbytes-mode bytes', 'BadNumber', [13, 17]],
  [connbytesMatch, '--connbytes 1 --connbytes-dir up --connbytes-mode bytes', 'BadValue', [31, 33]],
  [realmMatch, '--realm cosmos', 'BadValue', [9, 15]],
  [cpuMatch, '--cpu x', 'BadNumber', [7, 8]],
];

function lower(spec: MatchSpec<unknown>, args: string, o: Opts = {}) {
  return lowerArgs(spec, args, { family: o.family ?? 'ipv4', table: o.table ?? 'filter', ...(o.protocol !== undefined ? { protocol: o.protocol } : {}) });
}

describe('matches group B: accepted inputs', () => {
  it.each(accepted.map((a) => ({ label: `${a[0].name} ${a[1]}`, a })))('$label', ({ a: [spec, args, expected, printed, o] }) => {
    const { value, reports } = lower(spec, args, o);
    expect(reports).toEqual([]);
    expect(stripSpans(value)).toEqual(expected);
    const family = o?.family ?? 'ipv4';
    const text = printArgs(spec.print(value, family));
    expect(text).toBe(printed);
    // Round trip: the printed arguments lower to the same IR.
    const again = lower(spec, text, o);
    expect(again.reports).toEqual([]);
    expect(stripSpans(again.value)).toEqual(stripSpans(value));
  });
});

describe('matches group B: rejected inputs', () => {
  it.each(rejected.map((a) => ({ label: `${a[0].name} ${a[1]}`, a })))('$label', ({ a: [spec, args, code, [column, endColumn], o] }) => {
    const { value, reports } = lower(spec, args, o);
    expect(value).toBeNull();
    expect(reports.length).toBeGreaterThan(0);
    expect(reports[0]!.name).toBe(code);
    expect([reports[0]!.span.column, reports[0]!.span.endColumn]).toEqual([column, endColumn]);
  });
});

describe('matches group B: registration facts', () => {
  it('declares families, tables, hooks and protocols as the kernel registers them', () => {
    expect(ttlMatch.families).toEqual(['ipv4']);
    expect(hlMatch.families).toEqual(['ipv6']);
    expect(realmMatch.families).toEqual(['ipv4']);
    for (const s of [rtMatch, fragMatch, hbhMatch, dstMatch, mhMatch, ipv6headerMatch]) expect(s.families).toEqual(['ipv6']);
    for (const s of [ahMatch, espMatch, policyMatch, setMatch, stringMatch]) expect(s.families).toEqual(['ipv4', 'ipv6']);
    expect(rpfilterMatch.tables).toEqual(['raw', 'mangle']);
    expect(rpfilterMatch.hooks).toEqual(['PREROUTING']);
    expect(socketMatch.hooks).toEqual(['PREROUTING', 'INPUT']);
    expect(espMatch.proto).toBe(50);
    expect(tcpmssMatch.proto).toBe(6);
    expect(mhMatch.proto).toBe(135);
    expect(ahMatch.proto).toBeUndefined();
  });

  it('policyHookProblem follows policy_mt_check', () => {
    const { value } = lower(policyMatch, '--dir in --pol ipsec');
    const inPol = value as PolicyMatch;
    const outPol: PolicyMatch = { ...inPol, dir: 'out' };
    expect(policyHookProblem(inPol, 'PREROUTING')).toBeNull();
    expect(policyHookProblem(inPol, 'FORWARD')).toBeNull();
    expect(policyHookProblem(inPol, 'OUTPUT')).toMatch(/not valid in OUTPUT/);
    expect(policyHookProblem(inPol, 'POSTROUTING')).toMatch(/POSTROUTING/);
    expect(policyHookProblem(outPol, 'INPUT')).toMatch(/not valid in INPUT/);
    expect(policyHookProblem(outPol, 'FORWARD')).toBeNull();
    expect(policyHookProblem(outPol, 'POSTROUTING')).toBeNull();
  });

  it('devgroupHookProblem follows devgroup_mt_checkentry', () => {
    const src = lower(devgroupMatch, '--src-group 1').value as DevgroupMatch;
    const dst = lower(devgroupMatch, '--dst-group 1').value as DevgroupMatch;
    expect(devgroupHookProblem(src, 'INPUT')).toBeNull();
    expect(devgroupHookProblem(src, 'OUTPUT')).toMatch(/OUTPUT/);
    expect(devgroupHookProblem(dst, 'INPUT')).toMatch(/INPUT/);
    expect(devgroupHookProblem(dst, 'FORWARD')).toBeNull();
  });

  it('prints probabilities like printf("%.11f") with round-half-even', () => {
    expect(formatProbability(0)).toBe('0.00000000000');
    expect(formatProbability(0x80000000)).toBe('1.00000000000');
    expect(formatProbability(Math.round(0x80000000 / 3))).toBe('0.33333333349');
    expect(formatProbability(1 << 19)).toBe('0.00024414062');
    expect(formatProbability(3 << 19)).toBe('0.00073242188');
  });
});
