/** Stand-in for `std@0.182.0/http/http_errors.ts`: the parts deno-slack-api uses. */

/** An HTTP error with its status. */
export class HttpError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly headers?: Headers;
  constructor(
    status = 500,
    message?: string,
    options?: { expose?: boolean; headers?: HeadersInit; cause?: unknown },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "HttpError";
    this.status = status;
    this.expose = options?.expose ?? status < 500;
    if (options?.headers) this.headers = new Headers(options.headers);
  }
}

/** Creates an {@linkcode HttpError} for `status`. */
export function createHttpError(
  status = 500,
  message?: string,
  options?: { expose?: boolean; headers?: HeadersInit; cause?: unknown },
): HttpError {
  return new HttpError(status, message, options);
}

/** Whether `value` is an {@linkcode HttpError}. */
export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError;
}
