/**
 * The error type of every invalid datastore request, carrying Slack's `errors` array.
 *
 * @module
 */

/** One entry of the `errors` array of a `datastore_error` response. */
export interface DatastoreErrorDetail {
  code: string;
  message: string;
  /** JSON pointer into the request arguments, e.g. `/expression`. */
  pointer: string;
}

/** Thrown for any invalid datastore request; the Web API turns it into `datastore_error`. */
export class DatastoreError extends Error {
  /** Slack-style error details. */
  readonly errors: DatastoreErrorDetail[];
  /** Creates an error carrying one or more details. */
  constructor(errors: DatastoreErrorDetail[]) {
    super(errors.map((e) => e.message).join("; "));
    this.name = "DatastoreError";
    this.errors = errors;
  }
}
