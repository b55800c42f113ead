import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export type SiblingKind = 'staging' | 'backup' | 'lock';

export interface Leftover {
  path: string;
  kind: SiblingKind;
  /** The process that made it: while it runs, the file is in use; once it is gone, a leftover. */
  pid: number;
  mtimeMs: number;
}

/**
 * The hidden files and folders a run keeps beside its folder DIR = PARENT/NAME, never inside it:
 * `.NAME.lock` (who writes DIR), `.NAME.staging-PID-RAND` (the new run being written),
 * `.NAME.backup-PID-RAND` (the earlier run during the swap) and `.NAME.lock-PID-RAND` (a lock being made
 * or broken). The pid in each name tells a leftover of a dead process from one in use.
 */
export class RunFolderSiblings {
  readonly parent: string;
  readonly name: string;
  readonly lock: string;
  private readonly pattern: RegExp;

  constructor(readonly dir: string) {
    this.parent = dirname(dir);
    this.name = basename(dir);
    this.lock = join(this.parent, `.${this.name}.lock`);
    const escaped = this.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.pattern = new RegExp(`^\\.${escaped}\\.(staging|backup|lock)-(\\d+)-[0-9a-f]+$`);
  }

  /** A new, unique sibling path of this kind, owned by this process. */
  make(kind: SiblingKind): string {
    return join(this.parent, `.${this.name}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /** Every staging folder, backup and lock temporary beside DIR, whoever made it. */
  leftovers(): Leftover[] {
    const found: Leftover[] = [];
    for (const entry of fs.readdirSync(this.parent)) {
      const m = this.pattern.exec(entry);
      if (m === null) continue;
      const path = join(this.parent, entry);
      let mtimeMs = 0;
      try {
        mtimeMs = fs.lstatSync(path).mtimeMs;
      } catch {
        continue; // gone meanwhile
      }
      found.push({ path, kind: m[1] as SiblingKind, pid: Number(m[2]), mtimeMs });
    }
    return found;
  }
}
