// @ts-check
/**
 * A small parser for Slack's `mrkdwn` text format, producing a plain node tree (no DOM), so the
 * page can render it with text nodes only and the parser can be unit-tested without a browser.
 *
 * Everything here treats input as hostile: nothing is ever turned into HTML. Angle-bracket
 * sequences become typed nodes (user/channel/usergroup mentions, links); special mentions such as
 * `<!channel>` are kept as literal text so a broadcast attempt is visible instead of acted on.
 *
 * @module
 */

/**
 * @typedef {{ type: "text", text: string }
 *   | { type: "bold" | "italic" | "strike" | "quote", children: MrkdwnNode[] }
 *   | { type: "code" | "pre", text: string }
 *   | { type: "link", url: string, label: string, raw: string }
 *   | { type: "user" | "channel" | "usergroup", id: string, label: string }
 *   | { type: "special", text: string }
 *   | { type: "date", seconds: number, fallback: string }
 *   | { type: "br" }} MrkdwnNode
 */

/** Emphasis markers and the node type each one makes. */
const EMPHASIS = /** @type {const} */ ({ "*": "bold", "_": "italic", "~": "strike" });

/** Characters after which an emphasis marker may open (start of a word, or nested markers). */
const OPEN_BEFORE = /[\s([{"'*_~]/u;
/** Characters after which an emphasis marker may close. */
const CLOSE_AFTER = /[\s.,;:!?)\]}"'*_~-]/u;

/**
 * Decodes the only three entities Slack uses in mrkdwn (`&amp;` last, so `&amp;lt;` stays `&lt;`).
 * @param {string} s
 * @returns {string}
 */
export function decodeEntities(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * Whether a link target may become a real `href`: only web and mail links, never `javascript:`
 * or `data:` URLs.
 * @param {string} url
 * @returns {boolean}
 */
export function isSafeUrl(url) {
  return /^(https?:\/\/|mailto:)[^\s]+$/i.test(url);
}

/**
 * Parses one `<…>` sequence's inside.
 * @param {string} inner
 * @returns {MrkdwnNode}
 */
function parseAngle(inner) {
  const bar = inner.indexOf("|");
  const head = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? "" : decodeEntities(inner.slice(bar + 1));
  if (head.startsWith("@")) return { type: "user", id: head.slice(1), label };
  if (head.startsWith("#")) return { type: "channel", id: head.slice(1), label };
  if (head.startsWith("!subteam^")) {
    return { type: "usergroup", id: head.slice("!subteam^".length), label };
  }
  const date = head.match(/^!date\^(\d{1,12})\^/);
  if (date) return { type: "date", seconds: Number(date[1]), fallback: label };
  // <!channel>, <!here>, <!everyone>: shown literally, never as a broadcast.
  if (head.startsWith("!")) return { type: "special", text: `<${decodeEntities(inner)}>` };
  const url = decodeEntities(head);
  // `raw` is what an unsafe link shows instead: the sequence as written, nothing hidden.
  return { type: "link", url, label: label || url, raw: `<${decodeEntities(inner)}>` };
}

/**
 * Finds where an emphasis opened at `start` closes, or -1.
 * @param {string} s
 * @param {number} start
 * @returns {number}
 */
function findClose(s, start) {
  const marker = s[start];
  const next = s[start + 1];
  if (next === undefined || /\s/u.test(next) || next === marker) return -1;
  for (let k = start + 2; k < s.length; k++) {
    const ch = s[k];
    if (ch === "\n") return -1;
    if (ch !== marker) continue;
    if (/\s/u.test(s[k - 1])) continue;
    if (k + 1 < s.length && !CLOSE_AFTER.test(s[k + 1])) continue;
    return k;
  }
  return -1;
}

/**
 * Parses one line of inline mrkdwn (no line breaks, no code fences).
 * @param {string} s
 * @returns {MrkdwnNode[]}
 */
export function parseInline(s) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push({ type: "text", text: decodeEntities(buf) });
    buf = "";
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "`" && (i === 0 || OPEN_BEFORE.test(s[i - 1]))) {
      const j = s.indexOf("`", i + 1);
      if (j > i + 1 && (j + 1 === s.length || CLOSE_AFTER.test(s[j + 1]))) {
        flush();
        out.push({ type: "code", text: decodeEntities(s.slice(i + 1, j)) });
        i = j + 1;
        continue;
      }
    } else if (ch === "<") {
      const j = s.indexOf(">", i + 1);
      const inner = j === -1 ? "" : s.slice(i + 1, j);
      if (j > i + 1 && !inner.includes("<")) {
        flush();
        out.push(parseAngle(inner));
        i = j + 1;
        continue;
      }
    } else if (ch === "*" || ch === "_" || ch === "~") {
      if (i === 0 || OPEN_BEFORE.test(s[i - 1])) {
        const k = findClose(s, i);
        if (k !== -1) {
          flush();
          out.push({ type: EMPHASIS[ch], children: parseInline(s.slice(i + 1, k)) });
          i = k + 1;
          continue;
        }
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

/**
 * Parses lines into inline nodes separated by breaks, grouping `>` lines into quotes.
 * @param {string} text
 * @returns {MrkdwnNode[]}
 */
function parseLines(text) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  const lines = text.split("\n");
  /** @type {string[]} */
  let quote = [];
  const flushQuote = () => {
    if (quote.length) out.push({ type: "quote", children: parseLines(quote.join("\n")) });
    quote = [];
  };
  lines.forEach((line, idx) => {
    const m = line.match(/^(?:&gt;|>) ?(.*)$/);
    if (m) {
      quote.push(m[1]);
      return;
    }
    flushQuote();
    // A quote is a block of its own: the line after it needs no break.
    if (out.length && idx > 0 && out.at(-1)?.type !== "quote") out.push({ type: "br" });
    out.push(...parseInline(line));
  });
  flushQuote();
  return out;
}

/**
 * Parses a whole mrkdwn string: ```` ``` ```` fences, `>` quotes, then inline formatting.
 * @param {string} text
 * @returns {MrkdwnNode[]}
 */
export function parseMrkdwn(text) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  const src = String(text ?? "");
  const fence = /```([\s\S]*?)```/g;
  let last = 0;
  for (const m of src.matchAll(fence)) {
    const idx = m.index ?? 0;
    if (idx > last) out.push(...parseLines(src.slice(last, idx)));
    out.push({ type: "pre", text: decodeEntities(m[1].replace(/^\n/, "")) });
    last = idx + m[0].length;
  }
  if (last < src.length) out.push(...parseLines(src.slice(last)));
  return out;
}
