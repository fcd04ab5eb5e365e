import { JalonError, type ErrorCode, errorCodes } from '../../../src/core/errors.ts';

/**
 * An error answered by the API (or a network failure), carried as the one Jalon error type so
 * that views can match on its stable code. A 409 keeps the server's current object.
 */
export class ApiError extends JalonError {
  readonly status: number;
  readonly field: string | null;
  readonly current: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status: number; field?: string | null; current?: unknown; cause?: unknown },
  ) {
    // The server answered in the page's language (Accept-Language): that one text is all the
    // client has, whichever language the error is later shown in.
    super(
      code,
      { fr: message, en: message },
      {
        location: options.field ? { field: options.field } : undefined,
        cause: options.cause,
      },
    );
    this.name = 'ApiError';
    this.status = options.status;
    this.field = options.field ?? null;
    this.current = options.current;
  }
}

/** Maps an HTTP status to a Jalon error code when the body does not name one. */
export function codeForStatus(status: number): ErrorCode {
  const known = Object.entries(errorCodes).find(([, value]) => value === status);
  if (known) return known[0] as ErrorCode;
  return status >= 500 ? 'INTERNAL' : 'BAD_INPUT';
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in errorCodes;
}
