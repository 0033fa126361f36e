/**
 * Safe Slack rendering for caller-provided text: escaping, neutralised formatting, bounded sizes
 * and links built only from validated http(s) URLs.
 *
 * @module
 */
export * from "./limits.ts";
export * from "./mrkdwn.ts";
