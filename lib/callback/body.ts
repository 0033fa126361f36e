/**
 * Reading a request body with a size limit: a callback receiver must not buffer whatever a
 * stranger sends.
 *
 * @module
 */

/** The body as text, or `undefined` once it exceeds `limit` bytes (reading stops there). */
export async function readBodyLimited(req: Request, limit: number): Promise<string | undefined> {
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
