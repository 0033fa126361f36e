/** Stand-in for `std@0.67.0/fs/mod.ts`: `ensureDir` and `emptyDir`. */

/** Creates `dir` (and parents) unless it exists. */
export async function ensureDir(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
}

/** Empties `dir`, creating it when missing. */
export async function emptyDir(dir: string): Promise<void> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      await Deno.remove(`${dir}/${entry.name}`, { recursive: true });
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    await Deno.mkdir(dir, { recursive: true });
  }
}
