/**
 * Opening the platform's data folder: a clear refusal when it cannot be written (read-only, full)
 * or its database cannot be opened, instead of a failure on the first write.
 *
 * @module
 */
import { join } from "node:path";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";

/** Checks that `dataDir` is writable and opens the database at `dbPath`. */
export async function openDataFolder(dataDir: string, dbPath: string): Promise<Storage> {
  const probe = join(dataDir, `.write-check-${Deno.pid}`);
  try {
    await Deno.writeTextFile(probe, "ok");
    await Deno.remove(probe);
  } catch (error) {
    throw new Error(
      `Cannot start platform: the data folder "${dataDir}" is not writable ` +
        `(${(error as Error).message}); make it writable, free some space, or pick another --data`,
    );
  }
  try {
    return openSqliteStorage(dbPath);
  } catch (error) {
    throw new Error(
      `Cannot start platform: cannot open the database "${dbPath}" (${(error as Error).message})`,
    );
  }
}
