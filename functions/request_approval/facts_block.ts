/**
 * The "facts" section of the approval message: each fact the deciding rule looked at, with its
 * source (verified or caller-asserted), and why a rule that would have auto-approved asks humans.
 *
 * @module
 */
import type { SectionBlock } from "@slack/types";
import { escapeMrkdwn, FIELD_BUDGET, SECTION_TEXT_MAX, truncate } from "../../lib/render/mod.ts";
import type { Fact } from "../../lib/policy/facts.ts";

/** Facts listed at most; the record keeps them all. */
const MAX_SHOWN = 12;

/** One fact as a line: name, value, what the rule asked, source and who vouches for it. */
export function factLine(fact: Fact): string {
  const name = escapeMrkdwn(fact.name, FIELD_BUDGET.short, false);
  const value = fact.value === ""
    ? "_not sent_"
    : escapeMrkdwn(fact.value, FIELD_BUDGET.short, false);
  const wanted = fact.wanted
    ? ` (rule: ${escapeMrkdwn(fact.wanted, FIELD_BUDGET.short, false)})`
    : "";
  const source = fact.source === "verified"
    ? `:lock: verified${fact.by ? ` by ${escapeMrkdwn(fact.by, FIELD_BUDGET.medium, false)}` : ""}`
    : "_caller-asserted_";
  return `• *${name}* = ${value}${wanted} — ${source}`;
}

/** The section, or `undefined` when there is nothing to show. */
export function factsBlock(facts: readonly Fact[], note?: string): SectionBlock | undefined {
  if (facts.length === 0 && !note) return undefined;
  const lines = facts.slice(0, MAX_SHOWN).map(factLine);
  if (facts.length > MAX_SHOWN) {
    lines.push(`_… and ${facts.length - MAX_SHOWN} more in the record_`);
  }
  const why = note
    ? `\n:warning: *Why humans are asked:* ${escapeMrkdwn(note, FIELD_BUDGET.long, false)}`
    : "";
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(`*Facts the rule looked at*\n${lines.join("\n")}${why}`, SECTION_TEXT_MAX),
    },
  };
}
