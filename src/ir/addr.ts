import type { Family } from './family.js';

/**
 * An address with a mask, as the kernel stores `-s`/`-d` (`struct ipt_ip.src`
 * and `smsk`). The address is already masked (the kernel masks it on load). The
 * mask need not be contiguous: `-s 10.0.0.0/255.0.255.0` is legal. `prefix` is
 * the prefix length when the mask is contiguous, else null.
 */
export interface Cidr {
  readonly family: Family;
  readonly addr: bigint;
  readonly mask: bigint;
  readonly prefix: number | null;
}

/** An inclusive address range, as in `-m iprange --src-range a-b`. */
export interface AddrRange {
  readonly family: Family;
  readonly from: bigint;
  readonly to: bigint;
}

/** An inclusive range of 16-bit ports (or other small numbers). */
export interface NumRange {
  readonly from: number;
  readonly to: number;
}

/** A value compared under a mask: `--mark value/mask`. */
export interface Masked {
  readonly value: number;
  readonly mask: number;
}

/**
 * An interface name as `-i`/`-o` take it. `wildcard` is true for a trailing
 * `+` (`eth+` matches every name starting with `eth`); `name` excludes the `+`.
 */
export interface IfaceName {
  readonly name: string;
  readonly wildcard: boolean;
}
