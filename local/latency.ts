/**
 * The latency mode: hosted-like delays, so a handler that does too much before `views.open`
 * (3 s from the click) or within its interactivity budget (10 s) fails here as on Slack, instead
 * of passing on a platform that answers in microseconds. Delays are waited on the platform's
 * {@linkcode Clock}: on a `ManualClock` they cost no real time and no test races the machine.
 *
 * @module
 */

/** The delays of the latency mode, in milliseconds. */
export interface Latency {
  /** Each Web API call over HTTP, before Slack sees it. */
  callMs: number;
  /** A click or submission, from the user to the app's handler. */
  deliveryMs: number;
}

/**
 * The delays of `latency: true`. _Assumption_ (Slack publishes no figures): a Web API call from
 * Slack's hosted runtime is taken to cost 600 ms and bringing an interaction to a hosted handler
 * 1 s. Then opening a modal first fits the 3 s easily (1.6 s), while one read and two lookups
 * before it do not (3.4 s).
 */
export const HOSTED_LATENCY: Readonly<Latency> = Object.freeze({ callMs: 600, deliveryMs: 1000 });

/** The delays an option asks for: none, the hosted-like ones, or one's own. */
export function latencyOf(option: boolean | Partial<Latency> | undefined): Latency {
  if (!option) return { callMs: 0, deliveryMs: 0 };
  if (option === true) return { ...HOSTED_LATENCY };
  return { callMs: option.callMs ?? 0, deliveryMs: option.deliveryMs ?? 0 };
}
