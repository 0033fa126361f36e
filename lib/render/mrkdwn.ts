/**
 * Safe rendering of hostile caller text into Slack `mrkdwn` and `plain_text`.
 *
 * Every string a caller sends (reason, resource, triggered-by …) may try to ping everyone
 * (`<!channel>`), impersonate (`<@U123>`), hide a link (`<https://evil|Open>`), fake emphasis, or
 * blow through Slack's size limits. The functions here make such text inert and bounded; the only
 * angle-bracket syntax that reaches Slack is built by this module from validated parts.
 *
 * @module
 */

/** Zero-width space: placed around formatting characters so Slack does not pair them up. */
const ZWSP = "\u200b";
/** Appended when text was shortened. */
const ELLIPSIS = "…";

/**
 * C0/C1 control characters (except newline and tab, handled apart) and Unicode bidi controls,
 * which can visually reorder text ("Trojan Source") to disguise what is being approved.
 */
// deno-lint-ignore no-control-regex -- matching control characters is the point of this pattern
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Removes control and bidi characters and normalises line breaks. `multiline: false` also turns
 * newlines and tabs into single spaces (for one-line fields such as a resource name).
 */
export function stripControl(text: string, multiline = true): string {
  let out = String(text ?? "").replace(/\r\n?/g, "\n").replace(/\t/g, " ");
  out = out.replace(UNSAFE_CHARS, "");
  if (!multiline) out = out.replace(/\s*\n\s*/g, " ");
  return out;
}

/**
 * Shortens `text` to at most `max` characters (Unicode code points, never splitting a surrogate
 * pair), ending with "…" when it was cut.
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 0) return "";
  return chars.slice(0, max - 1).join("") + ELLIPSIS;
}

/** How one input character is written in mrkdwn. */
function escapeChar(ch: string): string {
  switch (ch) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    case "*":
    case "_":
    case "~":
    case "`":
      // Slack pairs these into bold/italic/strike/code; fencing them with zero-width spaces
      // keeps the character visible while leaving no pair for the parser to match.
      return ZWSP + ch + ZWSP;
    default:
      return ch;
  }
}

/**
 * Renders hostile text as inert mrkdwn: control characters removed, `&`, `<`, `>` escaped (so
 * `<!channel>`, `<@U123>` and `<https://x|y>` show literally), formatting characters neutralised,
 * and the result (escapes included) at most `max` characters long.
 *
 * @param text caller-provided text
 * @param max maximum length of the returned mrkdwn
 * @param multiline keep line breaks (true) or fold them into spaces (false)
 */
export function escapeMrkdwn(text: string, max: number, multiline = true): string {
  const clean = stripControl(text, multiline);
  let out = "";
  let length = 0;
  const chars = Array.from(clean);
  for (let i = 0; i < chars.length; i++) {
    const piece = escapeChar(chars[i]);
    const pieceLength = Array.from(piece).length;
    const isLast = i === chars.length - 1;
    // Keep room for the ellipsis unless this piece ends the text.
    if (length + pieceLength > (isLast ? max : max - 1)) {
      return max > 0 ? out + ELLIPSIS : "";
    }
    out += piece;
    length += pieceLength;
  }
  return out;
}

/**
 * Renders caller text for a `plain_text` object (which Slack never parses for mentions or links):
 * control characters removed and length bounded.
 */
export function plainText(text: string, max: number, multiline = false): string {
  return truncate(stripControl(text, multiline), max);
}

/** Slack user ids: `U…` or `W…` (enterprise), upper-case letters and digits. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
/** Slack channel ids: `C…`, `G…` (private) or `D…` (DM). */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;
/** Slack user group ids: `S…`. */
const USERGROUP_ID = /^S[A-Z0-9]{2,20}$/;

/** Whether `value` looks like a Slack user id (`U…`/`W…`). */
export function isUserId(value: unknown): value is string {
  return typeof value === "string" && USER_ID.test(value);
}

/**
 * A mention of a user we know by id; anything that is not a well-formed user id is shown as
 * escaped text instead, so a caller can never smuggle in mention syntax.
 */
export function userMention(id: string, max = 200): string {
  return isUserId(id) ? `<@${id}>` : escapeMrkdwn(id, max, false);
}

/** A channel link, or escaped text when `id` is not a channel id. */
export function channelMention(id: string, max = 200): string {
  return typeof id === "string" && CHANNEL_ID.test(id) ? `<#${id}>` : escapeMrkdwn(id, max, false);
}

/** A user group mention, or escaped text when `id` is not a user group id. */
export function usergroupMention(id: string, max = 200): string {
  return typeof id === "string" && USERGROUP_ID.test(id)
    ? `<!subteam^${id}>`
    : escapeMrkdwn(id, max, false);
}

/**
 * Parses `raw` as an absolute http(s) URL without credentials; anything else (javascript:,
 * relative, `slack://`, unparsable, overlong) is `undefined`.
 */
export function safeHttpUrl(raw: string, max = 1000): URL | undefined {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > max) return undefined;
  // deno-lint-ignore no-control-regex -- control characters in a URL are rejected outright
  if (/[\s<>|\u0000-\u001f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password) return undefined;
  return url;
}

/**
 * A link we build ourselves: `<url|label>` with an escaped label, only for http(s) URLs. For any
 * other URL, the escaped text of the URL is returned instead, never a link.
 *
 * @param rawUrl caller-provided URL
 * @param label caller-provided or fixed label (escaped here); defaults to the URL
 * @param max maximum length of the returned mrkdwn
 */
export function safeLink(rawUrl: string, label: string | undefined, max: number): string {
  const url = safeHttpUrl(rawUrl);
  const shownLabel = label && label.length > 0 ? label : rawUrl;
  if (!url) return escapeMrkdwn(rawUrl, max, false);
  // `href` is already percent-encoded; `|` ends the URL part and `&` must be an entity in mrkdwn.
  const href = url.href.replace(/\|/g, "%7C").replace(/&/g, "&amp;");
  const budget = max - href.length - 3;
  if (budget < 8) return escapeMrkdwn(shownLabel, max, false);
  return `<${href}|${escapeMrkdwn(shownLabel, budget, false)}>`;
}

/**
 * A date Slack shows in each reader's time zone, with an ISO fallback for clients that cannot.
 *
 * @param ms Unix milliseconds
 */
export function slackDate(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "unknown time";
  const seconds = Math.floor(ms / 1000);
  const fallback = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/**
 * Copyable spans in text we compose: backtick spans we wrote (`deno task cli pubkey`) and JSON
 * strings made by `quote()` (`"deploy_*"`), neither crossing a line.
 */
const COPYABLE = /`[^`\n]+`|"(?:[^"\\\n]|\\.)*"/g;

/**
 * Renders a message we composed (admin summaries) whose commands, names and quoted values must
 * paste into a shell exactly: each backtick span and each JSON-quoted value becomes a code span
 * with no invisible characters (Slack applies no formatting inside code; `&`, `<`, `>` are still
 * escaped there, so `<!channel>` stays text). Everything else is {@linkcode escapeMrkdwn}. A quoted
 * value holding a backtick cannot be a code span and is escaped as prose instead. The result is
 * at most `max` characters.
 */
export function mrkdwnWithCode(text: string, max: number): string {
  const clean = stripControl(text);
  let out = "";
  let length = 0;
  let last = 0;
  const pieces: { code: boolean; text: string }[] = [];
  for (const match of clean.matchAll(COPYABLE)) {
    if (match.index > last) pieces.push({ code: false, text: clean.slice(last, match.index) });
    const inner = match[0].startsWith("`") ? match[0].slice(1, -1) : match[0];
    pieces.push(inner.includes("`") ? { code: false, text: inner } : { code: true, text: inner });
    last = match.index + match[0].length;
  }
  if (last < clean.length) pieces.push({ code: false, text: clean.slice(last) });
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const rendered = piece.code
      ? "`" + piece.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") + "`"
      : escapeMrkdwn(piece.text, max + 1);
    const size = Array.from(rendered).length;
    const isLast = i === pieces.length - 1;
    if (length + size > (isLast ? max : max - 1)) {
      // Out of room: the rest as prose, which escapeMrkdwn cuts safely (never inside a span).
      const rest = pieces.slice(i).map((p) => p.text).join("");
      return out + escapeMrkdwn(rest, Math.max(0, max - length));
    }
    out += rendered;
    length += size;
  }
  return out;
}

/**
 * `text` as one inline code span (copyable, no invisible characters, `&<>` escaped). Text that
 * cannot be a code span (a backtick or a line break in it, or empty) is escaped prose instead.
 */
export function codeSpan(text: string, max = 200): string {
  const clean = truncate(stripControl(text, false), max);
  if (clean === "" || clean.includes("`")) return escapeMrkdwn(clean, max + 20, false);
  return "`" + clean.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") + "`";
}
