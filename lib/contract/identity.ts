/**
 * Comparing identities the way a person reads them, for the self-approval check: does the
 * clicking user's name, handle or email match the request's `triggered_by`?
 *
 * Two steps, both applied to both sides:
 *
 * 1. {@linkcode identityKey}: Unicode NFKC (compatibility forms such as full-width `ａｄａ` or
 *    `ﬁ` become `ada`, `fi`), full case folding (`ADA`, `Straße`/`STRASSE`), invisible and
 *    format characters removed (the contract refuses them in `triggered_by`, but a Slack
 *    profile name may hold them), white space collapsed, a leading `@` dropped.
 * 2. {@linkcode confusableSkeleton}: the UTS #39 skeleton, from Unicode's confusables table
 *    (the `unhomoglyph` package), so that Cyrillic `а`, Greek `ο` or `rn` standing for `m`
 *    compare equal to what they imitate.
 *
 * Matching is deliberately generous: a false match only stops someone from approving their own
 * request, a missed one lets them.
 *
 * @module
 */
import unhomoglyph from "unhomoglyph";

/** Invisible and format characters (see `text.ts`): they render as nothing. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Full case folding: lower case of upper case covers the folds JavaScript's `toLowerCase`
 * misses (`ß` → `ss`, `ſ` → `s`, final sigma), then NFKC again, since case mapping can leave
 * text unnormalized.
 */
function caseFold(value: string): string {
  return value.toUpperCase().toLowerCase().normalize("NFKC");
}

/** The normalized form of an identity: NFKC, case folded, invisibles removed, no `@`. */
export function identityKey(value: string | undefined): string {
  const text = caseFold((value ?? "").normalize("NFKC")).replace(INVISIBLE, "");
  return text.trim().replace(/\s+/gu, " ").replace(/^@/, "");
}

/**
 * The confusable skeleton of an identity (UTS #39 §4): NFD, the confusables mapping, NFD
 * again, taken of the {@linkcode identityKey} and case folded once more (the table maps to
 * prototypes of either case).
 */
export function confusableSkeleton(value: string | undefined): string {
  const key = identityKey(value);
  return caseFold(unhomoglyph(key.normalize("NFD")).normalize("NFD"));
}

/** Whether two identities read the same: equal keys, or equal confusable skeletons. */
export function sameIdentity(a: string | undefined, b: string | undefined): boolean {
  const left = identityKey(a);
  const right = identityKey(b);
  if (left === "" || right === "") return false;
  return left === right || confusableSkeleton(left) === confusableSkeleton(right);
}
