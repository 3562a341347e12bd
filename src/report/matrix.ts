/**
 * `nfverify matrix` output: text (a table), JSON and Graphviz DOT.
 *
 * JSON: {"query": {"proto", "dport"}, "sources": [{"id": "S1", "addresses": [CIDR...]}],
 * "destinations": [{"id": "D1", "addresses": [...]}], "reach": [{"from": "S1", "to": "D1",
 * "answer": "all"|"some"|"unknown"}]} — pairs whose answer is "none" are left out.
 * Address lists start with "!" when "every address except" is shorter.
 */
import type { Family } from '../ir/family.js';
import type { AddrClass, MatrixResult } from '../verify/questions/matrix.js';
import { cidrs, complement } from '../verify/render/format-set.js';

const BITS = { ipv4: 32, ipv6: 128 } as const;

/** The addresses of a class, as CIDRs, or "!" + the complement when shorter. */
export function classAddresses(family: Family, c: AddrClass): string[] {
  const direct = c.intervals.flatMap(([lo, hi]) => cidrs(family, lo, hi));
  const rest = complement(c.intervals, (1n << BigInt(BITS[family])) - 1n);
  if (rest.length === 0) return ['any'];
  const other = rest.flatMap(([lo, hi]) => cidrs(family, lo, hi));
  return other.length < direct.length ? other.map((x, i) => (i === 0 ? `!${x}` : x)) : direct;
}

export interface MatrixReportOptions {
  readonly family: Family;
  readonly proto: string;
  readonly dport: number | null;
}

export function matrixJson(m: MatrixResult, o: MatrixReportOptions): Record<string, unknown> {
  const reach: { from: string; to: string; answer: string }[] = [];
  m.cells.forEach((row, i) => row.forEach((c, j) => {
    if (c !== 'none') reach.push({ from: `S${i + 1}`, to: `D${j + 1}`, answer: c });
  }));
  return {
    query: { proto: o.proto, dport: o.dport },
    sources: m.sources.map((c, i) => ({ id: `S${i + 1}`, addresses: classAddresses(o.family, c) })),
    destinations: m.destinations.map((c, j) => ({ id: `D${j + 1}`, addresses: classAddresses(o.family, c) })),
    reach,
  };
}

/** For people: a leading "!" list reads "all except ...". */
function spoken(xs: readonly string[]): string {
  return xs[0]?.startsWith('!') ? `all except ${[xs[0].slice(1), ...xs.slice(1)].join(', ')}` : xs.join(', ');
}

export function renderMatrixText(m: MatrixResult, o: MatrixReportOptions): string {
  const lines = [`service matrix for ${o.proto}${o.dport !== null ? ` port ${o.dport}` : ''} (connection attempts; all / some / none / unknown):`, '', 'sources:'];
  m.sources.forEach((c, i) => lines.push(`  S${i + 1}: ${spoken(classAddresses(o.family, c))}`));
  lines.push('destinations:');
  m.destinations.forEach((c, j) => lines.push(`  D${j + 1}: ${spoken(classAddresses(o.family, c))}`));
  const head = ['', ...m.destinations.map((_, j) => `D${j + 1}`)];
  const rows = m.cells.map((r, i) => [`S${i + 1}`, ...r]);
  const width = Math.max(7, ...head.map((h) => h.length));
  lines.push('', [head, ...rows].map((r) => r.map((x) => x.padEnd(width)).join(' ').trimEnd()).join('\n'));
  return `${lines.join('\n')}\n`;
}

function dotLabel(all: readonly string[]): string {
  const xs = all[0]?.startsWith('!') ? ['all except', all[0].slice(1), ...all.slice(1)] : all;
  const shown = xs.length > 6 ? [...xs.slice(0, 6), `... ${xs.length - 6} more`] : xs;
  return shown.join('\\n').replace(/"/g, '\\"');
}

/** Graphviz: sources on the left, destinations on the right, an edge per reaching pair (solid all, dashed some, dotted unknown). */
export function renderMatrixDot(m: MatrixResult, o: MatrixReportOptions): string {
  const lines = ['digraph matrix {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];', `  label="${o.proto}${o.dport !== null ? ` port ${o.dport}` : ''}";`];
  m.sources.forEach((c, i) => lines.push(`  S${i + 1} [label="S${i + 1}\\n${dotLabel(classAddresses(o.family, c))}"];`));
  m.destinations.forEach((c, j) => lines.push(`  D${j + 1} [label="D${j + 1}\\n${dotLabel(classAddresses(o.family, c))}"];`));
  const style = { all: 'solid', some: 'dashed', unknown: 'dotted', none: '' } as const;
  m.cells.forEach((row, i) => row.forEach((c, j) => {
    if (c !== 'none') lines.push(`  S${i + 1} -> D${j + 1} [style=${style[c]}, label="${c}"];`);
  }));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
