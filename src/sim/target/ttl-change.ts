/**
 * The TTL / hop limit arithmetic of net/netfilter/xt_HL.c, shared by TTL
 * (ttl_tg) and HL (hl_tg6), computed in `int` and clamped:
 *
 *   SET: new = value;
 *   INC: new = ttl + value; if (new > 255) new = 255;
 *   DEC: new = ttl - value; if (new < 0) new = 0;
 *
 * so it never wraps.
 */
export type TtlMode = 'set' | 'inc' | 'dec';

export function ttlChange(mode: TtlMode, value: number): (ttl: number) => number {
  switch (mode) {
    case 'set':
      return () => value;
    case 'inc':
      return (ttl) => Math.min(255, ttl + value);
    case 'dec':
      return (ttl) => Math.max(0, ttl - value);
  }
}
