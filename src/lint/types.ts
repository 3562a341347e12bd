/**
 * The linter's contracts. A check is a function from one parsed dump (and
 * the host it runs on) to diagnostics; cross-file checks see every dump of a
 * run. Checks report through the same Diagnostic data as the parser, with
 * codes from src/diagnostics/lint-codes/, so text, JSON and SARIF reports
 * treat parse errors and lint findings alike.
 */
import type { CodeName } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Severity } from '../diagnostics/codes.js';
import type { Ruleset } from '../ir/ruleset.js';
import type { Host } from '../sim/host/host.js';

/** One dump as the linter sees it. */
export interface LintFile {
  readonly file: string;
  readonly text: string;
  readonly ruleset: Ruleset;
  /** What the parser reported (errors, warnings, notes), already part of the file's findings. */
  readonly parseDiagnostics: readonly Diagnostic[];
  /** The host the dump runs on: given with --host, else the default host built from the dump. */
  readonly host: Host;
  /** Whether the host was given (semantic checks say so when they relied on a default host). */
  readonly hostGiven: boolean;
}

export interface FileCheck {
  /** A short name for progress and errors, e.g. "unreferenced-chains". */
  readonly id: string;
  /** Every code the check can report: it is skipped when all of them are disabled. */
  readonly codes: readonly CodeName[];
  /** Whether the check runs the symbolic engine (slow checks show progress). */
  readonly cost: 'fast' | 'slow';
  run(f: LintFile): readonly Diagnostic[];
}

/** A check over all dumps of a run (e.g. a v4 and a v6 dump of one host). */
export interface CrossCheck {
  readonly id: string;
  readonly codes: readonly CodeName[];
  readonly cost: 'fast' | 'slow';
  run(files: readonly LintFile[]): readonly Diagnostic[];
}

export interface LintOptions {
  /** Codes or slugs to report only (empty or absent: all). */
  readonly enable?: readonly string[];
  /** Codes or slugs never to report. Wins over `enable`. */
  readonly disable?: readonly string[];
  /** Findings below this severity are left out (default: note, i.e. everything). */
  readonly minSeverity?: Severity;
  /** Per-code severity overrides (from a config file), by code or slug. */
  readonly severity?: Readonly<Record<string, Severity>>;
  /** Called as checks finish, for a progress indicator. */
  readonly onProgress?: (done: number, total: number, what: string) => void;
}

export interface FileReport {
  readonly file: string;
  readonly family: Ruleset['family'];
  readonly rules: number;
  /** Parse diagnostics and lint findings of this file, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface LintReport {
  readonly files: readonly FileReport[];
  /** Every check that ran, by id, and how long it took (ms). */
  readonly checks: readonly { readonly id: string; readonly ms: number }[];
}
