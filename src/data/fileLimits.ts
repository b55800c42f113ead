/**
 * What one file may hold, by kind, and how a refusal is worded: the command line's readers
 * (src/node/readFileCapped.ts) and the page's (src/browser) cap files by the same numbers. Core: no
 * Node modules.
 */

export const MB = 1024 * 1024;

/**
 * Default caps, in MB, on what one file may hold, by kind of file. Generous for data (the full Fashion-MNIST
 * is 47 MB of pixels), tighter for files that should be small. `--max-file-size` replaces all three.
 */
export const FILE_SIZE_LIMITS_MB = { data: 2048, model: 256, png: 32 } as const;

export type FileKind = keyof typeof FILE_SIZE_LIMITS_MB;

/** The cap in bytes for a kind of file: `overrideMB` (from --max-file-size) or the kind's default. */
export function maxBytesFor(kind: FileKind, overrideMB?: number): number {
  const bytes = Math.floor((overrideMB ?? FILE_SIZE_LIMITS_MB[kind]) * MB);
  return Math.min(Math.max(bytes, 1), Number.MAX_SAFE_INTEGER);
}

/** "PATH: larger than the N MB limit (raise it with --max-file-size)": one wording for every cap. */
export function tooLargeMessage(path: string, maxBytes: number, what?: string, detail = ''): string {
  return `${what ? `${what}: ` : ''}${path}: larger than the ${formatLimit(maxBytes)} limit${detail} (raise it with --max-file-size)`;
}

/** "256 MB", "0.5 MB", or "10-byte" for caps under 1 MB that are not a round fraction of one. */
export function formatLimit(bytes: number): string {
  const mb = bytes / MB;
  if (Number.isInteger(mb * 1000)) return `${mb} MB`;
  return bytes >= MB ? `${mb.toFixed(1)} MB` : `${bytes}-byte`;
}

/** Bytes as MB for messages: "47", "0.5", "1.3". */
export function formatMB(bytes: number): string {
  const mb = bytes / MB;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(mb < 1 ? 3 : 1);
}
