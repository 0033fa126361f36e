/**
 * The CLI's HTTP calls: `fetch` with the clear messages of `lib/http_error.ts`.
 *
 * @module
 */
import { describeFetchError } from "../lib/http_error.ts";

/**
 * `fetch` that throws `Cannot <action>: cannot reach …` instead of the runtime's raw message.
 *
 * @param action what was being done, for the message ("send request")
 */
export async function fetchOrExplain(
  url: string | URL,
  init: RequestInit | undefined,
  action: string,
): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new Error(`Cannot ${action}: ${describeFetchError(error, url)}`, { cause: error });
  }
}
