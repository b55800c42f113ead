import { REPORT_LIMITS } from './limits.js';

/**
 * Characters that must not reach a page or a terminal from a data file: C0 and C1 controls (escape
 * sequences, NUL), line and paragraph separators (U+2028/9), zero-width and bidirectional formatting
 * characters (which can make a name read as another), and the byte-order mark.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
/** Half of a surrogate pair without the other half: not text, and written to a file as U+FFFD anyway. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s` without unprintable characters (each run becomes one space) and without lone surrogates. */
export function printable(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd').replace(UNPRINTABLE, ' ');
}

/** Text for one terminal line or one HTML line: unprintable characters as spaces, at most `max` characters. */
export function oneLine(s: string, max = 1000): string {
  return truncate(
    printable(s.length > 4 * max ? s.slice(0, 4 * max) : s)
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
}

/** At most `max` characters (code points), the cut marked with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

/**
 * Class names as the report shows them: printable, one line, at most REPORT_LIMITS.nameChars long, never
 * empty and all different (a chart keyed by name would merge two classes of the same name into one).
 */
export function displayNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    let name = oneLine(String(raw), REPORT_LIMITS.nameChars) || `class ${i}`;
    if (seen.has(name)) name = `${truncate(name, REPORT_LIMITS.nameChars - 8)} #${i}`;
    while (seen.has(name)) name = `${name}′`;
    seen.add(name);
    return name;
  });
}
