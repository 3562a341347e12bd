// Base options of a rule (-s -d -p -i -o -f), implicit protocol matches, and
// unknown extensions kept as opaque.
import { describe, expect, it } from 'vitest';
import { formatCidr } from '../../src/index.js';
import { errors, filter, parse, rulesOf, where } from '../helpers/parse.js';

const one = (line: string, family?: 'ipv4' | 'ipv6') => {
  const text = family === 'ipv6' ? filter(line) : filter(line);
  const { rs, diags } = parse(text, family);
  return { rule: rulesOf(rs)[0]!, diags };
};

describe('addresses', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.1.2.3', '10.1.2.3/32'],
    ['10.1.2.3/8', '10.0.0.0/8'], // the kernel masks host bits
    ['192.168.0.0/255.255.0.0', '192.168.0.0/16'], // dotted netmask
    ['10.0.0.0/255.0.255.0', '10.0.0.0/255.0.255.0'], // non-contiguous mask stays dotted
    ['0/0', '0.0.0.0/0'],
    ['any/0', '0.0.0.0/0'], // the name is ignored with a /0 mask
    ['10.1', '10.0.0.1/32'], // inet_aton shorthand
    ['0x0a000001', '10.0.0.1/32'],
    ['010.0.0.1', '8.0.0.1/32'], // octal, as inet_aton reads it
  ])('-s %s is %s', (text, printed) => {
    const { rule, diags } = one(`-A INPUT -s ${text} -j ACCEPT`);
    expect(errors(diags)).toEqual([]);
    expect(formatCidr(rule.src!.value)).toBe(printed);
  });

  it.each([
    ['2001:db8::/32', '2001:db8::/32'],
    ['::1', '::1/128'],
    ['fe80::1/64', 'fe80::/64'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1/128'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'],
  ])('ip6tables -s %s is %s', (text, printed) => {
    const { rule, diags } = one(`-A INPUT -s ${text} -j ACCEPT`, 'ipv6');
    expect(errors(diags)).toEqual([]);
    expect(formatCidr(rule.src!.value)).toBe(printed);
  });

  it.each([
    ['256.1.1.1', '5:13 NFV2001'],
    ['10.0.0.0/33', '5:22 NFV2001'],
    ['10.0.0.0/255.255.0', '5:22 NFV2001'],
    ['<private_ip>', '5:13 NFV2001'],
  ])('rejects -s %s', (text, at) => {
    expect(where(errors(one(`-A INPUT -s ${text} -j ACCEPT`).diags))).toEqual([at]);
  });
});

describe('protocol, interfaces, fragments', () => {
  it('reads protocol names, numbers and case like xtables_parse_protocol', () => {
    expect(one('-A INPUT -p TCP').rule.proto).toEqual({ value: 6, negated: false });
    expect(one('-A INPUT -p 47').rule.proto).toEqual({ value: 47, negated: false });
    expect(one('-A INPUT ! -p udp').rule.proto).toEqual({ value: 17, negated: true });
    expect(one('-A INPUT -p all').rule.proto).toBeNull();
    expect(where(errors(one('-A INPUT -p nosuchproto').diags))).toEqual(['5:13 NFV2004']);
  });

  it('reads interface wildcards', () => {
    expect(one('-A INPUT -i eth+').rule.inIface).toEqual({ value: { name: 'eth', wildcard: true }, negated: false });
    expect(one('-A FORWARD ! -o docker0').diags).toEqual([]);
    expect(where(errors(one('-A INPUT -i abcdefghijklmnopq').diags))).toEqual(['5:13 NFV2004']);
  });

  it('refuses -o in INPUT and -i in OUTPUT, as iptables does', () => {
    expect(where(errors(one('-A INPUT -o eth0 -j ACCEPT').diags))).toEqual(['5:1 NFV3011']);
  });

  it('reads -f and ! -f', () => {
    expect(one('-A INPUT -f -j DROP').rule.fragment).toEqual({ value: true, negated: false });
    expect(one('-A INPUT ! -f -j DROP').rule.fragment).toEqual({ value: true, negated: true });
  });
});

describe('matches', () => {
  it('loads the protocol match implicitly for -p tcp --dport (load_proto)', () => {
    const { rule, diags } = one('-A INPUT -p tcp --dport 22 -j ACCEPT');
    expect(diags).toEqual([]);
    expect(rule.matches).toHaveLength(1);
    expect(rule.matches[0]).toMatchObject({ kind: 'tcp', dport: { value: { from: 22, to: 22 }, negated: false } });
  });

  it('resolves service names like getservbyname', () => {
    const { rule, diags } = one('-A INPUT -p tcp -m tcp --dport auth -j ACCEPT');
    expect(diags).toEqual([]);
    expect(rule.matches[0]).toMatchObject({ kind: 'tcp', dport: { value: { from: 113, to: 113 } } });
  });

  it('refuses a protocol match without its -p, as the kernel does', () => {
    expect(where(errors(one('-A INPUT -m tcp --dport 22 -j ACCEPT').diags))).toEqual(['5:13 NFV2018']);
  });

  it('keeps an unknown match as opaque with its raw arguments, and warns', () => {
    const { rule, diags } = one('-A INPUT -m frobnicate --frob 1 --wobble ! x -j ACCEPT');
    expect(where(diags)).toEqual(['5:13 NFV2007']);
    expect(rule.matches[0]).toMatchObject({ kind: 'opaque', name: 'frobnicate', args: ['--frob', '1', '--wobble', '!', 'x'] });
    expect(rule.target).toEqual({ kind: 'accept' });
  });

  it('keeps an unknown target with options as opaque, and warns', () => {
    const { rule, diags } = one('-A INPUT -j IDLETIMER --timeout 10 --label foo');
    expect(where(diags)).toEqual(['5:13 NFV2008']);
    expect(rule.target).toMatchObject({ kind: 'opaque', name: 'IDLETIMER', args: ['--timeout', '10', '--label', 'foo'] });
  });

  it('reports an unknown option of a known match at its flag', () => {
    const { rule, diags } = one('-A INPUT -p tcp -m tcp --something-else 1 -j ACCEPT');
    expect(where(errors(diags))).toEqual(['5:24 NFV2005']);
    expect(rule.invalid).toContain('--something-else');
  });
});
