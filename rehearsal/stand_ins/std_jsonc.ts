/** Stand-in for `jsr:@std/jsonc@^1`: JSON with comments and trailing commas. */
export type JsonValue = unknown;

/** Parses JSONC: drops comments outside strings and trailing commas, then `JSON.parse`. */
export function parse(text: string): JsonValue {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
      if (i === 0) throw new SyntaxError("Unterminated comment in JSONC");
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}
