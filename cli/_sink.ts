/**
 * A buffered line writer to a file or stdout. Lines are encoded straight into one reused
 * buffer (256 KB, larger only if one batch needs it) that is written per batch: a million-line
 * export makes a few thousand writes and no per-write allocation.
 *
 * @module
 */

const SIZE = 256 * 1024;
const NEWLINE = 0x0a;

/** Writes lines (each followed by `\n`). */
export class LineSink {
  #buffer = new Uint8Array(SIZE);
  #used = 0;
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

  async #write(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) written += await this.#out.write(bytes.subarray(written));
  }

  /**
   * Adds one line to the buffer without writing (the buffer grows if needed); call
   * {@linkcode flush} after a batch. Staying synchronous per line matters: an `await` per record
   * keeps every record of a page alive across turns, and memory then grows with the export.
   */
  add(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the newline.
    const worst = text.length * 3 + 1;
    if (this.#used + worst > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#used + worst));
      grown.set(this.#buffer.subarray(0, this.#used));
      this.#buffer = grown;
    }
    this.#used += this.#encoder.encodeInto(text, this.#buffer.subarray(this.#used)).written;
    this.#buffer[this.#used++] = NEWLINE;
  }

  /** Adds one line and writes the buffer once it holds 256 KB. */
  async line(text: string): Promise<void> {
    this.add(text);
    if (this.#used >= SIZE) await this.flush();
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.#used === 0) return;
    await this.#write(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  /** Flushes and closes (stdout stays open). */
  async close(): Promise<void> {
    await this.flush();
    if (this.#out !== Deno.stdout) (this.#out as Deno.FsFile).close();
  }
}
