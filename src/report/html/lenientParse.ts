import type { z } from 'zod';
import { oneLine } from '../text.js';

/**
 * Reading a run-folder file so that one bad field costs only what is drawn from it. A tampered or older
 * metrics.json (a negative count, a string where a number belongs) should lose that field, with a note
 * saying which and why, rather than the whole report.
 */

/**
 * Parses an object field by field: each field that fails `schema` is removed (with a note naming the file,
 * the field, what was expected and what was found) and the rest parsed again. The removed part is the
 * deepest named field above the first array index: `data.testCount`, but the whole `perClass` list.
 * Returns null, with a note, when the value is not an object at all. Every field of `schema` must be
 * optional for this to converge; a schema issue at the top level ends it.
 */
export function parseFields<T>(schema: z.ZodType<T>, raw: unknown, file: string, notes: string[]): T | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    notes.push(`${file}: expected an object, got ${kindOf(raw)}: left out`);
    return null;
  }
  let value = raw as Record<string, unknown>;
  for (let attempt = 0; attempt <= Object.keys(value).length + 8; attempt++) {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const named = issue.path.slice(0, firstIndex(issue.path));
    const rest = named.length > 0 ? without(value, named) : null;
    if (rest === null) break;
    notes.push(`${file}: ${named.join('.')}: ${describe(issue, raw)}: left out`);
    value = rest;
  }
  notes.push(`${file}: not understood: left out`);
  return null;
}

/** Parses an array row by row, keeping the rows that fit `schema`; one note counts and shows the others. */
export function parseRows<T>(schema: z.ZodType<T>, raw: unknown, file: string, notes: string[]): T[] | null {
  if (!Array.isArray(raw)) {
    notes.push(`${file}: expected a list, got ${kindOf(raw)}: left out`);
    return null;
  }
  const rows: T[] = [];
  let firstBad: string | null = null;
  let bad = 0;
  raw.forEach((row, i) => {
    const result = schema.safeParse(row);
    if (result.success) {
      rows.push(result.data);
      return;
    }
    bad++;
    if (firstBad === null) {
      const issue = result.error.issues[0];
      firstBad = `${[i, ...issue.path].join('.')}: ${describe(issue, row)}`;
    }
  });
  if (bad > 0) notes.push(`${file}: ${bad} of ${raw.length} rows left out (first: ${firstBad})`);
  return rows;
}

function firstIndex(path: readonly PropertyKey[]): number {
  const i = path.findIndex((p) => typeof p === 'number');
  return i < 0 ? path.length : i;
}

/** A copy of `node` without the field at `path` (copying only the objects on the way), or null if absent. */
function without(
  node: Record<PropertyKey, unknown>,
  path: readonly PropertyKey[],
): Record<PropertyKey, unknown> | null {
  const [key, ...rest] = path;
  if (!Object.hasOwn(node, key)) return null;
  const copy = { ...node };
  if (rest.length === 0) {
    delete copy[key];
    return copy;
  }
  const child = node[key];
  if (typeof child !== 'object' || child === null || Array.isArray(child)) return null;
  const inner = without(child as Record<PropertyKey, unknown>, rest);
  if (inner === null) return null;
  copy[key] = inner;
  return copy;
}

/** "must be a number ≥ 0 (Too small: …), got -5": zod's message and the value found, short and printable. */
function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  let found: unknown = raw;
  for (const key of issue.path) {
    found =
      typeof found === 'object' && found !== null ? (found as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return `${issue.message}, got ${preview(found)}`;
}

function preview(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'object' && v !== null) return kindOf(v);
  if (typeof v === 'number') return String(v);
  return oneLine(JSON.stringify(v) ?? String(v), 40);
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : typeof v;
}
