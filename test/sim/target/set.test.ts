// SET revision 3 (xt_set.c set_target_v3): add, then del, then map; always XT_CONTINUE except an unknowable --map-mark.
import { describe, expect, it } from 'vitest';
import type { Skb } from '../../../src/sim/engine/skb.js';
import type { IpSet, IpsetStore, SetDir } from '../../../src/sim/ipset/store.js';
import { compile, ctx, skb, unknownOf } from './helpers.js';

/** A hash:ip-like set of addresses, recording calls. */
function store(names: string[]): IpsetStore & { log: string[]; members: Map<string, Set<bigint>> } {
  const log: string[] = [];
  const members = new Map(names.map((n) => [n, new Set<bigint>()]));
  const key = (s: Skb, dirs: readonly SetDir[]): bigint => (dirs[0] === 'src' ? s.srcAddr : s.dstAddr);
  const set = (name: string): IpSet => ({
    name, type: 'hash:ip', family: 'ipv4',
    test: (s, d) => members.get(name)!.has(key(s, d)),
    add: (s, d) => void (log.push(`add ${name} ${d.join(',')}`), members.get(name)!.add(key(s, d))),
    del: (s, d) => void (log.push(`del ${name} ${d.join(',')}`), members.get(name)!.delete(key(s, d))),
  });
  const sets = new Map(names.map((n) => [n, set(n)]));
  return { log, members, get: (n) => sets.get(n), clone: () => { throw new Error('not used'); } };
}

describe('SET', () => {
  it('adds then deletes, in the kernel order, and continues', () => {
    const { fn } = compile('set', '-A INPUT -j SET --add-set seen src --del-set blocked dst');
    const st = store(['seen', 'blocked']);
    st.members.get('blocked')!.add(0x0a000002n);
    const c = ctx(st);
    expect(fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), c)).toBe('continue');
    expect(st.log).toEqual(['add seen src', 'del blocked dst']);
    expect([...st.members.get('seen')!]).toEqual([0x0a000001n]);
    expect(st.members.get('blocked')!.size).toBe(0);
  });

  it('does nothing to sets when none were given', () => {
    const { fn } = compile('set', '-A INPUT -j SET --add-set seen src --exist --timeout 10');
    expect(fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), ctx(null))).toBe('continue');
  });

  it('--map-set with only --map-prio/--map-queue changes nothing modelled', () => {
    const { fn } = compile('set', '-A POSTROUTING -j SET --map-set m dst --map-prio --map-queue', { table: 'mangle' });
    expect(fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), ctx(store(['m'])))).toBe('continue');
  });

  it('--map-mark: continue when the element is absent ("if (!ret) return XT_CONTINUE"), else unknown (the skbmark is not known)', () => {
    const { fn } = compile('set', '-A PREROUTING -j SET --map-set m src --map-mark', { table: 'mangle' });
    const st = store(['m']);
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', mark: 5 });
    expect(fn(s, ctx(st))).toBe('continue');
    st.members.get('m')!.add(0x0a000001n);
    const v = fn(s, ctx(st));
    expect(unknownOf(v)?.reason).toMatch(/skbmark/);
    expect(s.mark).toBe(5);
    const none = fn(s, ctx(null));
    expect(unknownOf(none)?.reason).toMatch(/no set contents/);
    const missing = fn(s, ctx(store([])));
    expect(unknownOf(missing)?.reason).toMatch(/not in the given contents/);
  });

  it('an element added by the same rule is found by its --map-set (add runs first)', () => {
    const { fn } = compile('set', '-A PREROUTING -j SET --add-set m src --map-set m src --map-mark', { table: 'mangle' });
    expect(unknownOf(fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), ctx(store(['m']))))).not.toBeNull();
  });
});
