import { describe, expect, it } from 'vitest';
import { chainDecls, chainLinks, filter, found, portability } from './lint.js';

/** INPUT -> C1 -> ... -> Cn, with `verb` for the links between user chains. */
function nested(n: number, verb: '-j' | '-g' = '-j'): string {
  return filter(...chainDecls(n), `-A INPUT ${verb} C1`, ...chainLinks(n, verb));
}

describe('NFV4602 nft-jump-depth', () => {
  it('reports the jump that enters a chain 16 deep, with the path', () => {
    // Lines: 1 *filter, 2-4 built-ins, 5-20 C1..C16, 21 INPUT -j C1, 22.. C1 -j C2, ..., 36 C15 -j C16.
    const ds = portability(nested(16));
    expect(found(ds)).toEqual(['36 NFV4602 filter/C15#1']);
    expect(ds[0]?.severity).toBe('error');
    expect(ds[0]?.message).toContain('to C16 at jump depth 16 (INPUT -> C1 -> C2');
    expect(ds[0]?.message).toContain('C15 -> C16)');
    expect(ds[0]?.related).toHaveLength(15);
    expect(ds[0]?.related?.[0]).toMatchObject({ message: 'jump 1 of 16: INPUT -> C1', span: { line: 21 } });
  });

  it('counts gotos like jumps, and reports each jump at depth 16 once', () => {
    expect(found(portability(nested(16, '-g')))).toEqual(['36 NFV4602 filter/C15#1']);
    // Deeper chains: only the jump into depth 16 (C15 -> C16); the kernel stops there.
    expect(found(portability(nested(20)))).toEqual(['40 NFV4602 filter/C15#1']); // 4 more chain declarations above
  });

  it('leaves 15 levels, unreachable deep chains and IPv6 twins alike', () => {
    expect(found(portability(nested(15)))).toEqual([]);
    // Nothing jumps to C1: nf_tables never walks these chains (measured: loads under nft).
    expect(found(portability(filter(...chainDecls(20), ...chainLinks(20))))).toEqual([]);
    expect(found(portability(nested(16).replace('-A INPUT -j C1', '-A INPUT -s 2001:db8::/32 -j C1'), 'ipv6'))).toEqual(['36 NFV4602 filter/C15#1']);
  });

  it('finds depth 16 through any built-in chain, not only the first path', () => {
    // INPUT -> C5 makes C20 16 deep; OUTPUT -> C12 alone would not (measured: nft blames the rule in C19).
    const text = filter(...chainDecls(20), '-A INPUT -j C5', '-A OUTPUT -j C12', ...chainLinks(20));
    const ds = portability(text);
    expect(ds.map((d) => d.ruleId)).toEqual(['filter/C19#1']);
    expect(ds[0]?.message).toContain('(INPUT -> C5 -> C6');
  });

  it('terminates on loops and stays fast on wide fan-out', () => {
    // A loop is the parser's NFV3008 and legacy refuses the table too: no depth finding, and no hang.
    expect(found(portability(filter(':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A A -j B', '-A B -j A')))).toEqual([]);
    // A loop nothing reaches does not hide a real finding.
    const unreached = nested(16).replace(':C1 - [0:0]', ':C1 - [0:0]\n:X - [0:0]\n:Y - [0:0]').replace('COMMIT', '-A X -j Y\n-A Y -j X\nCOMMIT');
    expect(found(portability(unreached))).toEqual(['38 NFV4602 filter/C15#1']);
    // 3 levels of 40 chains each jumping to all 40 of the next: 64,000 paths, 4,800 jumps.
    const lv = (l: number, i: number): string => `L${l}_${i}`;
    const lines: string[] = [];
    for (let l = 0; l < 3; l++) for (let i = 0; i < 40; i++) lines.push(`:${lv(l, i)} - [0:0]`);
    for (let i = 0; i < 40; i++) lines.push(`-A INPUT -j ${lv(0, i)}`);
    for (let l = 0; l < 2; l++) for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) lines.push(`-A ${lv(l, i)} -j ${lv(l + 1, j)}`);
    const t0 = performance.now();
    expect(found(portability(filter(...lines)))).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('reports a line that expands to several kernel rules once', () => {
    const text = nested(16).replace('-A C15 -j C16', '-A C15 -s 10.0.0.1,10.0.0.2 -j C16');
    expect(found(portability(text))).toEqual(['36 NFV4602 filter/C15#1']);
  });
});
