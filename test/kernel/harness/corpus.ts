/**
 * The shared corpus of real dumps (../shared/corpus from the repo root): its
 * SOURCES.md summary table, and the kernel objects a dump needs before it can
 * load (ipsets for `-m set` / `SET`, nfacct objects for `-m nfacct`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpFamily } from './iptables.js';
import { run, type Netns } from './netns.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus');

export type YesNo = 'yes' | 'no';

export interface CorpusRow {
  readonly file: string;
  readonly legacyTest: YesNo;
  readonly nftTest: YesNo;
  readonly legacyLoad: YesNo;
}

/** Rows of the "Summary table" of SOURCES.md (columns looked up by header name). */
export function readSourcesTable(corpusDir = CORPUS_DIR): CorpusRow[] {
  const text = readFileSync(join(corpusDir, 'SOURCES.md'), 'utf8');
  const lines = text.split('\n').map((l) => l.trim());
  const head = lines.findIndex((l) => l.startsWith('| File |'));
  if (head < 0) throw new Error('SOURCES.md: no "| File |" table header');
  const cells = (l: string): string[] => l.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
  const header = cells(lines[head]!);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`SOURCES.md: no column "${name}" in ${header.join(' | ')}`);
    return i;
  };
  const [cFile, cTest, cNft, cLoad] = [col('File'), col('legacy --test'), col('nft --test'), col('legacy load')];
  const rows: CorpusRow[] = [];
  for (const l of lines.slice(head + 2)) {
    if (!l.startsWith('|')) break;
    const c = cells(l);
    const yn = (s: string | undefined): YesNo => (s === 'yes' ? 'yes' : 'no');
    rows.push({ file: c[cFile]!.replace(/`/g, ''), legacyTest: yn(c[cTest]), nftTest: yn(c[cNft]), legacyLoad: yn(c[cLoad]) });
  }
  return rows;
}

export function familyOf(file: string): IpFamily {
  return file.endsWith('.rules6') ? 'ipv6' : 'ipv4';
}

export function corpusAvailable(corpusDir = CORPUS_DIR): boolean {
  return existsSync(join(corpusDir, 'SOURCES.md'));
}

export interface NeededObjects {
  /** ipset name → type (`hash:ip`, `hash:ip,port`, ... by the number of flags used with it). */
  readonly ipsets: ReadonlyMap<string, string>;
  readonly nfacct: readonly string[];
}

const SET_TYPES = ['hash:ip', 'hash:ip,port', 'hash:ip,port,ip'];

/** The ipsets and nfacct objects a dump refers to. */
export function neededObjects(text: string): NeededObjects {
  const ipsets = new Map<string, string>();
  for (const m of text.matchAll(/--(?:match-set|add-set|del-set|map-set)\s+(\S+)\s+(\S+)/g)) {
    const dims = m[2]!.split(',').length;
    const t = SET_TYPES[Math.min(dims, SET_TYPES.length) - 1]!;
    const prev = ipsets.get(m[1]!);
    if (!prev || prev.split(',').length < t.split(',').length) ipsets.set(m[1]!, t);
  }
  const nfacct = [...new Set([...text.matchAll(/--nfacct-name\s+(\S+)/g)].map((m) => m[1]!))];
  return { ipsets, nfacct };
}

/** Creates the objects inside our namespace (`ipset create`, `nfacct add`). */
export async function createObjects(ns: Netns, objs: NeededObjects, family: IpFamily): Promise<void> {
  for (const [name, type] of objs.ipsets) {
    await run(ns, ['ipset', 'create', name, type, 'family', family === 'ipv6' ? 'inet6' : 'inet']);
  }
  for (const name of objs.nfacct) await run(ns, ['nfacct', 'add', name]);
}
