// parseIpsetSave (src/sim/ipset/parse.ts) on real `ipset save` text (fixture.ts).
import { describe, expect, it } from 'vitest';
import { parseIpsetSave } from '../../../src/sim/ipset/parse.js';
import { isKernelSet } from '../../../src/sim/ipset/sets.js';
import { SAVE } from './fixture.js';


describe('parseIpsetSave on ipset v7.17 output', () => {
  const { store, diagnostics } = parseIpsetSave(SAVE, 'real.save');

  it('reads every line without a diagnostic', () => {
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ['hip', 'hash:ip', 'ipv4'],
    ['hnet6', 'hash:net', 'ipv6'],
    ['hnetiface', 'hash:net,iface', 'ipv4'],
    ['bport', 'bitmap:port', null],
    ['bip', 'bitmap:ip', 'ipv4'],
    ['lset', 'list:set', null],
    ['we ird', 'hash:ip', 'ipv4'],
    ['bipmac', 'bitmap:ip,mac', 'ipv4'],
  ] as const)('set "%s" is a %s of family %s', (name, type, family) => {
    const s = store.get(name);
    expect(s?.type).toBe(type);
    expect(s?.family).toBe(family);
    expect(s && isKernelSet(s)).toBe(true);
  });

  it('keeps the create options that change answers', () => {
    const s = store.get('hipt')!;
    expect(isKernelSet(s) && s.header).toMatchObject({ counters: true, timeout: 300 });
  });
});

describe('parseIpsetSave diagnostics (line:column, never a throw)', () => {
  it.each([
    ['flush foo', 1, 1, /not an ipset save line/],
    ['add nosuch 1.2.3.4', 1, 5, /no set "nosuch"/],
    ['create x hash:ip\nadd x 1.2.3.400', 2, 7, /not an IPv4 address/],
    ['create x hash:net\nadd x 10.0.0.0/33', 2, 7, /prefix length/],
    ['create x hash:net\nadd x 0.0.0.0/0', 2, 7, /\/0/],
    ['create x hash:ip\nadd x 1.2.3.4 nomatch', 2, 15, /no nomatch/],
    ['create x hash:ip\nadd x 1.2.3.4 timeout 5', 2, 15, /without timeout/],
    ['create x hash:ip family inet7', 1, 25, /inet or inet6/],
    ['create x hash:ip bogus 1', 1, 18, /unknown create option/],
    ['create x', 1, 8, /needs a set name and a type|needs a set type/],
    ['create x bitmap:port', 1, 10, /needs a range/],
    ['create x hash:ip,port\nadd x 1.2.3.4,tcp:70000', 2, 7, /port number/],
    ['create x hash:ip,port\nadd x 1.2.3.4,ipv6-icmp:echo-request', 2, 7, /inet/],
    ['create x hash:ip,port\nadd x 1.2.3.4,gre:5', 2, 7, /pseudo port value 0/],
    ['create x hash:ip\nadd x 1.2.3.4 comment "open', 2, 23, /unterminated/],
    ['create x hash:ip\ncreate x hash:net', 2, 8, /created twice/],
    ['create x hash:ip\nadd x 1.2.3.4\nadd x 1.2.3.4', 3, 7, /already in set/],
    ['create x bitmap:ip range 10.0.0.0/24\nadd x 10.0.1.1', 2, 7, /outside the set's range/],
    ['create l list:set\nadd l nosuch', 2, 7, /no set "nosuch"/],
    ['create x foo:bar', 1, 8, /needs a set type/],
  ] as const)('%j -> %d:%d', (text, line, column, message) => {
    const { diagnostics } = parseIpsetSave(text, 'bad.save');
    expect(diagnostics.length).toBeGreaterThan(0);
    const d = diagnostics[0]!;
    expect([d.file, d.line, d.column]).toEqual(['bad.save', line, column]);
    expect(d.message).toMatch(message);
  });

  it('an unmodelled type is reported but kept (its tests are unknown)', () => {
    const { store, diagnostics } = parseIpsetSave('create x hash:ip,port,mark\n', 'f');
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/not modelled/)]);
    expect(store.get('x')?.type).toBe('hash:ip,port,mark');
  });

  it('skips blank lines, # comments, CRLF and -exist', () => {
    const { store, diagnostics } = parseIpsetSave('# saved\r\n\r\ncreate -exist x hash:ip\r\nadd -exist x 1.2.3.4\r\n', 'f');
    expect(diagnostics).toEqual([]);
    expect(store.names()).toEqual(['x']);
  });
});
