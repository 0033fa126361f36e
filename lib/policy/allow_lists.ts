/**
 * A service's allow-lists: which actions, resources and environments it may ask for at all,
 * before any policy rule is consulted. Each list holds glob patterns; an empty or missing list
 * allows nothing (fail closed), so `["*"]` must be written to allow everything.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { ReasonCode } from "../contract/reason_codes.ts";
import { matchesAny } from "./pattern.ts";

/** The allow-list attributes of a `services` item. */
export interface ServiceAllowLists {
  allowed_actions?: readonly string[];
  allowed_resources?: readonly string[];
  allowed_environments?: readonly string[];
}

/** The request fields the allow-lists constrain. */
export interface AllowListSubject {
  action: string;
  resource: string;
  environment: string;
}

/** Result of {@linkcode checkAllowLists}. */
export type AllowListResult =
  | { ok: true }
  | {
    ok: false;
    code:
      | typeof ReasonCode.action_not_allowed
      | typeof ReasonCode.resource_not_allowed
      | typeof ReasonCode.environment_not_allowed;
    detail: string;
  };

/** Checks action, then resource, then environment against the service's allow-lists. */
export function checkAllowLists(
  service: ServiceAllowLists,
  request: AllowListSubject,
  serviceId: string,
): AllowListResult {
  const checks = [
    ["action", service.allowed_actions, ReasonCode.action_not_allowed],
    ["resource", service.allowed_resources, ReasonCode.resource_not_allowed],
    ["environment", service.allowed_environments, ReasonCode.environment_not_allowed],
  ] as const;
  for (const [field, patterns, code] of checks) {
    const value = request[field];
    if (!matchesAny(patterns, value)) {
      const listed = patterns?.length ? `its allowed_${field}s` : `an empty allowed_${field}s list`;
      return {
        ok: false,
        code,
        detail: `Cannot allow ${field} ${quote(value)}: service ${quote(serviceId)} has ` +
          `${listed} and none matches`,
      };
    }
  }
  return { ok: true };
}
