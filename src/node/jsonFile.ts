import { constants as bufferConstants } from 'node:buffer';
import { InputError } from '../util/errors.js';
import { readFileCapped } from './readFileCapped.js';

/**
 * Reads a JSON file through readFileCapped; a syntax error is one line naming the file and where
 * ("PATH: not valid JSON (at position 41, line 3 column 7: unexpected '}')"), never the parser's echo of
 * the file's bytes. `what` prefixes file-system and size messages (a flag name).
 */
export function readJsonFile(path: string, maxBytes: number, what?: string): unknown {
  const bytes = readFileCapped(path, maxBytes, what);
  if (bytes.length > bufferConstants.MAX_STRING_LENGTH) {
    throw new InputError(`${path}: ${bytes.length} bytes, too large to read as text`);
  }
  return parseJsonText(bytes.toString('utf8'), path);
}

/** JSON.parse with the one-line message of readJsonFile; a leading byte-order mark is allowed. */
export function parseJsonText(text: string, name: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const at = syntaxErrorAt(body);
    if (at === undefined) throw new InputError(`${name}: not valid JSON`);
    if (at >= body.length) {
      throw new InputError(
        `${name}: not valid JSON (${body.trim() === '' ? 'empty file' : 'ends too early'})`,
      );
    }
    const before = body.slice(0, at);
    const line = (before.match(/\n/g)?.length ?? 0) + 1;
    const column = at - before.lastIndexOf('\n');
    throw new InputError(
      `${name}: not valid JSON (at position ${at}, line ${line} column ${column}: unexpected ${showChar(body, at)})`,
    );
  }
}

function showChar(text: string, at: number): string {
  const c = String.fromCodePoint(text.codePointAt(at)!);
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)
    ? `'${c}'`
    : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/**
 * The offset of the first JSON syntax error in `text` (its length if the text ends too early), or
 * undefined if it is valid. Iterative, so deep nesting cannot overflow the stack. Only called after
 * JSON.parse failed, to say where: V8's messages sometimes give no position.
 */
export function syntaxErrorAt(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const stack: string[] = []; // the closing bracket of each open container
  const skipSpace = (): void => {
    while (i < n && ' \t\n\r'.includes(text[i])) i++;
  };
  const scanString = (): boolean => {
    i++; // the opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && ESCAPES.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  let expect: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' = 'value';
  for (;;) {
    skipSpace();
    if (i >= n) return n;
    const ch = text[i];
    if (expect === 'key' || expect === 'keyOrClose') {
      if (expect === 'keyOrClose' && ch === '}') {
        i++;
        stack.pop();
      } else {
        if (ch !== '"' || !scanString()) return i;
        skipSpace();
        if (i >= n) return n;
        if (text[i] !== ':') return i;
        i++;
        expect = 'value';
        continue;
      }
    } else if (expect === 'valueOrClose' && ch === ']') {
      i++;
      stack.pop();
    } else if (ch === '{' || ch === '[') {
      i++;
      stack.push(ch === '{' ? '}' : ']');
      expect = ch === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    } else if (ch === '"') {
      if (!scanString()) return i >= n ? n : i;
    } else {
      NUMBER.lastIndex = i;
      const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (literal) i += literal.length;
      else if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else return i;
    }
    // After a complete value: a comma, a closing bracket, or the end.
    for (;;) {
      skipSpace();
      if (stack.length === 0) return i < n ? i : undefined;
      if (i >= n) return n;
      const close = stack[stack.length - 1];
      if (text[i] === ',') {
        i++;
        expect = close === ']' ? 'value' : 'key';
        break;
      }
      if (text[i] !== close) return i;
      i++;
      stack.pop();
    }
  }
}
