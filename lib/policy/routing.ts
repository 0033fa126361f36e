/**
 * Routing by rule: a rule may name its own approver groups (Slack user groups), how many
 * approvals each must give, and how many of them must sign off ("1 from SRE and 1 from Security",
 * or any N of M). Pure: the approval step looks the members up and hands them in.
 *
 * Text form (policy items, admin forms, the approval step's input): `S0SRE:1, S0SEC:2` — user
 * group ids, each with the approvals it must give (`:1` may be left out), separated by commas.
 *
 * One person counts for one group only: someone in both SRE and Security cannot give "1 from SRE
 * and 1 from Security" alone. Sign-off is decided by a maximum matching of approvers to the
 * groups' approval slots.
 *
 * @module
 */
import { quote } from "../contract/text.ts";

/** Most groups one rule may name. */
export const MAX_APPROVER_GROUPS = 6;
/** Most approvals one group may be asked for (the same bound as a rule's total). */
export const MAX_GROUP_APPROVALS = 20;

const USERGROUP_ID = /^S[A-Z0-9]{2,20}$/;

/** One group's share of a sign-off. */
export interface GroupRequirement {
  usergroup: string;
  /** Distinct approvals this group must give (1 or more). */
  count: number;
}

/** A rule's sign-off: its groups and how many of them must each give their approvals. */
export interface SignOff {
  groups: GroupRequirement[];
  /** Groups that must sign off (1 … groups.length); groups.length means all of them. */
  need: number;
}

/** Result of parsing a text form. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Parses `S0SRE:1, S0SEC:2` (empty text: no groups).
 *
 * Refused with a specific error (completing "Cannot …: "): an entry that is not a user group id,
 * a count that is not a whole number from 1 to 20, a group named twice, more than six groups.
 */
export function parseApproverGroups(text: string): Parsed<GroupRequirement[]> {
  const fail = (error: string) => ({ ok: false as const, error });
  const entries = text.split(",").map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === "") return { ok: true, value: [] };
  if (entries.length > MAX_APPROVER_GROUPS) {
    return fail(
      `approver groups ${
        quote(text, 80)
      } name ${entries.length} groups; at most ${MAX_APPROVER_GROUPS}`,
    );
  }
  const groups: GroupRequirement[] = [];
  for (const [index, entry] of entries.entries()) {
    if (entry === "") {
      return fail(`approver groups ${quote(text, 80)}: entry ${index + 1} is empty (stray ",")`);
    }
    const [id, count, ...rest] = entry.split(":").map((part) => part.trim());
    if (!USERGROUP_ID.test(id) || rest.length > 0) {
      return fail(
        `approver group ${quote(entry)} is not a Slack user group id with an optional count ` +
          `(as in "S0123ABCD:2")`,
      );
    }
    const n = count === undefined ? 1 : /^[0-9]{1,3}$/.test(count) ? Number(count) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_GROUP_APPROVALS) {
      return fail(
        `approver group ${quote(entry)}: the count ${quote(count ?? "")} must be a whole number ` +
          `from 1 to ${MAX_GROUP_APPROVALS}`,
      );
    }
    if (groups.some((g) => g.usergroup === id)) {
      return fail(`approver groups ${quote(text, 80)} name ${quote(id)} twice`);
    }
    groups.push({ usergroup: id, count: n });
  }
  return { ok: true, value: groups };
}

/** The text form of groups, `S0SRE:1, S0SEC:2`. */
export function formatApproverGroups(groups: readonly GroupRequirement[]): string {
  return groups.map((g) => `${g.usergroup}:${g.count}`).join(", ");
}

/**
 * The sign-off of a rule's groups. `need` of 0, missing or not a number means all groups; a
 * `need` above the number of groups is refused.
 */
export function signOffOf(
  groupsText: string | undefined,
  need: number | undefined,
): Parsed<SignOff | undefined> {
  const parsed = parseApproverGroups(groupsText ?? "");
  if (!parsed.ok) return parsed;
  const groups = parsed.value;
  const n = need === undefined || need === null || need === 0 ? groups.length : need;
  if (groups.length === 0) {
    return n === 0 ? { ok: true, value: undefined } : {
      ok: false,
      error: `groups required ${quote(String(need))} needs approver groups to count`,
    };
  }
  if (!Number.isInteger(n) || n < 1 || n > groups.length) {
    return {
      ok: false,
      error: `groups required ${quote(String(need))} must be a whole number from 1 to ` +
        `${groups.length} (the number of approver groups)`,
    };
  }
  return { ok: true, value: { groups, need: n } };
}

/** Fewest distinct people that can complete the sign-off: the `need` smallest counts. */
export function signOffMinimum(signOff: SignOff): number {
  const counts = signOff.groups.map((g) => g.count).sort((a, b) => a - b);
  return counts.slice(0, signOff.need).reduce((sum, c) => sum + c, 0);
}

/** "1 from S0SRE and 1 from S0SEC", "any 2 of: …". `name` renders a group id. */
export function describeSignOff(
  signOff: SignOff,
  name: (usergroup: string) => string = (id) => id,
): string {
  const parts = signOff.groups.map((g) => `${g.count} from ${name(g.usergroup)}`);
  if (signOff.need === signOff.groups.length) {
    return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  }
  return `any ${signOff.need} of: ${parts.join("; ")}`;
}

/** One group's progress. */
export interface GroupProgress {
  usergroup: string;
  count: number;
  /** Approvers counted for this group (each person counts for one group only). */
  approvedBy: string[];
  done: boolean;
}

/** Result of {@linkcode tallySignOff}. */
export interface SignOffTally {
  /** Whether the sign-off and the total are both reached. */
  reached: boolean;
  /** Each group's progress (a maximum assignment of approvers to all groups). */
  groups: GroupProgress[];
  /** When reached: the approvers who decided, in voting order. */
  deciders: string[];
}

/**
 * Tallies a sign-off.
 *
 * @param approvers distinct eligible approvers, in voting order
 * @param members each group's members (a group missing here has none)
 * @param total the distinct approvals needed overall (the bot's minimum, the rule's count)
 */
export function tallySignOff(
  approvers: readonly string[],
  members: ReadonlyMap<string, ReadonlySet<string>>,
  signOff: SignOff,
  total: number,
): SignOffTally {
  const all = assign(approvers, members, signOff.groups);
  const groups = signOff.groups.map((g, i) => ({
    usergroup: g.usergroup,
    count: g.count,
    approvedBy: all[i],
    done: all[i].length >= g.count,
  }));
  const needed = Math.max(1, total, signOffMinimum(signOff));
  for (const subset of combinations(signOff.groups.length, signOff.need)) {
    const chosen = subset.map((i) => signOff.groups[i]);
    const slots = assign(approvers, members, chosen);
    if (!slots.every((who, k) => who.length >= chosen[k].count)) continue;
    if (approvers.length < needed) break;
    const counted = new Set(slots.flat());
    // The group approvers, then the earliest others up to the total, in voting order.
    const extra = approvers.filter((u) => !counted.has(u))
      .slice(0, Math.max(0, needed - counted.size));
    const deciders = approvers.filter((u) => counted.has(u) || extra.includes(u));
    return { reached: true, groups, deciders };
  }
  return { reached: false, groups, deciders: [] };
}

/**
 * A maximum assignment of approvers to the groups' approval slots (Kuhn's augmenting paths),
 * earliest voters first; returns each group's assigned approvers in voting order.
 */
function assign(
  approvers: readonly string[],
  members: ReadonlyMap<string, ReadonlySet<string>>,
  groups: readonly GroupRequirement[],
): string[][] {
  const slots = groups.flatMap((g, gi) => Array.from({ length: g.count }, () => gi));
  const holder: (number | undefined)[] = slots.map(() => undefined);
  const fits = (a: number, s: number) => members.get(groups[slots[s]].usergroup)?.has(approvers[a]);
  const augment = (a: number, seen: Set<number>): boolean => {
    for (let s = 0; s < slots.length; s++) {
      if (seen.has(s) || !fits(a, s)) continue;
      seen.add(s);
      if (holder[s] === undefined || augment(holder[s]!, seen)) {
        holder[s] = a;
        return true;
      }
    }
    return false;
  };
  for (let a = 0; a < approvers.length; a++) augment(a, new Set());
  return groups.map((_, gi) =>
    slots.map((g, s) => (g === gi ? holder[s] : undefined))
      .filter((a): a is number => a !== undefined)
      .sort((x, y) => x - y)
      .map((a) => approvers[a])
  );
}

/** Every k-subset of 0 … n−1, in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const walk = (start: number, picked: number[]) => {
    if (picked.length === k) return void out.push(picked);
    for (let i = start; i < n; i++) walk(i + 1, [...picked, i]);
  };
  walk(0, []);
  return out;
}
