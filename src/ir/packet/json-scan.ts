/**
 * A JSON reader for one line that keeps the offset of every value and key,
 * so a packet line's errors can name their column. JSON.parse cannot: its
 * messages carry no position in every V8 version, and it keeps the last of
 * two equal keys silently. Follows RFC 8259 (https://www.rfc-editor.org/rfc/rfc8259).
 */

interface At {
  /** 0-based offset of the first character in the line. */
  readonly at: number;
  /** 0-based offset just after the last character. */
  readonly end: number;
}

type Unplaced<T> = T extends At ? Omit<T, 'end'> : never;

export type JsonNode =
  | (At & { readonly kind: 'string'; readonly value: string })
  | (At & { readonly kind: 'number'; readonly raw: string })
  | (At & { readonly kind: 'literal'; readonly value: boolean | null })
  | (At & { readonly kind: 'array'; readonly items: readonly JsonNode[] })
  | (At & { readonly kind: 'object'; readonly entries: readonly JsonEntry[] });

export interface JsonEntry {
  readonly key: string;
  readonly keyAt: number;
  readonly value: JsonNode;
}

export type JsonScan = { readonly ok: true; readonly value: JsonNode } | { readonly ok: false; readonly message: string; readonly at: number };

class ScanError {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

/** Nesting beyond this is refused, so a hostile line cannot exhaust the stack. */
const MAX_DEPTH = 64;

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function scanJson(text: string): JsonScan {
  let i = 0;
  const describe = (): string => (i >= text.length ? 'the end of the line' : JSON.stringify(text[i]));
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const expect = (c: string, what: string): void => {
    ws();
    if (text[i] !== c) throw new ScanError(`expected ${what}, got ${describe()}`, i);
    i++;
  };

  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new ScanError('unterminated string', start);
      if (c === '"') break;
      if (c < ' ') throw new ScanError('control character in a string (write it as an escape)', i);
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        i += 2;
      } else throw new ScanError('invalid escape in a string', i);
    }
    i++; // closing quote
    return out;
  };

  const value = (depth: number): JsonNode => {
    const node = bare(depth);
    return { ...node, end: i } as JsonNode;
  };

  const bare = (depth: number): Unplaced<JsonNode> => {
    ws();
    const at = i;
    const c = text[i];
    if (depth > MAX_DEPTH) throw new ScanError(`nested deeper than ${MAX_DEPTH} levels`, at);
    if (c === '"') return { kind: 'string', value: str(), at };
    if (c === '{') {
      i++;
      const entries: JsonEntry[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, at };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new ScanError(`expected a key in double quotes, got ${describe()}`, i);
        const keyAt = i;
        const key = str();
        expect(':', '":" after the key');
        entries.push({ key, keyAt, value: value(depth + 1) });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return { kind: 'object', entries, at };
        } else throw new ScanError(`expected "," or "}", got ${describe()}`, i);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, at };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return { kind: 'array', items, at };
        } else throw new ScanError(`expected "," or "]", got ${describe()}`, i);
      }
    }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: 'number', raw: num[0], at };
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { kind: 'literal', value: v, at };
      }
    }
    throw new ScanError(`expected a JSON value, got ${describe()}`, i);
  };

  try {
    const v = value(0);
    ws();
    if (i < text.length) throw new ScanError(`expected the end of the line after the JSON value, got ${describe()}`, i);
    return { ok: true, value: v };
  } catch (e) {
    if (e instanceof ScanError) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
}
