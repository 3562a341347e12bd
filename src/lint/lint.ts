/**
 * The lint driver: parse each dump, run every enabled check, filter by the
 * options and return findings grouped per file. Checks whose codes are all
 * disabled do not run at all (the semantic ones cost a symbolic model).
 */
import type { CodeName, Severity } from '../diagnostics/codes.js';
import { Codes } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { atLeast, diag, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Family } from '../ir/family.js';
import type { Ruleset } from '../ir/ruleset.js';
import { parseRuleset } from '../parser/index.js';
import { defaultHost, EXAMPLE_ADDRS } from '../sim/host/default-host.js';
import type { Host } from '../sim/host/host.js';
import { FILE_CHECKS, FILE_CROSS_CHECKS } from './checks/index.js';
import type { CrossCheck, FileCheck, FileReport, LintFile, LintOptions, LintReport } from './types.js';

export interface LintSource {
  readonly file: string;
  readonly text: string;
  readonly family?: Family;
  /** The host the dump runs on; absent: the default host made from the dump. */
  readonly host?: Host;
}

/**
 * The host a dump is linted on when none is given: the documented default
 * host (sim/host/default-host.ts) with eth0 as its uplink and IP forwarding
 * on, so FORWARD and DNAT findings are not hidden by a guess that the host
 * does not route or that no packet comes from a device the rules do not name.
 */
function lintDefaultHost(rs: Ruleset): Host {
  // Packets arrive on eth0 too (added when the dump does not name it): traffic from a device the rules do not name, as on any real host.
  const h = defaultHost(rs, { family: rs.family, ...EXAMPLE_ADDRS[rs.family], iif: 'eth0' }).value;
  const key = rs.family === 'ipv4' ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding';
  return { ...h, sysctls: { ...h.sysctls, [key]: 1 } };
}

/** Parses a dump for the linter. */
export function lintFileOf(src: LintSource): LintFile {
  const parsed = parseRuleset(src.text, src.family ? { file: src.file, family: src.family } : { file: src.file });
  const rs = parsed.value;
  const host = src.host ?? lintDefaultHost(rs);
  return { file: src.file, text: src.text, ruleset: rs, parseDiagnostics: parsed.diagnostics, host, hostGiven: src.host !== undefined };
}

/** Every code and slug a user may name in --enable/--disable. */
export function resolveCodeName(nameOrCode: string): CodeName | null {
  for (const [name, spec] of Object.entries(Codes) as [CodeName, (typeof Codes)[CodeName]][]) {
    if (spec.code === nameOrCode.toUpperCase() || spec.slug === nameOrCode) return name;
  }
  return null;
}

class Selection {
  private readonly enabled: ReadonlySet<string> | null;
  private readonly disabled: ReadonlySet<string>;
  private readonly severities: ReadonlyMap<string, Severity>;

  constructor(private readonly opts: LintOptions) {
    const codes = (xs: readonly string[] | undefined): Set<string> => {
      const out = new Set<string>();
      for (const x of xs ?? []) {
        const n = resolveCodeName(x);
        if (n === null) throw new RangeError(`unknown check "${x}": not a code (NFV4001) or slug of nfverify`);
        out.add(Codes[n].code);
      }
      return out;
    };
    this.enabled = opts.enable && opts.enable.length > 0 ? codes(opts.enable) : null;
    this.disabled = codes(opts.disable);
    const sev = new Map<string, Severity>();
    for (const [k, v] of Object.entries(opts.severity ?? {})) {
      const n = resolveCodeName(k);
      if (n === null) throw new RangeError(`unknown check "${k}" in severity overrides`);
      sev.set(Codes[n].code, v);
    }
    this.severities = sev;
  }

  wants(code: string): boolean {
    return !this.disabled.has(code) && (this.enabled === null || this.enabled.has(code));
  }

  runs(check: FileCheck | CrossCheck): boolean {
    return check.codes.some((n) => this.wants(Codes[n].code));
  }

  /** The diagnostic with its configured severity, or null when filtered out. */
  keep(d: Diagnostic): Diagnostic | null {
    if (!this.wants(d.code)) return null;
    const s = this.severities.get(d.code);
    const out = s !== undefined && s !== d.severity ? { ...d, severity: s } : d;
    return atLeast(out, this.opts.minSeverity ?? 'note') ? out : null;
  }
}

/** Lints parsed dumps. Throws RangeError only for options naming unknown checks. */
export function lintFiles(files: readonly LintFile[], opts: LintOptions = {}): LintReport {
  const sel = new Selection(opts);
  const fileChecks = FILE_CHECKS.filter((c) => sel.runs(c));
  const crossChecks = files.length > 1 ? FILE_CROSS_CHECKS.filter((c) => sel.runs(c)) : [];
  const total = files.length * fileChecks.length + crossChecks.length;
  let done = 0;
  const timings = new Map<string, number>();
  const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f.file, [...f.parseDiagnostics]]));
  const timed = <T>(id: string, what: string, run: () => T): T => {
    const t0 = performance.now();
    try {
      return run();
    } finally {
      timings.set(id, (timings.get(id) ?? 0) + performance.now() - t0);
      opts.onProgress?.(++done, total, what);
    }
  };
  for (const f of files) {
    const out = byFile.get(f.file)!;
    for (const c of fileChecks) out.push(...timed(c.id, `${f.file}: ${c.id}`, () => guarded(c.id, f.file, () => c.run(f))));
  }
  for (const c of crossChecks) {
    for (const d of timed(c.id, c.id, () => guarded(c.id, files[0]?.file ?? '', () => c.run(files)))) {
      const file = d.span?.file ?? files[0]?.file ?? '';
      (byFile.get(file) ?? byFile.get(files[0]?.file ?? ''))?.push(d);
    }
  }
  const reports: FileReport[] = files.map((f) => ({
    file: f.file,
    family: f.ruleset.family,
    rules: f.ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0),
    diagnostics: sortDiagnostics(byFile.get(f.file)!.flatMap((d) => sel.keep(d) ?? [])),
  }));
  return { files: reports, checks: [...timings].map(([id, ms]) => ({ id, ms })) };
}

/** A check that fails is an internal error on that file, never a crash of the whole run. */
function guarded(id: string, file: string, run: () => readonly Diagnostic[]): readonly Diagnostic[] {
  try {
    return run();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [diag('Internal', `${file}: the check "${id}" failed: ${why}`)];
  }
}
