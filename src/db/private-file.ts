import { closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Files holding study data (database, backup, data key) are for their owner only, as are new folders for them. */
export const privateFileMode = 0o600;
export const privateDirectoryMode = 0o700;

/** Creates the folders missing on the way to `path`, for their owner only (existing ones are left as they are). */
export function makePrivateDirectories(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: privateDirectoryMode });
}

/**
 * Creates an empty file readable by its owner only, whatever the umask; false when it exists already (its mode
 * is then left as the operator set it). SQLite would create a database as 0644, and gives the WAL and
 * shared-memory files it makes later the mode of the database file: an empty file made first sets all three.
 */
export function createPrivateFile(path: string): boolean {
  makePrivateDirectories(path);
  let fd: number;
  try {
    fd = openSync(path, 'wx', privateFileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fchmodSync(fd, privateFileMode);
  } finally {
    closeSync(fd);
  }
  return true;
}
