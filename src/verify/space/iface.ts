/**
 * Interface names as a finite domain. A name is a string, but every test the
 * kernel makes on it (ifname_compare_aligned in ip_tables.c, physdev, the
 * host's own devices) is "equals N" or "starts with P". So the names fall
 * into finitely many classes that no test tells apart:
 * - each name some test or the host mentions, on its own;
 * - for each wildcard prefix P (and the empty prefix), "any other name whose
 *   longest mentioned prefix is P";
 * - the empty name '' (the kernel's nulldevname: no device at this hook).
 * The symbolic engine encodes a field as a class index; a witness decodes a
 * class to a concrete name (an "other" class to a name built to fall in it).
 */
import type { IfaceName } from '../../ir/addr.js';
import { isValidIfaceName } from '../../ir/packet/packet.js';

export interface IfaceClass {
  /** The name itself, or a name made up to stand for the class. */
  readonly name: string;
  /** True for a class of names nobody mentions (a made-up representative). */
  readonly other: boolean;
  /** For an `other` class: the longest mentioned wildcard prefix its names start with ('' for none). */
  readonly prefix: string;
}

/** Characters tried, in order, to build a representative name that no mentioned test singles out. */
const FILL = 'xyzqw0123456789abcdefghijklmnoprstuv';

export class IfaceUniverse {
  readonly classes: readonly IfaceClass[];
  private readonly prefixes: readonly string[];
  private readonly byName: ReadonlyMap<string, number>;

  constructor(names: Iterable<string>, wildcardPrefixes: Iterable<string>) {
    const exact = [...new Set(names)].filter((n) => n === '' || isValidIfaceName(n)).sort();
    if (!exact.includes('')) exact.unshift('');
    const prefixes = [...new Set(['', ...wildcardPrefixes])].sort();
    const classes: IfaceClass[] = exact.map((name) => ({ name, other: false, prefix: longestPrefix(prefixes, name) }));
    const taken = new Set(exact);
    for (const p of prefixes) {
      const rep = representative(p, prefixes, taken);
      if (rep !== null) {
        taken.add(rep);
        classes.push({ name: rep, other: true, prefix: p });
      }
    }
    this.classes = classes;
    this.prefixes = prefixes;
    this.byName = new Map(classes.filter((c) => !c.other).map((c, i) => [c.name, i]));
  }

  get size(): number {
    return this.classes.length;
  }

  /** The class a concrete device name falls in. */
  classOf(name: string): number {
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    const p = longestPrefix(this.prefixes, name);
    const i = this.classes.findIndex((c) => c.other && c.prefix === p);
    if (i < 0) throw new Error(`interface name ${JSON.stringify(name)} has no class (universe built without it)`);
    return i;
  }

  /** Classes whose names a `-i`/`-o` pattern matches (ifaceTest semantics: `+` alone also matches ''). */
  matching(n: IfaceName): number[] {
    const out: number[] = [];
    this.classes.forEach((c, i) => {
      if (!n.wildcard) {
        if (!c.other && c.name === n.name) out.push(i);
      } else if (n.name === '') {
        out.push(i);
      } else if (c.name !== '' && (c.other ? c.prefix.startsWith(n.name) : c.name.startsWith(n.name))) {
        out.push(i);
      }
    });
    return out;
  }
}

function longestPrefix(prefixes: readonly string[], name: string): string {
  let best = '';
  for (const p of prefixes) if (p.length > best.length && name.startsWith(p)) best = p;
  return best;
}

/**
 * A valid name starting with `p` (`p` itself included) whose longest
 * mentioned prefix is `p` and that is no mentioned name; null when every
 * such name is taken (the class is empty).
 */
function representative(p: string, prefixes: readonly string[], taken: ReadonlySet<string>): string | null {
  const ok = (n: string): boolean => n.length > 0 && isValidIfaceName(n) && !taken.has(n) && longestPrefix(prefixes, n) === p;
  // `eth+` matches the name `eth` itself too; for a 15-character prefix that is the only name left.
  if (ok(p)) return p;
  for (const c of FILL) {
    const n = p + c;
    if (ok(n)) return n;
  }
  for (const a of FILL) for (const b of FILL) {
    const n = p + a + b;
    if (ok(n)) return n;
  }
  return null;
}
