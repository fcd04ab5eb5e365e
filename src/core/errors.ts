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
  DATABASE_UNAVAILABLE: 503,
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

/** Jalon's two languages: French first, English. */
export type Language = 'fr' | 'en';

/** A message in both languages: every message a user can read is written in both. */
export interface LocalizedText {
  fr: string;
  en: string;
}

export class JalonError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly details: unknown;
  /** The message in each language; `message` is the English one (the command line's, the logs'). */
  readonly texts: LocalizedText;

  /** `texts`: the message in French and in English (no message is written in one language only). */
  constructor(
    code: ErrorCode,
    texts: LocalizedText,
    options: { location?: ErrorLocation; details?: unknown; cause?: unknown } = {},
  ) {
    super(texts.en, { cause: options.cause });
    this.name = 'JalonError';
    this.code = code;
    this.location = options.location;
    this.details = options.details;
    this.texts = texts;
  }

  get httpStatus(): number {
    return errorCodes[this.code];
  }

  /** The message in the reader's language. */
  messageIn(lang: Language): string {
    return this.texts[lang];
  }
}

const locationWords: Record<
  Language,
  Record<'page' | 'table' | 'sheet' | 'row' | 'column' | 'field', string>
> = {
  en: { page: 'page', table: 'table', sheet: 'sheet', row: 'row', column: 'column', field: 'field' },
  fr: { page: 'page', table: 'tableau', sheet: 'feuille', row: 'ligne', column: 'colonne', field: 'champ' },
};

/** "file.docx, table 3, row 12, column Statut" ("fichier.docx, tableau 3, ligne 12, colonne Statut" in French). */
export function describeLocation(location: ErrorLocation | undefined, lang: Language = 'en'): string {
  if (!location) return '';
  const w = locationWords[lang];
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.page !== undefined) parts.push(`${w.page} ${location.page}`);
  if (location.table !== undefined)
    parts.push(
      typeof location.table === 'number' ? `${w.table} ${location.table}` : `${w.sheet} ${location.table}`,
    );
  if (location.row !== undefined) parts.push(`${w.row} ${location.row}`);
  if (location.column) parts.push(`${w.column} ${location.column}`);
  if (location.field) parts.push(`${w.field} ${location.field}`);
  return parts.join(', ');
}
