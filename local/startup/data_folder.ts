/**
 * Opening the platform's data folder: one platform at a time (an OS lock on `platform.lock`,
 * released by the OS when the process ends, so a crashed platform never blocks the next), a clear
 * refusal when the folder cannot be written or its database opened, private files (the database
 * holds the app's keys and the bot token: mode 0600, in a folder of mode 0700 when the platform
 * creates it), and nothing left behind by a start that fails.
 *
 * @module
 */
import { join } from "node:path";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";

/** The lock file in the data folder; its text names the platform holding it. */
export const LOCK_FILE = "platform.lock";
/** The database file in the data folder. */
export const DB_FILE = "platform.db";
/** SQLite's side files of the database (write-ahead log, shared memory, rollback journal). */
const DB_SIDE_FILES = ["-wal", "-shm", "-journal"];

/** An open data folder, locked by this process. */
export interface DataFolder {
  storage: Storage;
  /** Releases the lock (after the storage is closed). */
  release(): void;
  /**
   * For a start that failed: removes every file and folder this start created (the database,
   * its side files, the lock file, key files, the folder itself when it was new), then releases
   * the lock. What was there before stays.
   */
  abandon(): Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function names(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  for await (const entry of Deno.readDir(dir)) found.add(entry.name);
  return found;
}

/** Replaces the lock file's text (it names the holder for a refused second platform). */
async function note(lock: Deno.FsFile, text: string): Promise<void> {
  await lock.truncate(0);
  await lock.seek(0, Deno.SeekMode.Start);
  await lock.write(new TextEncoder().encode(text));
}

async function holderText(lockPath: string): Promise<string> {
  try {
    const text = (await Deno.readTextFile(lockPath)).trim().slice(0, 300);
    return text ? ` (${text})` : "";
  } catch {
    return "";
  }
}

/** Makes `path` readable and writable by its owner only, when it exists. */
async function makePrivate(path: string): Promise<void> {
  try {
    await Deno.chmod(path, 0o600);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/**
 * Opens `dataDir` (created when missing) for one platform: takes its lock, checks it can be
 * written, opens `platform.db` with private files.
 *
 * @throws Error `Cannot start platform: …` naming the folder and what to do.
 */
export async function openDataFolder(dataDir: string): Promise<DataFolder> {
  const newFolder = !(await exists(dataDir));
  try {
    await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new Error(
      `Cannot start platform: cannot create the data folder "${dataDir}" ` +
        `(${(error as Error).message}); pick another --data`,
    );
  }
  const lockPath = join(dataDir, LOCK_FILE);
  const before = newFolder ? new Set<string>() : await names(dataDir);
  let lock: Deno.FsFile;
  try {
    lock = await Deno.open(lockPath, { read: true, write: true, create: true, mode: 0o600 });
  } catch (error) {
    if (newFolder) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    throw new Error(
      `Cannot start platform: the data folder "${dataDir}" is not writable ` +
        `(${(error as Error).message}); make it writable, free some space, or pick another --data`,
    );
  }
  if (!(await lock.tryLock(true))) {
    lock.close();
    throw new Error(
      `Cannot start platform: the data folder "${dataDir}" is in use by another platform` +
        `${await holderText(lockPath)}; stop it first, or give this one its own --data DIR`,
    );
  }
  const abandon = async () => {
    // Still holding the lock, so no other platform can have created anything meanwhile.
    try {
      if (newFolder) await Deno.remove(dataDir, { recursive: true });
      else {
        for (const name of await names(dataDir)) {
          if (!before.has(name)) await Deno.remove(join(dataDir, name), { recursive: true });
        }
      }
    } finally {
      release();
    }
  };
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    lock.close(); // closing the file releases its lock
  };
  const dbPath = join(dataDir, DB_FILE);
  try {
    await note(lock, `pid ${Deno.pid}, since ${new Date().toISOString()}`);
    // Created private before SQLite opens it: SQLite gives its side files the database's mode.
    if (!(await exists(dbPath))) await Deno.writeFile(dbPath, new Uint8Array(), { mode: 0o600 });
    for (const path of [dbPath, ...DB_SIDE_FILES.map((s) => dbPath + s)]) await makePrivate(path);
  } catch (error) {
    await abandon();
    throw new Error(
      `Cannot start platform: the data folder "${dataDir}" is not writable ` +
        `(${(error as Error).message}); make it writable, free some space, or pick another --data`,
    );
  }
  let storage: Storage;
  try {
    storage = openSqliteStorage(dbPath);
  } catch (error) {
    await abandon();
    throw new Error(
      `Cannot start platform: cannot open the database "${dbPath}" (${(error as Error).message})`,
    );
  }
  return {
    storage,
    release,
    abandon,
  };
}
