import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileErrorReason } from '../domain/file-errors.js';
import { StoreError } from './errors.js';

/**
 * Makes sure the store can be created and written at `path` before SQLite touches it, so a bad
 * path fails at once with exit 2, naming the path and what to do, instead of an SQLite message
 * later (or a hang). SQLite writes `-wal` and `-shm` files beside the store, so its folder must be
 * writable too.
 */
export function prepareStoreFile(path: string): void {
  const folder = dirname(path);
  try {
    createFolder(folder);
  } catch (error) {
    throw new StoreError(
      `cannot create the folder ${folder} for the store ${path} (${fileErrorReason(error)}): create it yourself, or point "store" in the config at a folder this user can write to`,
      path,
      { cause: error },
    );
  }
  for (const file of [folder, path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new StoreError(
        `the store ${path} cannot be written: ${file} is not writable for this user (${fileErrorReason(error)}): make it writable for the user running iex-sync (chown or chmod), or point "store" in the config at a folder it can write to`,
        path,
        { cause: error },
      );
    }
  }
}

/**
 * Creates `folder` and the missing folders above it, one at a time. Not Node's mkdirSync with
 * `recursive`: it takes ENOENT to mean "the parent is missing", makes the parent (which exists)
 * and tries again, forever, at 100 % CPU, where a parent exists but refuses new folders (anywhere
 * under /proc, which answers ENOENT).
 */
function createFolder(folder: string): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const at of missing) {
    try {
      mkdirSync(at);
    } catch (error) {
      // Another process made it first: fine, if it is a folder (statSync throws for a dangling link).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(at).isDirectory()) throw error;
    }
  }
}
