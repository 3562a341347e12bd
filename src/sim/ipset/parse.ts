/**
 * `ipset save` output (ipset(8), the "save" format that `ipset restore`
 * reads) into an IpsetStore:
 *
 *   create NAME TYPE [family inet|inet6] [hashsize N] [maxelem N] [bucketsize N]
 *          [initval 0xN] [timeout N] [counters] [comment] [skbinfo] [forceadd]
 *          [netmask N] [bitmask ADDR] [markmask N] [range FROM-TO|NET/LEN] [size N]
 *   add NAME ELEMENT [timeout N] [packets N bytes N] [comment "TEXT"]
 *       [skbmark V[/M]] [skbprio A:B] [skbqueue N] [nomatch] [wildcard]
 *
 * Set names are printed as they are, spaces included, so a create line's
 * name runs up to its type and an add line's name is the longest set name
 * already created that the line continues with. An element saved with a
 * timeout above 0 may have expired since the save: lookups that reach it
 * answer unknown. Counters, comments and skbinfo are read and dropped
 * (counter tests of -m set are unknown anyway). Blank lines and `#`
 * comments are skipped; any other line is a diagnostic, never a throw.
 */
import type { Family } from '../../ir/family.js';
import { parseAddr, parseElem } from './elem.js';
import type { ElemFlags, SetHeader } from './kernel-set.js';
import { MemoryIpsetStore } from './memory-store.js';
import { BitmapIpSet, BitmapPortSet, FAMILYLESS_TYPES, HASH_TYPES, KNOWN_TYPES, ListSet, NetIfaceSet, createSet } from './sets.js';
import { HashSet } from './hash.js';
import type { KernelSet } from './kernel-set.js';

export interface IpsetDiagnostic {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, of the offending token. */
  readonly column: number;
  readonly message: string;
}

interface Token {
  readonly text: string;
  /** 0-based start in the line. */
  readonly start: number;
  readonly end: number;
}

/** Splits a line at blanks; a double-quoted part (a comment) is one token without its quotes. */
function tokenize(line: string): Token[] | { error: string; at: number } {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let text = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      if (line[i] === '"') {
        const close = line.indexOf('"', i + 1);
        if (close < 0) return { error: 'unterminated quoted string', at: i };
        text += line.slice(i + 1, close);
        i = close + 1;
      } else text += line[i++];
    }
    out.push({ text, start, end: i });
  }
  return out;
}

const DEFAULT_MAXELEM = 65536;
const DEFAULT_LIST_SIZE = 8;

function uint(text: string, max: number): number | null {
  const n = /^0[xX][0-9a-fA-F]+$/.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(n) && n <= max ? n : null;
}

/** Everything one save file builds, with the line being parsed for diagnostics. */
class SaveParser {
  readonly store = new MemoryIpsetStore();
  readonly diagnostics: IpsetDiagnostic[] = [];
  private lineNo = 0;
  private line = '';

  constructor(private readonly file: string) {}

  private report(at: number, message: string): void {
    this.diagnostics.push({ file: this.file, line: this.lineNo, column: at + 1, message });
  }

  parse(text: string): void {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      this.lineNo = i + 1;
      this.line = line;
      const toks = tokenize(line);
      if (!Array.isArray(toks)) return this.report(toks.at, toks.error);
      const words = toks.filter((t) => t.text !== '-exist' && t.text !== '-!');
      const head = words[0];
      if (!head || head.text.startsWith('#')) return;
      if (head.text === 'create' || head.text === '-N') return this.create(words);
      if (head.text === 'add' || head.text === '-A') return this.add(words);
      if (head.text === 'COMMIT') return;
      this.report(head.start, `"${head.text}" is not an ipset save line (expected create or add)`);
    });
  }

  private raw(from: Token, to: Token): string {
    return this.line.slice(from.start, to.end);
  }

  private create(t: Token[]): void {
    const typeAt = t.findIndex((x, i) => i >= 2 && /^(hash|bitmap|list):/.test(x.text));
    if (t.length < 2) return this.report(t[0]!.end, 'create needs a set name and a type');
    if (typeAt < 0) return this.report(t[1]!.start, 'create needs a set type (hash:..., bitmap:... or list:set) after the name');
    const name = this.raw(t[1]!, t[typeAt - 1]!);
    const typeTok = t[typeAt]!;
    const type = typeTok.text;
    if (this.store.has(name)) return this.report(t[1]!.start, `set "${name}" is created twice`);
    if (name.length > 31) this.report(t[1]!.start, `set name "${name}" is longer than 31 characters (IPSET_MAXNAMELEN - 1)`);
    if (!KNOWN_TYPES.has(type)) this.report(typeTok.start, `set type "${type}" is not modelled; tests on set "${name}" are unknown`);
    let family: Family | null = FAMILYLESS_TYPES.has(type) ? null : 'ipv4';
    let timeout: number | null = null;
    let counters = false;
    let maxelem = DEFAULT_MAXELEM;
    let netmask: number | null = null;
    let bitmask: bigint | null = null;
    let markmask = 0xffffffff;
    let range: { first: number; last: number } | null = null;
    let rangeTok: Token | null = null;
    let size = DEFAULT_LIST_SIZE;
    let i = typeAt + 1;
    const value = (opt: Token): Token | null => {
      const v = t[i++];
      if (!v) this.report(opt.end, `${opt.text} needs a value`);
      return v ?? null;
    };
    while (i < t.length) {
      const o = t[i++]!;
      switch (o.text) {
        case 'counters':
          counters = true;
          break;
        case 'comment':
        case 'skbinfo':
        case 'forceadd':
          break;
        case 'family': {
          const v = value(o);
          if (!v) return;
          if (v.text === 'inet' || v.text === 'ipv4') family = 'ipv4';
          else if (v.text === 'inet6' || v.text === 'ipv6') family = 'ipv6';
          else return this.report(v.start, `family must be inet or inet6, got "${v.text}"`);
          break;
        }
        case 'hashsize':
        case 'bucketsize':
        case 'initval':
        case 'probes':
        case 'resize': {
          const v = value(o);
          if (!v) return;
          if (uint(v.text, 0xffffffff) === null) return this.report(v.start, `${o.text} takes a number, got "${v.text}"`);
          break;
        }
        case 'maxelem':
        case 'timeout':
        case 'size':
        case 'markmask': {
          const v = value(o);
          if (!v) return;
          const n = uint(v.text, 0xffffffff);
          if (n === null) return this.report(v.start, `${o.text} takes a number, got "${v.text}"`);
          if (o.text === 'maxelem') maxelem = n;
          else if (o.text === 'timeout') timeout = n;
          else if (o.text === 'size') size = n;
          else markmask = n;
          break;
        }
        case 'netmask': {
          const v = value(o);
          if (!v) return;
          const n = uint(v.text, 128);
          if (n === null) return this.report(v.start, `netmask takes a prefix length, got "${v.text}"`);
          netmask = n;
          break;
        }
        case 'bitmask': {
          const v = value(o);
          if (!v) return;
          const a = parseAddr(v.text, family ?? 'ipv4');
          if (a === null) return this.report(v.start, `bitmask takes an address mask, got "${v.text}"`);
          bitmask = a;
          break;
        }
        case 'range': {
          const v = value(o);
          if (!v) return;
          rangeTok = v;
          range = type === 'bitmap:port' ? this.portRange(v) : this.ipRange(v);
          if (!range) return;
          break;
        }
        default:
          return this.report(o.start, `unknown create option "${o.text}"`);
      }
    }
    if (family === 'ipv4' && netmask !== null && netmask > 32) return this.report(typeTok.start, `netmask ${netmask} is longer than 32`);
    const header: SetHeader = { name, type, family: type.startsWith('bitmap:ip') ? 'ipv4' : family, counters, timeout, maxelem };
    const set = createSet(header, { netmask, bitmask, markmask, range, size }, this.store.resolve);
    if (typeof set === 'string') return this.report((rangeTok ?? typeTok).start, set);
    this.store.put(set);
  }

  private ipRange(v: Token): { first: number; last: number } | null {
    const dash = v.text.indexOf('-');
    const slash = v.text.indexOf('/');
    let first: bigint | null;
    let last: bigint | null;
    if (dash >= 0) {
      first = parseAddr(v.text.slice(0, dash), 'ipv4');
      last = parseAddr(v.text.slice(dash + 1), 'ipv4');
    } else if (slash >= 0) {
      const base = parseAddr(v.text.slice(0, slash), 'ipv4');
      const len = uint(v.text.slice(slash + 1), 32);
      if (base === null || len === null) first = last = null;
      else {
        const host = (1n << BigInt(32 - len)) - 1n;
        first = base & ~host & 0xffffffffn;
        last = first | host;
      }
    } else first = last = null;
    if (first === null || last === null || first > last) {
      this.report(v.start, `range must be FROM-TO or NET/LEN of IPv4 addresses, got "${v.text}"`);
      return null;
    }
    return { first: Number(first), last: Number(last) };
  }

  private portRange(v: Token): { first: number; last: number } | null {
    const m = /^(\d+)-(\d+)$/.exec(v.text);
    const first = m ? Number(m[1]) : NaN;
    const last = m ? Number(m[2]) : NaN;
    if (!m || first > last || last > 65535) {
      this.report(v.start, `range must be FROM-TO ports, got "${v.text}"`);
      return null;
    }
    return { first, last };
  }

  /** The set an add line names (the longest created name its words spell) and the index of the word after it. */
  private setOf(t: Token[]): { set: KernelSet; next: number } | null {
    for (let k = t.length - 1; k >= 1; k--) {
      const set = this.store.get(this.raw(t[1]!, t[k]!));
      if (set) return { set, next: k + 1 };
    }
    return null;
  }

  private add(t: Token[]): void {
    if (t.length < 3) return this.report(t[0]!.end, 'add needs a set name and an element');
    const found = this.setOf(t);
    if (!found) return this.report(t[1]!.start, `no set "${t[1]!.text}" was created before this line`);
    const { set } = found;
    const elemTok = t[found.next];
    if (!elemTok) return this.report(t[t.length - 1]!.end, `add ${set.name} needs an element`);
    let timeout = set.header.timeout;
    let nomatch = false;
    let wildcard = false;
    let i = found.next + 1;
    while (i < t.length) {
      const o = t[i++]!;
      const needsValue = ['timeout', 'packets', 'bytes', 'comment', 'skbmark', 'skbprio', 'skbqueue', 'before', 'after'].includes(o.text);
      const v = needsValue ? t[i++] : undefined;
      if (needsValue && !v) return this.report(o.end, `${o.text} needs a value`);
      switch (o.text) {
        case 'nomatch':
          if (!set.nomatchType) return this.report(o.start, `${set.type} has no nomatch elements`);
          nomatch = true;
          break;
        case 'wildcard':
          if (set.type !== 'hash:net,iface') return this.report(o.start, 'wildcard applies to hash:net,iface only');
          wildcard = true;
          break;
        case 'timeout': {
          if (set.header.timeout === null) return this.report(o.start, `set "${set.name}" was created without timeout support`);
          const n = uint(v!.text, 0xffffffff);
          if (n === null) return this.report(v!.start, `timeout takes seconds, got "${v!.text}"`);
          timeout = n;
          break;
        }
        case 'packets':
        case 'bytes':
          if (!set.header.counters) return this.report(o.start, `set "${set.name}" was created without counters`);
          if (!/^\d+$/.test(v!.text)) return this.report(v!.start, `${o.text} takes a number, got "${v!.text}"`);
          break;
        case 'comment':
        case 'skbmark':
        case 'skbprio':
        case 'skbqueue':
          break;
        case 'before':
        case 'after':
          return this.report(o.start, `${o.text}: ipset save lists list:set members in order and never writes it`);
        default:
          return this.report(o.start, `unknown element option "${o.text}"`);
      }
    }
    const flags: ElemFlags = { nomatch, mayExpire: timeout !== null && timeout > 0 };
    // A list:set member's name may have spaces: it runs up to the first option.
    const elemEnd = set instanceof ListSet ? this.memberEnd(t, found.next) : found.next;
    this.insert(set, this.raw(elemTok, t[elemEnd]!), elemTok, flags, wildcard);
  }

  /** The last word of a list:set member name (the longest created set name from `start`). */
  private memberEnd(t: Token[], start: number): number {
    for (let k = t.length - 1; k > start; k--) if (this.store.has(this.raw(t[start]!, t[k]!))) return k;
    return start;
  }

  private insert(set: KernelSet, text: string, at: Token, flags: ElemFlags, wildcard: boolean): void {
    const family = set.header.family ?? 'ipv4';
    let added: boolean;
    if (set instanceof HashSet || set instanceof NetIfaceSet) {
      const dims = set instanceof HashSet ? set.spec.dims : (['net', 'iface'] as const);
      const net0 = set instanceof NetIfaceSet || (HASH_TYPES[set.type]?.net0 ?? false);
      const r = parseElem(dims, text, family, { net0 });
      if (!r.ok) return this.report(at.start, r.message);
      added = set instanceof HashSet ? set.insert(r.value, flags) : set.insert(r.value, flags, wildcard);
    } else if (set instanceof BitmapIpSet) {
      const a = parseAddr(text, 'ipv4');
      if (a === null) return this.report(at.start, `"${text}" is not an IPv4 address`);
      if (Number(a) < set.range.first || Number(a) > set.range.last) return this.report(at.start, `${text} is outside the set's range`);
      added = set.insert(Number(a), flags);
    } else if (set instanceof BitmapPortSet) {
      const p = uint(text, 65535);
      if (p === null) return this.report(at.start, `"${text}" is not a port`);
      if (p < set.first || p > set.last) return this.report(at.start, `${text} is outside the set's range`);
      added = set.insert(p, flags);
    } else if (set instanceof ListSet) {
      const member = this.store.get(text);
      if (!member) return this.report(at.start, `no set "${text}" was created before this line`);
      if (member instanceof ListSet) return this.report(at.start, 'a list:set cannot contain another list:set');
      if (set.memberNames.length >= set.size && !set.memberNames.includes(text)) return this.report(at.start, `list:set ${set.name} is full (size ${set.size})`);
      added = set.insert(text, flags);
    } else return;
    if (!added) this.report(at.start, `${text} is already in set "${set.name}"`);
  }
}

/** Parses `ipset save` text; never throws. */
export function parseIpsetSave(text: string, file: string): { store: MemoryIpsetStore; diagnostics: IpsetDiagnostic[] } {
  const p = new SaveParser(file);
  p.parse(text);
  return { store: p.store, diagnostics: p.diagnostics };
}
