/**
 * Reading JSON Lines without holding the file: lines are yielded as they are decoded.
 *
 * @module
 */

/**
 * Yields the lines of a byte stream (UTF-8), without their `\n` or `\r\n`. A final line
 * without a newline is yielded too.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  // A streaming TextDecoder keeps a character split between chunks whole.
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    const chunk = decoder.decode(bytes, { stream: true });
    let start = 0;
    let end = chunk.indexOf("\n");
    if (end === -1) {
      rest += chunk;
      continue;
    }
    let line = rest + chunk.slice(0, end);
    rest = "";
    while (true) {
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
      start = end + 1;
      end = chunk.indexOf("\n", start);
      if (end === -1) break;
      line = chunk.slice(start, end);
    }
    rest = chunk.slice(start);
  }
  rest += decoder.decode();
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}
