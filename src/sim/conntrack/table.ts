/**
 * The conntrack table of one simulation: confirmed entries, looked up by
 * either direction's tuple (the kernel's hash lookup, __nf_conntrack_find).
 * A session holds a handful of connections, so a list is enough.
 */
import type { Conn, Tuple } from './conn.js';

export function sameTuple(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport;
}

export class ConntrackTable {
  private conns: Conn[] = [];
  private nextId = 1;

  /** Empties the table for the next run of the same simulator (ids start again at 1). */
  clear(): void {
    if (this.conns.length > 0) this.conns = [];
    this.nextId = 1;
  }

  newId(): number {
    return this.nextId++;
  }

  /** The entry with `t` as its original or reply tuple, and which direction that is. */
  find(t: Tuple): { conn: Conn; dir: 'ORIGINAL' | 'REPLY' } | null {
    for (let i = this.conns.length - 1; i >= 0; i--) {
      const c = this.conns[i]!;
      if (sameTuple(c.orig, t)) return { conn: c, dir: 'ORIGINAL' };
      if (sameTuple(c.reply, t)) return { conn: c, dir: 'REPLY' };
    }
    return null;
  }

  has(c: Conn): boolean {
    return this.conns.includes(c);
  }

  insert(c: Conn): void {
    if (!this.has(c)) this.conns.push(c);
  }

  remove(c: Conn): void {
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
  }

  /** Entries, most recent first. */
  recent(): readonly Conn[] {
    return [...this.conns].reverse();
  }
}
