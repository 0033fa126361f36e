/**
 * conversations.*, users.* and usergroups.* methods, plus channel resolution shared with chat.*.
 *
 * @module
 */
import type { Channel, User, Usergroup } from "../storage/types.ts";
import {
  type ApiContext,
  invalidArguments,
  type Method,
  optBool,
  optList,
  optString,
  randomId,
  reqString,
  SlackError,
} from "./context.ts";
import { EMAIL_SCOPE } from "./scopes.ts";

/** Finds (or creates) the DM between the caller and `userId`. */
export function openDm(ctx: ApiContext, userId: string): Channel {
  if (!ctx.storage.getUser(userId)) throw new SlackError("user_not_found");
  const members = [...new Set([ctx.caller.user_id, userId])].sort();
  const existing = ctx.storage.listChannels().find((c) =>
    c.is_im && [...c.members].sort().join(",") === members.join(",")
  );
  if (existing) return existing;
  const channel: Channel = {
    id: randomId("D"),
    name: userId,
    is_im: true,
    members,
    created: Math.floor(ctx.now() / 1000),
  };
  ctx.storage.putChannel(channel);
  return channel;
}

/**
 * Resolves a `channel` argument as Slack does for chat.*: a channel or DM id, a `#name`, or a
 * user id (meaning the DM with that user).
 */
export function resolveChannel(ctx: ApiContext, channel: string): Channel {
  const byId = ctx.storage.getChannel(channel);
  if (byId) return byId;
  if (/^[UW][A-Z0-9]+$/.test(channel) && ctx.storage.getUser(channel)) {
    return openDm(ctx, channel);
  }
  const name = channel.startsWith("#") ? channel.slice(1) : channel;
  const byName = ctx.storage.listChannels().find((c) => !c.is_im && c.name === name);
  if (byName) return byName;
  throw new SlackError("channel_not_found");
}

/** The Slack API shape of a channel. */
export function channelView(ctx: ApiContext, channel: Channel): Record<string, unknown> {
  const base = {
    id: channel.id,
    created: channel.created,
    is_im: channel.is_im,
    is_member: channel.members.includes(ctx.caller.user_id),
    context_team_id: ctx.caller.team_id,
  };
  if (channel.is_im) {
    return { ...base, user: channel.members.find((m) => m !== ctx.caller.user_id) ?? channel.name };
  }
  return {
    ...base,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: true,
    is_private: false,
    is_archived: false,
    is_general: channel.name === "general",
    num_members: channel.members.length,
  };
}

/**
 * The Slack API shape of a user. `profile.email` only for a caller whose app has
 * `users:read.email` (Slack leaves it out otherwise: https://api.slack.com/methods/users.info).
 */
export function userView(ctx: ApiContext, user: User): Record<string, unknown> {
  const scopes = ctx.caller.scopes;
  const email = user.email && (!scopes || scopes.includes(EMAIL_SCOPE)) ? user.email : undefined;
  return {
    id: user.id,
    team_id: ctx.caller.team_id,
    name: user.name,
    real_name: user.real_name,
    deleted: false,
    is_bot: user.is_bot ?? false,
    is_admin: user.is_admin ?? false,
    tz: user.tz ?? "UTC",
    profile: {
      real_name: user.real_name,
      display_name: user.name,
      ...(email ? { email } : {}),
    },
  };
}

function usergroupView(ctx: ApiContext, group: Usergroup, withUsers: boolean) {
  return {
    id: group.id,
    team_id: ctx.caller.team_id,
    handle: group.handle,
    name: group.name,
    is_usergroup: true,
    user_count: group.users.length,
    ...(withUsers ? { users: group.users } : {}),
  };
}

const CHANNEL_TYPES = new Set(["public_channel", "private_channel", "im", "mpim"]);

/** conversations.*, users.* and usergroups.* methods by Slack name. */
export const conversationMethods: Record<string, Method> = {
  "conversations.open": (ctx, args) => {
    const users = optList(args, "users")?.map(String);
    const channelId = optString(args, "channel");
    if (channelId) {
      const channel = ctx.storage.getChannel(channelId);
      if (!channel) throw new SlackError("channel_not_found");
      return { channel: { id: channel.id } };
    }
    if (!users || users.length === 0) throw new SlackError("users_list_not_supplied");
    if (users.length > 8) throw new SlackError("too_many_users");
    for (const user of users) {
      if (!ctx.storage.getUser(user)) throw new SlackError("user_not_found");
    }
    const others = users.filter((u) => u !== ctx.caller.user_id);
    if (others.length <= 1) {
      const channel = openDm(ctx, others[0] ?? ctx.caller.user_id);
      return { channel: { id: channel.id } };
    }
    const members = [...new Set([ctx.caller.user_id, ...others])].sort();
    const existing = ctx.storage.listChannels().find((c) =>
      !c.is_im && c.name.startsWith("mpdm-") && c.members.join(",") === members.join(",")
    );
    if (existing) return { channel: { id: existing.id } };
    const channel: Channel = {
      id: randomId("G"),
      name: `mpdm-${members.join("--")}`,
      is_im: false,
      members,
      created: Math.floor(ctx.now() / 1000),
    };
    ctx.storage.putChannel(channel);
    return { channel: { id: channel.id } };
  },
  "conversations.info": (ctx, args) => {
    const channel = ctx.storage.getChannel(reqString(args, "channel", "channel_not_found"));
    if (!channel) throw new SlackError("channel_not_found");
    return { channel: channelView(ctx, channel) };
  },
  "conversations.members": (ctx, args) => {
    const channel = ctx.storage.getChannel(reqString(args, "channel", "channel_not_found"));
    if (!channel) throw new SlackError("channel_not_found");
    return { members: channel.members, response_metadata: { next_cursor: "" } };
  },
  "conversations.list": (ctx, args) => {
    const types = optList(args, "types")?.map(String) ?? ["public_channel"];
    for (const type of types) {
      if (!CHANNEL_TYPES.has(type)) throw invalidArguments(`unknown channel type "${type}"`);
    }
    const channels = ctx.storage.listChannels().filter((c) =>
      c.is_im ? types.includes("im") : types.includes("public_channel")
    );
    return {
      channels: channels.map((c) => channelView(ctx, c)),
      response_metadata: { next_cursor: "" },
    };
  },
  "users.info": (ctx, args) => {
    const user = ctx.storage.getUser(reqString(args, "user", "user_not_found"));
    if (!user) throw new SlackError("user_not_found");
    return { user: userView(ctx, user) };
  },
  "users.list": (ctx) => ({
    members: ctx.storage.listUsers().map((u) => userView(ctx, u)),
    response_metadata: { next_cursor: "" },
  }),
  "users.lookupByEmail": (ctx, args) => {
    const email = reqString(args, "email", "users_not_found").toLowerCase();
    const user = ctx.storage.listUsers().find((u) => u.email?.toLowerCase() === email);
    if (!user) throw new SlackError("users_not_found");
    return { user: userView(ctx, user) };
  },
  "usergroups.list": (ctx, args) => {
    const withUsers = optBool(args, "include_users") ?? false;
    return {
      usergroups: ctx.storage.listUsergroups().map((g) => usergroupView(ctx, g, withUsers)),
    };
  },
  "usergroups.users.list": (ctx, args) => {
    const group = ctx.storage.getUsergroup(reqString(args, "usergroup", "no_such_subteam"));
    if (!group) throw new SlackError("no_such_subteam");
    return { users: group.users };
  },
};
