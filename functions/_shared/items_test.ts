import { assertEquals } from "@std/assert";
import type { DatastoreItem } from "deno-slack-api/types.ts";
import { Services } from "../../datastores/services.ts";
import type { ServiceItem } from "../../lib/admin/service_item.ts";
import type { ServiceTrust } from "../../lib/decision/close.ts";
import type { OidcRegistration } from "../../lib/oidc/registration.ts";
import type { ServicesItem } from "./items.ts";

/** `true` when `A` and `B` are the same type, else `false` (checked by `deno check`). */
type Same<A, B> = [A] extends [B] ? [B] extends [A] ? true : false : false;

Deno.test("ServicesItem has exactly the datastore's attributes, typed by their schema", () => {
  // Compile-time: a renamed or added attribute, or a changed type, fails `deno check`.
  const names: Same<keyof ServicesItem, keyof typeof Services.definition.attributes> = true;
  const sdk: Same<keyof ServicesItem, keyof DatastoreItem<typeof Services.definition>> = true;
  const count: Same<ServicesItem["approvals_required"], number | undefined> = true;
  const owner: Same<ServicesItem["owner"], string | undefined> = true;
  const keys: Same<
    ServicesItem["public_keys"],
    { key_id?: string; public_key?: string; not_after?: number }[] | undefined
  > = true;
  const claims: Same<ServicesItem["oidc_claims"], string[] | undefined> = true;
  assertEquals([names, sdk, count, owner, keys, claims], [true, true, true, true, true, true]);
  // And at run time: the datastore's attribute names are what the type lists.
  const item: Required<Record<keyof ServicesItem, unknown>> = Object.fromEntries(
    Object.keys(Services.definition.attributes).map((name) => [name, null]),
  ) as Required<Record<keyof ServicesItem, unknown>>;
  assertEquals(Object.keys(item).length, Object.keys(Services.definition.attributes).length);
});

Deno.test("lib's views of a service agree with the datastore's item", () => {
  // lib cannot import datastores/ (lib/import_rules_test.ts): it declares the fields it needs,
  // and these checks keep them the datastore's own names and types.
  const sameNames: Same<keyof ServiceItem, keyof ServicesItem> = true;
  const built = (item: ServiceItem): ServicesItem => item;
  const trust = (item: ServicesItem): ServiceTrust => item;
  const oidc = (item: ServicesItem): OidcRegistration => item;
  assertEquals(sameNames, true);
  assertEquals(built({ id: "b", approvals_required: 2 }).approvals_required, 2);
  assertEquals(trust({ id: "b", status: "disabled" }).status, "disabled");
  assertEquals(oidc({ id: "b", oidc_claims: ["repository=a/b"] }).oidc_claims, ["repository=a/b"]);
});
