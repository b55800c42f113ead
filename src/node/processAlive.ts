import fs from 'node:fs';

/**
 * When a process started, as the kernel counts it (clock ticks since boot, field 22 of /proc/PID/stat), or
 * null where there is no /proc. With the pid it names one process for good: a pid reused by a later
 * process has another start time.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * True while process `pid` runs (EPERM means it runs under another user). With `start` (from
 * processStartTime when the pid was recorded), a pid now used by another process counts as dead.
 */
export function processAlive(pid: number, start?: string | null): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start) {
    const now = processStartTime(pid);
    if (now !== null && now !== start) return false;
  }
  return true;
}
