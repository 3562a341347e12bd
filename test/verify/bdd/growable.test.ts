// The in-place growable array under the node table and caches.
import { describe, expect, it } from 'vitest';
import { GrowableInt32 } from '../../../src/verify/bdd/growable.js';

describe('GrowableInt32', () => {
  it('keeps its contents and zero-fills the new part, across the move into a resizable buffer', () => {
    const g = new GrowableInt32(4, 1_000, 16);
    g.array.set([1, 2, 3, 4]);
    expect(g.grow(8)).toEqual(new Int32Array([1, 2, 3, 4, 0, 0, 0, 0]));
    expect(g.inPlace).toBe(false);
    g.array[7] = 8;
    const moved = g.grow(32);
    expect(g.inPlace).toBe(true);
    expect([...moved.subarray(0, 8)]).toEqual([1, 2, 3, 4, 0, 0, 0, 8]);
    expect(moved.length).toBe(32);
    moved[31] = 31;
    const grown = g.grow(1_000);
    expect(grown.length).toBe(1_000);
    expect(grown[31]).toBe(31);
    expect(grown[999]).toBe(0);
    expect(g.grow(10)).toBe(grown);
  });

  it('refuses to grow past its maximum once resizable', () => {
    const g = new GrowableInt32(4, 64, 8);
    g.grow(16);
    expect(g.inPlace).toBe(true);
    expect(() => g.grow(65)).toThrow(RangeError);
    expect(g.array.length).toBe(16);
  });
});
