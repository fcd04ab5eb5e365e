import type { Template } from '../core/plan-template.ts';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { JalonError, type Language } from '../core/errors.ts';
import type { ColumnMapping, ImportReading } from '../core/column-roles.ts';
import type { Plan, PlanWarning } from '../core/plan-schema.ts';
import { DEFAULT_MAX_IMPORT_CELLS, importMemoryLimits } from './import-size-limit.ts';
import { readJsonPlan } from './json-reader.ts';
import type { RawDocument } from './raw-document.ts';
import { recognisePlan } from './table-recogniser.ts';
import { readCsv, readText } from './text-reader.ts';

export const importFormats = ['docx', 'xlsx', 'csv', 'tsv', 'txt', 'md', 'pdf', 'json'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportOptions {
  /** The file's format; "auto" (default) detects it from its first bytes and its name. */
  format?: ImportFormat | 'auto';
  /** Largest accepted file, in bytes (default 50 MB; see importSizeLimit for --max-size and JALON_MAX_IMPORT_MB). */
  maxBytes?: number;
  /**
   * Largest size the parts of a zip-based file (docx, xlsx) may expand to, against zip bombs and
   * for the import's memory (default 8 MB, or 10 × maxBytes when that is less; see
   * importMemoryLimits). A Word file's pictures do not count.
   */
  maxExpandedBytes?: number;
  /** The most table cells a Word or Excel document may hold (default 50,000; see importMemoryLimits). */
  maxCells?: number;
  /** The coordinator's role for columns, by header label: "KPI" → "indicators" (CLI --map). */
  mapping?: ColumnMapping;
  /** A mapping remembered for the institution at an earlier import, applied beneath `mapping`. */
  remembered?: { mapping: ColumnMapping; institution: string } | null;
  /** The plan's or institution's template: headers are matched against it first, its own columns become custom fields. */
  template?: Template | null;
}

export interface ImportResult {
  plan: Plan;
  warnings: PlanWarning[];
  /** How the document's columns and structure were read (none for a JSON plan). */
  reading: ImportReading;
  /** The format the file was read as. */
  format: ImportFormat;
  file: string;
}

export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** What a Word or Excel file may expand to, and the cells it may hold, by default: the limits of 512 MB of import memory. */
export const DEFAULT_MAX_EXPANDED_BYTES = importMemoryLimits().maxExpandedBytes;
export { DEFAULT_MAX_IMPORT_CELLS };

/** A JSON plan has no columns to read. */
const noReading: ImportReading = { tables: [], levels: [] };

/** The readers of binary formats: loaded on first use, so text imports start fast. */
const binaryReaders: Record<
  'docx' | 'xlsx' | 'pdf',
  () => Promise<
    (
      bytes: Uint8Array,
      options: { file?: string; maxExpandedBytes?: number; maxCells?: number },
    ) => Promise<RawDocument>
  >
> = {
  docx: async () => (await import('./docx-reader.ts')).readDocx,
  xlsx: async () => (await import('./xlsx-reader.ts')).readXlsx,
  pdf: async () => (await import('./pdf-reader.ts')).readPdf,
};

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** Whether the bytes contain an ASCII marker (zip entry names sit in clear in the central directory). */
function containsAscii(bytes: Uint8Array, marker: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker, 0, 'latin1');
}

const extensionFormats: Record<string, ImportFormat> = {
  '.docx': 'docx',
  '.docm': 'docx',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.pdf': 'pdf',
  '.json': 'json',
};

/**
 * The file's format, from its first bytes first (a renamed file is still read right) and its
 * extension second. Legacy and encrypted Office files (OLE containers) are refused clearly.
 */
export function detectFormat(name: string, bytes: Uint8Array): ImportFormat {
  const ext = extname(name).toLowerCase();
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (containsAscii(bytes, 'word/')) return 'docx';
    if (containsAscii(bytes, 'xl/')) return 'xlsx';
    if (ext === '.docx' || ext === '.xlsx') return extensionFormats[ext]!;
    throw new JalonError(
      'UNSUPPORTED_FORMAT',
      {
        fr: `${name} est une archive zip, mais ni un fichier Word (.docx) ni un fichier Excel (.xlsx).`,
        en: `${name} is a zip archive but neither a Word (.docx) nor an Excel (.xlsx) file.`,
      },
      { location: { file: name } },
    );
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (containsAscii(bytes, 'E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e')) {
      throw new JalonError(
        'FILE_PASSWORD_PROTECTED',
        {
          fr: `${name} est protégé par un mot de passe : retirez le mot de passe dans Word ou Excel, puis importez-le à nouveau.`,
          en: `${name} is password-protected: remove the password in Word or Excel and import it again.`,
        },
        { location: { file: name } },
      );
    }
    throw new JalonError(
      'UNSUPPORTED_FORMAT',
      {
        fr: `${name} est un ancien fichier Word ou Excel (.doc, .xls) : enregistrez-le au format .docx ou .xlsx, puis importez-le à nouveau.`,
        en: `${name} is an old Word or Excel file (.doc, .xls): save it as .docx or .xlsx and import it again.`,
      },
      { location: { file: name } },
    );
  }
  const known = extensionFormats[ext];
  if (known && known !== 'docx' && known !== 'xlsx' && known !== 'pdf') return known;
  if (known) {
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${name} ne ressemble pas à un fichier ${known.toUpperCase()} : il est endommagé ou son extension est fausse.`,
        en: `${name} does not look like a ${known.toUpperCase()} file: it is damaged or has the wrong extension.`,
      },
      { location: { file: name } },
    );
  }
  const text = decodeText(name, bytes);
  return sniffTextFormat(text);
}

/** Text without a telling extension: JSON, a TAB table, a Markdown pipe table, CSV, or prose with tables. */
function sniffTextFormat(text: string): ImportFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return 'json';
  const lines = start
    .split(/\r?\n/)
    .slice(0, 5000)
    .filter((l) => l.trim() !== '');
  if (lines.some((l) => l.includes('\t'))) return 'txt';
  if (lines.filter((l) => /^\s*\|.*\|\s*$/.test(l)).length >= 2) return 'md';
  // CSV: most lines carry the separator of the first line, as many times as it does.
  const first = lines[0] ?? '';
  for (const separator of [';', ',']) {
    const count = (line: string) => line.split(separator).length - 1;
    const wanted = count(first);
    if (wanted >= 1 && lines.filter((l) => count(l) >= wanted).length >= 0.6 * lines.length) return 'csv';
  }
  return 'txt';
}

function decodeText(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw new JalonError(
      'UNSUPPORTED_FORMAT',
      {
        fr: `${name} est un fichier binaire que Jalon ne sait pas lire (formats acceptés : docx, xlsx, pdf, csv, tsv, txt, md ou json).`,
        en: `${name} is a binary file that Jalon cannot read (expected docx, xlsx, pdf, csv, tsv, txt, md or json).`,
      },
      { location: { file: name } },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Spreadsheets saved as CSV on Windows are often Latin-1 / Windows-1252.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads a file already in memory and recognises the plan in it. */
export async function importBytes(
  input: { name: string; bytes: Uint8Array },
  options: ImportOptions = {},
): Promise<ImportResult> {
  const name = basename(input.name || 'plan');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (input.bytes.byteLength === 0) throw emptyFile(name);
  if (input.bytes.byteLength > maxBytes) throw tooLarge(name, input.bytes.byteLength, maxBytes);
  const format =
    !options.format || options.format === 'auto' ? detectFormat(name, input.bytes) : options.format;
  if (!importFormats.includes(format)) {
    throw new JalonError(
      'UNSUPPORTED_FORMAT',
      {
        fr: `Format inconnu « ${String(format)} » pour ${name} (formats acceptés : ${importFormats.join(', ')}).`,
        en: `Unknown format "${String(format)}" for ${name} (expected ${importFormats.join(', ')}).`,
      },
      { location: { file: name } },
    );
  }
  if (format === 'json') {
    const plan = readJsonPlan(decodeText(name, input.bytes), { file: name });
    return { plan, warnings: plan.warnings, reading: noReading, format, file: name };
  }
  const doc = await readDocument(name, input.bytes, format, options, maxBytes);
  const { plan, warnings, reading } = recognisePlan(doc, {
    file: name,
    consumeDocument: true,
    mapping: options.mapping,
    remembered: options.remembered,
    template: options.template,
  });
  return { plan, warnings, reading, format, file: name };
}

async function readDocument(
  name: string,
  bytes: Uint8Array,
  format: ImportFormat,
  options: ImportOptions,
  maxBytes: number,
): Promise<RawDocument> {
  if (format === 'docx' || format === 'xlsx' || format === 'pdf') {
    const read = await binaryReaders[format]();
    // A spreadsheet's XML compresses about six times, a zip bomb far more: the memory the
    // import may take bounds what the file may expand to, and ten times the file when less.
    const maxExpandedBytes = options.maxExpandedBytes ?? Math.min(10 * maxBytes, DEFAULT_MAX_EXPANDED_BYTES);
    const maxCells = options.maxCells ?? DEFAULT_MAX_IMPORT_CELLS;
    try {
      return await read(bytes, { file: name, maxExpandedBytes, maxCells });
    } catch (error) {
      if (error instanceof JalonError) throw error;
      // A library's own message (English, technical) stays in details and cause, for the logs.
      throw new JalonError(
        'FILE_UNREADABLE',
        {
          fr: `${name} n’a pas pu être lu comme un fichier ${format.toUpperCase()} : il est endommagé ou incomplet.`,
          en: `${name} could not be read as ${format.toUpperCase()}: the file is damaged or incomplete.`,
        },
        {
          location: { file: name },
          details: { reason: error instanceof Error ? error.message : String(error) },
          cause: error,
        },
      );
    }
  }
  const text = decodeText(name, bytes);
  return format === 'csv'
    ? readCsv(text, { file: name })
    : readText(text, { file: name, format: format === 'json' ? 'txt' : format });
}

/**
 * Imports a plan file: a path, or a name with its bytes (an upload). Detects the format,
 * refuses empty, oversized, corrupt, encrypted and unknown files with a JalonError naming the
 * file, and returns the plan with the warnings met on the way.
 */
export async function importFile(
  input: string | { name: string; bytes: Uint8Array },
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (typeof input !== 'string') return importBytes(input, options);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  let size: number;
  try {
    const info = await stat(input);
    if (!info.isFile())
      throw new JalonError(
        'BAD_INPUT',
        { fr: `${input} n’est pas un fichier.`, en: `${input} is not a file.` },
        { location: { file: input } },
      );
    size = info.size;
  } catch (error) {
    if (error instanceof JalonError) throw error;
    throw new JalonError(
      'NOT_FOUND',
      { fr: `${input} : fichier introuvable.`, en: `${input}: no such file.` },
      { location: { file: input }, cause: error },
    );
  }
  if (size > maxBytes) throw tooLarge(basename(input), size, maxBytes);
  const bytes = new Uint8Array(await readFile(input));
  return importBytes({ name: basename(input), bytes }, options);
}

/** Imports a table pasted as text (Word's clipboard is TAB-separated; CSV and Markdown tables work too). */
export function importText(
  text: string,
  options: {
    name?: string;
    format?: 'txt' | 'tsv' | 'csv' | 'md' | 'auto';
    mapping?: ColumnMapping;
    remembered?: ImportOptions['remembered'];
    template?: Template | null;
  } = {},
): ImportResult {
  const name = options.name ?? 'texte collé';
  if (!text.trim()) throw emptyFile(name);
  const format = !options.format || options.format === 'auto' ? sniffTextFormat(text) : options.format;
  if (format === 'json') {
    const plan = readJsonPlan(text, { file: name });
    return { plan, warnings: plan.warnings, reading: noReading, format, file: name };
  }
  const doc =
    format === 'csv'
      ? readCsv(text, { file: name })
      : readText(text, { file: name, format: format === 'tsv' ? 'tsv' : format === 'md' ? 'md' : 'txt' });
  const { plan, warnings, reading } = recognisePlan(doc, {
    file: name,
    consumeDocument: true,
    mapping: options.mapping,
    remembered: options.remembered,
    template: options.template,
  });
  return { plan, warnings, reading, format: format as ImportFormat, file: name };
}

function emptyFile(name: string): JalonError {
  return new JalonError(
    'BAD_INPUT',
    { fr: `${name} est vide.`, en: `${name} is empty.` },
    { location: { file: name } },
  );
}

function tooLarge(name: string, size: number, maxBytes: number): JalonError {
  return new JalonError(
    'FILE_TOO_LARGE',
    {
      fr: `${name} fait ${formatSize(size, 'fr')}, au-delà de la limite de ${formatSize(maxBytes, 'fr')}.`,
      en: `${name} is ${formatSize(size, 'en')}, over the ${formatSize(maxBytes, 'en')} limit.`,
    },
    { location: { file: name } },
  );
}

/** "2.5 MB", "12.0 kB", "800 bytes"; in French "2,5 Mo", "12,0 ko", "800 octets". */
function formatSize(bytes: number, lang: Language): string {
  const decimal = (value: number) => (lang === 'fr' ? value.toFixed(1).replace('.', ',') : value.toFixed(1));
  if (bytes >= 1024 * 1024) return `${decimal(bytes / 1024 / 1024)} ${lang === 'fr' ? 'Mo' : 'MB'}`;
  if (bytes >= 1024) return `${decimal(bytes / 1024)} ${lang === 'fr' ? 'ko' : 'kB'}`;
  return `${bytes} ${lang === 'fr' ? 'octets' : 'bytes'}`;
}
