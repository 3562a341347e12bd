// Which loaded match owns an option two modules share: the newest module's
// (xtables_merge_options puts new options first; iptables 1.8.9 loads both
// rules below, checked in a namespace by the kernel-differential harness).
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/parser/index.js';

function matches(rule: string): unknown[] {
  const r = parseRuleset(`*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING ${rule}\nCOMMIT\n`, { file: 't.rules' });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value.tables[0]!.chains[0]!.rules[0]!.matches.map((m) => [m.kind, 'mark' in m ? (m as { mark: unknown }).mark : null]);
}

describe('option ownership between matches', () => {
  it('gives a shared option to the most recently loaded module', () => {
    const ms = matches('-m connmark ! --mark 0x94/0xff -m mark --mark 0x0');
    expect(ms.map((m) => (m as unknown[])[0])).toEqual(['connmark', 'mark']);
    expect(JSON.stringify(ms, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toContain('"negated":true');
  });

  it('a later option of the older module goes to the newer one when both own it', () => {
    const r = parseRuleset('*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -m connmark -m mark --mark 0x1\nCOMMIT\n', { file: 't.rules' });
    // --mark goes to mark, so connmark has no option: iptables says "connmark match: You must specify --mark".
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
