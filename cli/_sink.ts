/**
 * A buffered line writer to a file or stdout: lines are gathered into ~64 KB chunks, so a
 * million-line export makes a few thousand writes and holds one chunk at a time.
 *
 * @module
 */

const CHUNK = 64 * 1024;

/** Writes lines (each followed by `\n`). */
export class LineSink {
  #parts: string[] = [];
  #size = 0;
  #encoder = new TextEncoder();
  #out: Deno.FsFile | typeof Deno.stdout;

  private constructor(out: Deno.FsFile | typeof Deno.stdout) {
    this.#out = out;
  }

  /** A sink to `path` (created or truncated, mode 0600: an audit log is not for everyone). */
  static async open(path: string | undefined): Promise<LineSink> {
    if (path === undefined) return new LineSink(Deno.stdout);
    try {
      return new LineSink(
        await Deno.open(path, { write: true, create: true, truncate: true, mode: 0o600 }),
      );
    } catch (error) {
      throw new Error(`Cannot write "${path}": ${(error as Error).message}`);
    }
  }

  /** Adds one line. */
  async line(text: string): Promise<void> {
    this.#parts.push(text, "\n");
    this.#size += text.length + 1;
    if (this.#size >= CHUNK) await this.flush();
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.#size === 0) return;
    const bytes = this.#encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
    let written = 0;
    while (written < bytes.length) written += await this.#out.write(bytes.subarray(written));
  }

  /** Flushes and closes (stdout stays open). */
  async close(): Promise<void> {
    await this.flush();
    if (this.#out !== Deno.stdout) (this.#out as Deno.FsFile).close();
  }
}
