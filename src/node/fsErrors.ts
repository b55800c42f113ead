import { InputError } from '../util/errors.js';

/**
 * What each file-system error code means to a user, in words that say what to fix. Codes not listed are
 * not the user's to fix (or are bugs) and keep their stack.
 */
const REASONS: Record<string, string> = {
  ENOENT: 'not found',
  EEXIST: 'already exists',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, expected a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'on a read-only file system',
  ELOOP: 'too many levels of symbolic links (a symlink loop?)',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOTEMPTY: 'folder not empty',
  EBUSY: 'busy (in use by another process?)',
  EXDEV: 'on another device',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EINVAL: 'invalid path or operation for this file system',
};

/** True when `err` is a Node file-system error a user can act on (see REASONS). */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    (err as NodeJS.ErrnoException).code! in REASONS
  );
}

/**
 * One line for a file-system error: "PATH: reason (CODE)". `path` overrides the error's own path, e.g. to
 * name what the user typed rather than a temporary file beside it; `what` prefixes it (a flag name).
 */
export function fsErrorMessage(err: NodeJS.ErrnoException, path?: string, what?: string): string {
  const code = err.code ?? 'EUNKNOWN';
  const where = path ?? err.path ?? (err as { dest?: string }).dest ?? '(unknown path)';
  const reason = REASONS[code] ?? err.message;
  return `${what ? `${what}: ` : ''}${where}: ${reason} (${code})`;
}

/** Turns a file-system error into an InputError naming the path; rethrows anything else unchanged. */
export function rethrowFsError(err: unknown, path?: string, what?: string): never {
  if (isFsError(err)) throw new InputError(fsErrorMessage(err, path, what));
  throw err;
}

/** Runs `fn`, turning its file-system errors into InputErrors naming `path`. */
export function withFsErrors<T>(fn: () => T, path?: string, what?: string): T {
  try {
    return fn();
  } catch (err) {
    rethrowFsError(err, path, what);
  }
}
