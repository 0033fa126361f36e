/**
 * The Slack side shared by the admin functions: the admin check (with `usergroups.users.list`),
 * the lookups the bot checks need (`lib/admin/people.ts`), reading and writing bots and rules,
 * recording an admin event, and the outputs every admin function returns. Every call's `.ok` is
 * checked; a failed write is reported, never ignored.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { AdminEvents } from "../../datastores/admin_events.ts";
import { withRecordSeal } from "./seal.ts";
import { Policies } from "../../datastores/policies.ts";
import { Services } from "../../datastores/services.ts";
import { queryAll } from "./pages.ts";
import { parseDomainList } from "../../lib/callback/domain.ts";
import { EXTRA_DOMAINS_ENV } from "../../lib/config.ts";
import { mrkdwnWithCode } from "../../lib/render/mrkdwn.ts";
import {
  type Authorization,
  authorizeAdmin,
  type MembersLookup,
} from "../../lib/admin/authorize.ts";
import type { ServiceItem } from "../../lib/admin/service_item.ts";
import type { PeopleLookups } from "../../lib/admin/people.ts";
import { adminConfig } from "../../lib/admin/config.ts";
import type { PolicyItem } from "../../lib/admin/policy.ts";
import { type AdminAction, adminEvent, type AdminEventInput } from "../../lib/admin/event.ts";

/** The outputs of every admin function. */
export interface AdminOutputs {
  ok: boolean;
  /** What happened, as inert mrkdwn (safe to post as a message). */
  summary: string;
  event_id: string;
}

/** A handler's return value. */
export type AdminReturn = { outputs: AdminOutputs } | { error: string };

/** Longest summary returned (a message section holds 3000). */
const SUMMARY_MAX = 2900;

/** Members of a usergroup via `usergroups.users.list`; a Slack error becomes `ok: false`. */
export async function usergroupMembers(
  client: SlackAPIClient,
  usergroup: string,
): Promise<MembersLookup> {
  try {
    const res = await client.usergroups.users.list({ usergroup });
    if (!res.ok) return { ok: false, error: String(res.error) };
    return { ok: true, users: Array.isArray(res.users) ? res.users.map(String) : [] };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** What identifies one admin attempt, for the check and its event. */
export interface AdminAttempt {
  client: SlackAPIClient;
  env: Record<string, string>;
  actor?: string;
  action: AdminAction;
  /** Words for messages: "register bot", "rotate key" … */
  label: string;
  targetType: "bot" | "policy" | "decision";
  targetId?: string;
  now?: number;
}

/**
 * Runs the admin check. On refusal the refusal is recorded and the function's return value is
 * ready in `done`.
 */
export async function checkAdmin(
  attempt: AdminAttempt,
): Promise<{ ok: true; via: string } | { ok: false; done: AdminReturn }> {
  const auth: Authorization = await authorizeAdmin(
    attempt.label,
    attempt.actor,
    adminConfig(attempt.env),
    (group) => usergroupMembers(attempt.client, group),
  );
  if (auth.ok) return { ok: true, via: auth.via };
  return { ok: false, done: await finish(attempt, { result: "refused", detail: auth.reason }) };
}

/**
 * Records the attempt's event and returns the function's outputs. A failed record is an error
 * of the function; for an applied change the message says the change itself was made.
 */
export async function finish(
  attempt: AdminAttempt,
  event: Pick<AdminEventInput, "result" | "detail" | "before" | "after">,
): Promise<AdminReturn> {
  const now = attempt.now ?? Date.now();
  const random = crypto.randomUUID().slice(0, 8);
  const item = adminEvent(
    {
      actor: attempt.actor,
      action: attempt.action,
      targetType: attempt.targetType,
      targetId: attempt.targetId,
      ...event,
    },
    now,
    random,
  );
  let failure: string | undefined;
  try {
    // Signed by the app's key, like decisions, so an audit export can prove it unchanged.
    const sealed = await withRecordSeal(attempt.env, AdminEvents.name, { ...item }, "admin");
    const res = await attempt.client.apps.datastore.put<typeof AdminEvents.definition>({
      datastore: AdminEvents.name,
      item: sealed,
    });
    if (!res.ok) failure = String(res.error);
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    const applied = event.result === "applied" ? " (the change itself WAS applied)" : "";
    return { error: `Cannot record admin event for ${attempt.label}${applied}: ${failure}` };
  }
  return {
    outputs: {
      ok: event.result === "applied",
      summary: mrkdwnWithCode(event.detail, SUMMARY_MAX),
      event_id: item.id,
    },
  };
}

/** Shorthand: records an invalid-input attempt (`Cannot <label>: <why>`). */
export function invalid(
  attempt: AdminAttempt,
  why: string,
  before?: Record<string, unknown>,
): Promise<AdminReturn> {
  return finish(attempt, { result: "invalid", detail: `Cannot ${attempt.label}: ${why}`, before });
}

/** The message of an unexpected Slack failure, for `{ error }` returns. */
export function failure(label: string, what: string, error: unknown): { error: string } {
  const why = error instanceof Error ? error.message : String(error);
  return { error: `Cannot ${label}: ${what} failed: ${why}` };
}

/** The Slack lookups the bot checks of `lib/admin/people.ts` need, made with `client`. */
export function slackLookups(client: SlackAPIClient): PeopleLookups {
  return {
    members: (usergroup) => usergroupMembers(client, usergroup),
    user: async (id) => {
      try {
        const res = await client.users.info({ user: id });
        if (!res.ok) return { ok: false, error: String(res.error) };
        const user = res.user as { deleted?: boolean; is_bot?: boolean } | undefined;
        return { ok: true, deleted: user?.deleted === true, is_bot: user?.is_bot === true };
      } catch (error) {
        return { ok: false, error: (error as Error).message, failed: true };
      }
    },
  };
}

/** Reads one `services` item; `undefined` when absent. Throws on a Slack error. */
export async function readService(
  client: SlackAPIClient,
  id: string,
): Promise<ServiceItem | undefined> {
  const res = await client.apps.datastore.get<typeof Services.definition>({
    datastore: Services.name,
    id,
  });
  if (!res.ok) throw new Error(`apps.datastore.get: ${res.error}`);
  return res.item?.id ? res.item as unknown as ServiceItem : undefined;
}

/** Replaces one `services` item. Throws on a Slack error. */
export async function writeService(client: SlackAPIClient, item: ServiceItem): Promise<void> {
  const res = await client.apps.datastore.put<typeof Services.definition>({
    datastore: Services.name,
    item: item as unknown as Record<string, unknown> & { id: string },
  });
  if (!res.ok) throw new Error(`apps.datastore.put: ${res.error}${detailOf(res)}`);
}

/** Every `policies` item, through all cursor pages. Throws on a Slack error. */
export async function readPolicies(client: SlackAPIClient): Promise<PolicyItem[]> {
  return await queryAll<PolicyItem>(
    client,
    { datastore: Policies.name, limit: 1000 },
    "",
  );
}

/** Replaces `policies` items one by one (a handful per change). Throws on a Slack error. */
export async function writePolicies(
  client: SlackAPIClient,
  items: readonly PolicyItem[],
): Promise<void> {
  for (const item of items) {
    const res = await client.apps.datastore.put<typeof Policies.definition>({
      datastore: Policies.name,
      item: item as unknown as Record<string, unknown> & { id: string },
    });
    if (!res.ok) throw new Error(`apps.datastore.put: ${res.error}${detailOf(res)}`);
  }
}

/** Extra run-time outgoing domains from the app's env, for callback URL checks. */
export function extraDomains(env: Record<string, string>): string[] {
  return parseDomainList(env[EXTRA_DOMAINS_ENV]);
}

function detailOf(res: Record<string, unknown>): string {
  const errors = res.errors as { message?: string }[] | undefined;
  return errors?.length ? ` (${errors.map((e) => e.message).join("; ")})` : "";
}

/** Every `services` item, through all cursor pages. Throws on a Slack error. */
export async function readServices(client: SlackAPIClient): Promise<ServiceItem[]> {
  return await queryAll<ServiceItem>(
    client,
    { datastore: Services.name, limit: 1000 },
    "",
  );
}
