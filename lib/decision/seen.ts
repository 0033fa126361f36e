/**
 * "What you saw is what you approved": the digest of the exact approval message an approver
 * acted on. Computed over the message's Block Kit blocks as Slack delivered them with the click
 * (every label, fact and source marking included), in deterministic JSON (`canonicalJson`: keys
 * sorted, empty values left out), SHA-256, written `sha256:<64 hex>`. Anyone holding the
 * message (from the click payload or `conversations.history`) can recompute it with
 * `lib/audit/seen_digest.ts`; this file only reads and pairs digests.
 *
 * @module
 */

const SEEN_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Whether `text` is a digest in {@linkcode messageDigest}'s form. */
export function isMessageDigest(text: unknown): text is string {
  return typeof text === "string" && SEEN_DIGEST.test(text);
}

/**
 * The digests to record beside `decided_by`: one per decider, in the same order, each the
 * digest that decider saw; undefined unless every decider has a well-formed one (a partial list
 * would pair digests with the wrong people).
 */
export function seenDigestsFor(
  deciders: readonly string[],
  seen: ReadonlyMap<string, string | undefined>,
): string[] | undefined {
  const out = deciders.map((u) => seen.get(u));
  return out.length > 0 && out.every(isMessageDigest) ? out as string[] : undefined;
}
