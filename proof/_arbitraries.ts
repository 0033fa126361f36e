/**
 * fast-check generators of hostile text: Slack control sequences (`<!channel>`, `<@U…>`,
 * `<https://evil|x>`), mrkdwn markup, control and bidi characters, lone surrogates, the U+FFFD
 * left by non-UTF-8 bytes, long runs, and arbitrary Unicode.
 *
 * @module
 */
import fc from "fast-check";

/** Pieces an attacker would try, mixed into generated text. */
export const HOSTILE_PIECES = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U0APPR0001>",
  "<@UEVIL00001>",
  "<#C0APPROVALS>",
  "<!subteam^S0APPROVERS>",
  "<https://evil.example|click me>",
  "<http://evil.example>",
  "<mailto:x@evil.example|mail>",
  "<",
  ">",
  "|",
  "&lt;",
  "&",
  "*bold*",
  "_it_",
  "~s~",
  "`code`",
  "```",
  "> quote",
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u200b",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ufffd",
  "\ud800",
  "\udfff",
  "🚀",
  "é",
  ":skull:",
  "%0A",
  "=",
  "?",
  "#",
  " ",
];

/** Hostile text up to about `maxLength` UTF-16 units. */
export function hostileText(maxLength = 300): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
    { weight: 2, arbitrary: fc.string({ maxLength: 8, unit: "grapheme-composite" }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: "binary" }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9#-]{1,12}$/) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(piece, { maxLength: 12 }).map((p) => p.join("")) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom(...HOSTILE_PIECES),
        fc.integer({ min: 1, max: maxLength }),
      )
        .map(([p, n]) => p.repeat(Math.ceil(n / p.length))),
    },
  ).map((s) => s.slice(0, maxLength * 2));
}
