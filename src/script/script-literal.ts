/**
 * A small scanner for JavaScript/TypeScript source that reads object literals made of plain
 * literals (strings, numbers, booleans, null, arrays, nested objects) without evaluating
 * anything. Used to read migration headers and simple config files statically, so that listing
 * 10,000 migration files or starting the CLI never loads a TypeScript compiler.
 *
 * Anything that is not a plain literal (an identifier, a call, a template with `${}`, a spread)
 * raises {@link NotStaticError}; callers then fall back to a real import.
 */

/** Raised when the source holds something this scanner cannot read without evaluating it. */
export class NotStaticError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotStaticError';
  }
}

/** A statically read value. */
export type StaticValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly StaticValue[]
  | { readonly [key: string]: StaticValue };

const SPACE = /\s/;

/** ASCII letters, `_`, `$`, and anything non-ASCII (Unicode identifiers; whitespace is skipped first). */
function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36 || code > 127;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57);
}
/** After these characters a `/` starts a regular expression, not a division. */
const REGEX_PREFIX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * Cursor over one source text. Stateful (a position), hence a class.
 *
 * @example
 * const s = new LiteralScanner(`{ a: 'x', b: [1, null] }`);
 * s.readValue(); // { a: 'x', b: [1, null] }
 */
export class LiteralScanner {
  readonly #src: string;
  #pos = 0;
  /** Last significant character or word, for the regex-vs-division decision. */
  #last = '';

  constructor(source: string, position = 0) {
    this.#src = source;
    this.#pos = position;
  }

  get position(): number {
    return this.#pos;
  }

  get done(): boolean {
    this.skipTrivia();
    return this.#pos >= this.#src.length;
  }

  /** Skips whitespace and comments; returns the next character without consuming it. */
  skipTrivia(): string {
    const src = this.#src;
    for (;;) {
      const c = src[this.#pos];
      if (c === undefined) return '';
      if (c === '/' && src[this.#pos + 1] === '/') {
        const end = src.indexOf('\n', this.#pos);
        this.#pos = end < 0 ? src.length : end + 1;
      } else if (c === '/' && src[this.#pos + 1] === '*') {
        const end = src.indexOf('*/', this.#pos + 2);
        if (end < 0) throw new NotStaticError('unterminated comment');
        this.#pos = end + 2;
      } else if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || (c.charCodeAt(0) > 127 && SPACE.test(c))) {
        this.#pos++;
      } else {
        return c;
      }
    }
  }

  /** Consumes `text` (after trivia) when it comes next. */
  eat(text: string): boolean {
    this.skipTrivia();
    if (!this.#src.startsWith(text, this.#pos)) return false;
    if (isIdentStart(text.charCodeAt(0)) && isIdentPart(this.#src.charCodeAt(this.#pos + text.length))) return false;
    this.#pos += text.length;
    this.#last = text;
    return true;
  }

  expect(text: string): void {
    if (!this.eat(text)) throw new NotStaticError(`expected '${text}' at ${this.#pos}`);
  }

  /** Reads an identifier (or keyword), or returns undefined without moving. */
  readIdentifier(): string | undefined {
    const c = this.skipTrivia();
    if (c === '' || !isIdentStart(c.charCodeAt(0))) return undefined;
    const start = this.#pos;
    let end = start + 1;
    while (end < this.#src.length && isIdentPart(this.#src.charCodeAt(end))) end++;
    this.#pos = end;
    this.#last = this.#src.slice(start, end);
    return this.#last;
  }

  /** Reads a quoted string or a template literal without `${}`. */
  readString(): string {
    const quote = this.skipTrivia();
    if (quote !== "'" && quote !== '"' && quote !== '`') throw new NotStaticError('expected a string');
    const src = this.#src;
    const close = src.indexOf(quote, this.#pos + 1);
    const slice = close < 0 ? '' : src.slice(this.#pos + 1, close);
    if (close > 0 && !slice.includes('\\') && !slice.includes('\n') && !(quote === '`' && slice.includes('${'))) {
      this.#pos = close + 1;
      this.#last = quote;
      return slice;
    }
    let out = '';
    let i = this.#pos + 1;
    for (;;) {
      const c = src[i];
      if (c === undefined || (quote !== '`' && c === '\n')) throw new NotStaticError('unterminated string');
      if (c === quote) break;
      if (c === '$' && quote === '`' && src[i + 1] === '{') throw new NotStaticError('template literal with ${}');
      if (c === '\\') {
        const [text, next] = readEscape(src, i + 1);
        out += text;
        i = next;
      } else {
        out += c;
        i++;
      }
    }
    this.#pos = i + 1;
    this.#last = quote;
    return out;
  }

  /** Reads a literal value: string, number, boolean, null, undefined, array or object. */
  readValue(): StaticValue {
    const c = this.skipTrivia();
    let value: StaticValue;
    if (c === "'" || c === '"' || c === '`') value = this.readString();
    else if (c === '[') value = this.#readArray();
    else if (c === '{') value = this.#readObject();
    else if (c === '-' || (c >= '0' && c <= '9') || c === '.') value = this.#readNumber();
    else value = this.#readKeywordLiteral();
    // `as const` does not change the value; other casts might hide one.
    if (this.eat('as')) this.expect('const');
    return value;
  }

  #readKeywordLiteral(): StaticValue {
    const word = this.readIdentifier();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word === 'undefined') return undefined;
    throw new NotStaticError(word === undefined ? `unexpected '${this.#src[this.#pos] ?? 'end of file'}'` : `'${word}' is not a literal`);
  }

  #readNumber(): number {
    const match = /^-?(0[xX][0-9a-fA-F_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?)/.exec(this.#src.slice(this.#pos, this.#pos + 64));
    if (!match) throw new NotStaticError('bad number');
    this.#pos += match[0].length;
    this.#last = '0';
    return Number(match[0].replace(/_/g, ''));
  }

  #readArray(): StaticValue[] {
    this.expect('[');
    const items: StaticValue[] = [];
    while (!this.eat(']')) {
      if (this.eat('...')) throw new NotStaticError('spread in an array');
      items.push(this.readValue());
      if (!this.eat(',')) {
        this.expect(']');
        break;
      }
    }
    return items;
  }

  #readObject(): Record<string, StaticValue> {
    const out: Record<string, StaticValue> = {};
    this.readEntries((key) => {
      out[key] = this.readValue();
    });
    return out;
  }

  /** Reads a property key (identifier, string or number); undefined for a computed key. */
  readKey(): string | undefined {
    const c = this.skipTrivia();
    if (c === "'" || c === '"') return this.readString();
    if (c === '[') {
      this.#skipBalanced('[', ']');
      return undefined;
    }
    if (c >= '0' && c <= '9') return String(this.#readNumber());
    const word = this.readIdentifier();
    if (word === undefined) throw new NotStaticError(`unexpected '${c}' where a key was expected`);
    return word;
  }

  /**
   * Walks an object literal `{ ... }`. For each `key: value` entry `onValue(key)` must consume the
   * value (by reading or skipping it). Methods (`async upgrade(op) {}`) and accessors are skipped.
   * Shorthand properties and spreads are not static. `stop()`, asked before each entry, ends
   * the walk early (the rest of the object is then left unread).
   */
  readEntries(onValue: (key: string) => void, stop?: () => boolean): void {
    this.expect('{');
    while (!this.eat('}')) {
      if (stop?.()) return;
      if (this.eat('...')) throw new NotStaticError('spread in an object');
      const key = this.#readModifiedKey();
      const next = this.skipTrivia();
      if (next === '(' || next === '<') {
        this.#skipMethod();
      } else if (next === ':') {
        this.expect(':');
        if (key === undefined) this.skipExpression();
        else onValue(key);
      } else {
        throw new NotStaticError(`shorthand property '${key ?? '?'}'`);
      }
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
  }

  /** A key, after any `async`, `get`, `set`, `static` or `*` modifiers. */
  #readModifiedKey(): string | undefined {
    for (;;) {
      if (this.eat('*')) continue;
      const key = this.readKey();
      const next = this.skipTrivia();
      const isModifier = (key === 'async' || key === 'get' || key === 'set') && next !== ':' && next !== '(' && next !== ',' && next !== '}';
      if (!isModifier) return key;
    }
  }

  #skipMethod(): void {
    if (this.skipTrivia() === '<') this.#skipBalanced('<', '>');
    this.#skipBalanced('(', ')');
    if (this.eat(':')) {
      // a return type annotation: skip up to the body
      while (this.skipTrivia() !== '{' && !this.done) this.#skipToken();
    }
    this.#skipBalanced('{', '}');
  }

  /** Skips one expression, stopping before a `,`, `}`, `]` or `)` at depth zero. */
  skipExpression(): void {
    for (;;) {
      const c = this.skipTrivia();
      if (c === '' || c === ',' || c === '}' || c === ']' || c === ')' || c === ';') return;
      if (c === '(' || c === '[' || c === '{') this.#skipBalanced(c, c === '(' ? ')' : c === '[' ? ']' : '}');
      else this.#skipToken();
    }
  }

  /** Skips one token: a string, template, regex, identifier, number or punctuator. */
  #skipToken(): void {
    const c = this.skipTrivia();
    if (c === "'" || c === '"') {
      this.readString();
    } else if (c === '`') {
      this.#skipTemplate();
    } else if (c === '/' && (REGEX_PREFIX.has(this.#last) || REGEX_KEYWORDS.has(this.#last))) {
      this.#skipRegex();
    } else if (isIdentStart(c.charCodeAt(0))) {
      this.readIdentifier();
    } else if (c >= '0' && c <= '9') {
      this.#readNumber();
    } else {
      this.#pos++;
      this.#last = c;
    }
  }

  /** Skips from an opening bracket to its match, through strings, templates, regexes and comments. */
  #skipBalanced(open: string, close: string): void {
    this.expect(open);
    this.#last = open;
    for (;;) {
      const c = this.skipTrivia();
      if (c === '') throw new NotStaticError(`unbalanced '${open}'`);
      if (c === close) {
        this.#pos++;
        this.#last = close;
        return;
      }
      if (c === '(' || c === '[' || c === '{') this.#skipBalanced(c, c === '(' ? ')' : c === '[' ? ']' : '}');
      else if (open === '<' && c === '<') this.#skipBalanced('<', '>');
      else if (c === ')' || c === ']' || c === '}') throw new NotStaticError(`unbalanced '${c}'`);
      else this.#skipToken();
    }
  }

  #skipTemplate(): void {
    const src = this.#src;
    let i = this.#pos + 1;
    for (;;) {
      const c = src[i];
      if (c === undefined) throw new NotStaticError('unterminated template');
      if (c === '\\') i += 2;
      else if (c === '`') break;
      else if (c === '$' && src[i + 1] === '{') {
        this.#pos = i + 1;
        this.#skipBalanced('{', '}');
        i = this.#pos;
      } else i++;
    }
    this.#pos = i + 1;
    this.#last = '`';
  }

  #skipRegex(): void {
    const src = this.#src;
    let i = this.#pos + 1;
    let inClass = false;
    for (;;) {
      const c = src[i];
      if (c === undefined || c === '\n') throw new NotStaticError('unterminated regular expression');
      if (c === '\\') i++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      i++;
    }
    i++;
    while (isIdentPart(src.charCodeAt(i))) i++;
    this.#pos = i;
    this.#last = '/re/';
  }

  /** Skips type arguments `<...>` (nested brackets allowed). */
  skipTypeArguments(): void {
    this.#skipBalanced('<', '>');
  }

  /** Advances over the next top-level token; used to search a file for a call. */
  skipToken(): void {
    const c = this.skipTrivia();
    if (c === '(' || c === '[' || c === '{') this.#skipBalanced(c, c === '(' ? ')' : c === '[' ? ']' : '}');
    else this.#skipToken();
  }
}

function readEscape(src: string, i: number): [string, number] {
  const c = src[i];
  if (c === undefined) throw new NotStaticError('unterminated string');
  if (c === '\r' && src[i + 1] === '\n') return ['', i + 2];
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return ['', i + 1];
  const simple = ESCAPES[c];
  if (simple !== undefined && !(c === '0' && /[0-9]/.test(src[i + 1] ?? ''))) return [simple, i + 1];
  if (c === 'x') return [fromHex(src.slice(i + 1, i + 3)), i + 3];
  if (c === 'u' && src[i + 1] === '{') {
    const end = src.indexOf('}', i);
    return [fromHex(src.slice(i + 2, end)), end + 1];
  }
  if (c === 'u') return [fromHex(src.slice(i + 1, i + 5)), i + 5];
  return [c, i + 1];
}

function fromHex(hex: string): string {
  const code = Number.parseInt(hex, 16);
  if (!/^[0-9a-fA-F]+$/.test(hex) || Number.isNaN(code)) throw new NotStaticError(`bad escape \\${hex}`);
  return String.fromCodePoint(code);
}
