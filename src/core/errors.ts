/**
 * The one error type of Jalon. `code` is stable (clients and tests match on it); `message`
 * tells the user what went wrong and where; `location` points into a source file or payload.
 */
export const errorCodes = {
  BAD_INPUT: 400,
  FILE_UNREADABLE: 400,
  FILE_TOO_LARGE: 413,
  FILE_PASSWORD_PROTECTED: 400,
  UNSUPPORTED_FORMAT: 415,
  NO_TABLE_HEADER: 422,
  INVALID_PLAN: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export interface ErrorLocation {
  file?: string;
  table?: number | string;
  row?: number;
  column?: string;
  page?: number;
  field?: string;
}

export class JalonError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { location?: ErrorLocation; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'JalonError';
    this.code = code;
    this.location = options.location;
    this.details = options.details;
  }

  get httpStatus(): number {
    return errorCodes[this.code];
  }
}

/** "file.docx, table 3, row 12, column Statut" */
export function describeLocation(location: ErrorLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.page !== undefined) parts.push(`page ${location.page}`);
  if (location.table !== undefined)
    parts.push(typeof location.table === 'number' ? `table ${location.table}` : `sheet ${location.table}`);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column) parts.push(`column ${location.column}`);
  if (location.field) parts.push(`field ${location.field}`);
  return parts.join(', ');
}
