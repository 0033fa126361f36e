/**
 * Break-glass settings from the functions' env (`slack env add`): how long humans have to
 * acknowledge the follow-up review, and the security channel told of every use.
 *
 * @module
 */
import {
  BREAK_GLASS_REVIEW_HOURS_ENV,
  DEFAULT_BREAK_GLASS_REVIEW_HOURS,
  SECURITY_CHANNEL_ENV,
} from "../lib/config.ts";
import { envSetting } from "./_shared/env.ts";

const HOUR = 3_600_000;

/** The review window in ms: the setting when it is a number of hours from 1 to 720, else 24 h. */
export function breakGlassReviewMs(env: Record<string, string> | undefined): number {
  const hours = Number(envSetting(env, BREAK_GLASS_REVIEW_HOURS_ENV));
  return (Number.isFinite(hours) && hours >= 1 && hours <= 720
    ? hours
    : DEFAULT_BREAK_GLASS_REVIEW_HOURS) * HOUR;
}

/** The security channel id, or `undefined` when none (or a malformed one) is set. */
export function securityChannel(env: Record<string, string> | undefined): string | undefined {
  const id = envSetting(env, SECURITY_CHANNEL_ENV).trim();
  return /^[CG][A-Z0-9]{2,}$/.test(id) ? id : undefined;
}
