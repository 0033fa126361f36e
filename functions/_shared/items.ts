/**
 * Datastore item types derived from the datastore definitions, so an item's shape is written
 * once, in `datastores/*.ts`. The SDK's `DatastoreItem<typeof X.definition>` names the same
 * attributes but types each one `any`; {@linkcode ItemOf} keeps the schema types: strings and
 * Slack ids as `string`, numbers and integers as `number`, arrays and custom object types
 * (`PublicKeyType`) element by element. Every attribute is optional: a record written by hand or
 * by an older version may lack any of them, and the functions check what they read.
 *
 * @module
 */
import type { Services } from "../../datastores/services.ts";

/** The value type of one attribute of a datastore (or custom type) definition. */
export type ValueOf<P> = P extends { type: "integer" | "number" } ? number
  : P extends { type: "boolean" } ? boolean
  : P extends { type: "array"; items: infer I } ? ValueOf<I>[]
  : P extends { type: { definition: { properties: infer Props } } }
    ? { [K in keyof Props]?: ValueOf<Props[K]> }
  : P extends { type: string } ? string
  : unknown;

/** An item of the datastore `D` (`typeof X.definition`), every attribute optional. */
export type ItemOf<D extends { attributes: Record<string, unknown> }> = {
  [K in keyof D["attributes"]]?: ValueOf<D["attributes"][K]>;
};

/** A `services` item as read from the datastore (`datastores/services.ts`). */
export type ServicesItem = ItemOf<typeof Services.definition>;
