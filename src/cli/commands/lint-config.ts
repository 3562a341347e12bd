/**
 * `nfverify lint` settings: the config file (`.nfverify.json` in the current
 * directory when present, or `--config FILE`), the command line, and how
 * they merge. Command-line options win:
 *
 * - `--format`, `--min-severity` and `--host` replace the file's value;
 * - `--enable` replaces the file's `enable` list, and a check it names is
 *   taken out of the file's `disable` list;
 * - `--disable` adds to the file's `disable` list (disable wins over enable,
 *   as in LintOptions);
 * - `severity` overrides exist only in the file.
 *
 * A bad config file (not JSON, an unknown key, a wrong type, an unknown check
 * name) is a usage error (exit 2) naming the file and what was expected; a
 * key nobody reads is an error too, so a typo never silently does nothing.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { resolveCodeName, type Severity } from '../../index.js';
import type { CliHost } from '../host.js';
import { UsageError } from '../args.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof FORMATS)[number];
export const SEVERITIES: readonly Severity[] = ['note', 'warning', 'error'];
export const DEFAULT_CONFIG = '.nfverify.json';

export interface LintSettings {
  readonly format?: LintFormat;
  readonly minSeverity?: Severity;
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
  readonly severity?: Readonly<Record<string, Severity>>;
  /** A host file path (relative paths in a config file are relative to the file). */
  readonly host?: string;
}

const KEYS = ['$schema', 'format', 'minSeverity', 'enable', 'disable', 'severity', 'host'] as const;

/** The config file's settings: `path` (must exist), else `.nfverify.json` when present, else none. */
export function loadConfig(io: CliHost, path: string | undefined): LintSettings {
  const file = path ?? DEFAULT_CONFIG;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (path === undefined && code === 'ENOENT') return {};
    throw new UsageError(`cannot read the config file ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message}); expected an object like {"minSeverity": "warning", "disable": ["NFV2017"]}`);
  }
  return settingsOf(doc, file);
}

function settingsOf(doc: unknown, file: string): LintSettings {
  const bad = (what: string): never => {
    throw new UsageError(`${file}: ${what}`);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return bad('expected a JSON object of settings');
  const o = doc as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(KEYS as readonly string[]).includes(k)) bad(`unknown key "${k}"; expected ${KEYS.filter((x) => x !== '$schema').join(', ')}`);
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) bad(`"${key}" must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`);
    return v as T;
  };
  const names = (key: string): readonly string[] | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    const list = typeof v === 'string' ? splitList([v]) : Array.isArray(v) && v.every((x) => typeof x === 'string') ? splitList(v as string[]) : bad(`"${key}" must be a list of codes or slugs, e.g. ["NFV2017", "bad-port"]`);
    return checkNames(list, (n) => `${file}: "${key}" names an unknown check "${n}"`);
  };
  const severity = (): Record<string, Severity> | undefined => {
    const v = o.severity;
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('"severity" must be an object from code or slug to note, warning or error');
    const out: Record<string, Severity> = {};
    for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
      checkNames([k], (n) => `${file}: "severity" names an unknown check "${n}"`);
      if (typeof s !== 'string' || !(SEVERITIES as readonly string[]).includes(s)) bad(`"severity"."${k}" must be note, warning or error, not ${JSON.stringify(s)}`);
      out[k] = s as Severity;
    }
    return out;
  };
  const host = o.host;
  if (host !== undefined && (typeof host !== 'string' || host === '')) bad('"host" must be the path of a host file');
  const format = oneOf('format', FORMATS);
  const minSeverity = oneOf('minSeverity', SEVERITIES);
  const enable = names('enable');
  const disable = names('disable');
  const sev = severity();
  return {
    ...(format ? { format } : {}),
    ...(minSeverity ? { minSeverity } : {}),
    ...(enable ? { enable } : {}),
    ...(disable ? { disable } : {}),
    ...(sev ? { severity: sev } : {}),
    ...(typeof host === 'string' ? { host: isAbsolute(host) ? host : join(dirname(file), host) } : {}),
  };
}

/** Comma-separated and repeated values, flattened; blanks dropped. */
export function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** `names` unchanged when each is a code or slug; else a usage error from `why`. */
export function checkNames(names: readonly string[], why: (name: string) => string): readonly string[] {
  for (const n of names) {
    if (resolveCodeName(n) === null) throw new UsageError(`${why(n)} (expected a code like NFV2001 or a slug like bad-address; "nfverify lint --list-checks" lists them)`);
  }
  return names;
}

/** The effective settings: the command line over the config file (see the module comment). */
export function mergeSettings(cli: LintSettings, file: LintSettings): LintSettings {
  const code = (n: string): string => resolveCodeName(n) ?? n;
  const cliEnabled = new Set((cli.enable ?? []).map(code));
  const enable = cli.enable && cli.enable.length > 0 ? cli.enable : file.enable;
  const disable = [...(file.disable ?? []).filter((n) => !cliEnabled.has(code(n))), ...(cli.disable ?? [])];
  const format = cli.format ?? file.format;
  const minSeverity = cli.minSeverity ?? file.minSeverity;
  const host = cli.host ?? file.host;
  return {
    ...(format ? { format } : {}),
    ...(minSeverity ? { minSeverity } : {}),
    ...(enable && enable.length > 0 ? { enable } : {}),
    ...(disable.length > 0 ? { disable } : {}),
    ...(file.severity ? { severity: file.severity } : {}),
    ...(host !== undefined ? { host } : {}),
  };
}

/**
 * Takes every `--name VALUE` / `--name=VALUE` of the repeatable options out
 * of argv (the shared parser keeps only the last of a repeated option),
 * leaving the rest for parseArgs. Stops at `--`.
 */
export function takeRepeated(argv: readonly string[], names: readonly string[]): { rest: string[]; values: ReadonlyMap<string, string[]> } {
  const rest: string[] = [];
  const values = new Map<string, string[]>(names.map((n) => [n, []]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const list = values.get(name);
    if (!list) {
      rest.push(a);
      continue;
    }
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined) throw new UsageError(`${name} needs a value (a code like NFV2001 or a slug, or a comma list)`);
    list.push(v);
  }
  return { rest, values };
}
