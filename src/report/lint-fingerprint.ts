/**
 * Fingerprints that let GitHub code scanning (and any SARIF consumer) tell
 * that a finding of this run is the same as one of the last run, so an
 * alert is not closed and reopened when lines above it move.
 *
 * A finding is identified by its code, its file, the text of the rule line
 * it is about (blanks collapsed) and how many identical (code, file, text)
 * findings came before it in the file. The line number and the message are
 * left out on purpose: inserting a rule above moves the line and changes
 * messages that name other rules' lines, but it is still the same finding.
 * Without a rule line (a finding about the file) the message stands in for it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** The `partialFingerprints` key; bump its version if the recipe changes. */
export const FINGERPRINT_KEY = 'nfverifyFinding/v1';

/**
 * Fingerprints of one file's findings, in the same order.
 * `ruleText(d)` is the trimmed source line of the finding, or null.
 */
export function fingerprints(file: string, ds: readonly Diagnostic[], ruleText: (d: Diagnostic) => string | null): string[] {
  const seen = new Map<string, number>();
  return ds.map((d) => {
    const what = (ruleText(d) ?? d.message).replace(/\s+/g, ' ');
    const key = `${d.code}\u0000${file}\u0000${what}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return fnv1a64(`${key}\u0000${n}`);
  });
}

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits. Not a
 * cryptographic hash: fingerprints only need to be stable and rarely collide,
 * and the library does no I/O or platform crypto (it runs outside Node too).
 * Computed in four 16-bit limbs (BigInt is ~10x slower, and a report can have
 * thousands of findings): the prime 2^40 + 0x1b3 multiplies each limb by
 * 0x1b3 and adds the limbs two places down shifted by 8.
 */
const UTF8 = new TextEncoder();

export function fnv1a64(text: string): string {
  // The offset basis 0xcbf29ce484222325, low limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const bytes = UTF8.encode(text);
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i]!;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((x) => x.toString(16).padStart(4, '0')).join('');
}
