import { inflateRawSync, createInflateRaw } from 'node:zlib';
import { JalonError, type Language, type LocalizedText } from '../core/errors.ts';

/**
 * A minimal, defensive reader of ZIP archives (the container of .docx and .xlsx files).
 * It reads the central directory itself so that the declared sizes and the number of entries
 * are checked before anything is inflated, and inflates through zlib with a hard output cap,
 * so a "zip bomb" that lies about its sizes still stops at the limit.
 */

export const defaultMaxExpandedBytes = 200 * 1024 * 1024;
export const defaultMaxEntries = 10_000;

export interface ZipLimits {
  /** Stop when the archive would expand to more than this many bytes (default 200 MB). */
  maxExpandedBytes?: number;
  /** Refuse archives with more entries than this (default 10 000). */
  maxEntries?: number;
  /**
   * Which entries' declared sizes count against maxExpandedBytes (default: all). A reader that
   * never inflates some (a Word file's pictures) leaves them out; what it does inflate still
   * counts, as it comes.
   */
  counts?: (name: string) => boolean;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  file: string;
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
  declaredExpandedBytes: number;
  maxExpandedBytes: number;
  /** Bytes inflated so far by readZipText/readZipBytes, counted against maxExpandedBytes. */
  expandedBytes: number;
}

const zipSignature = 0x04034b50;
const centralSignature = 0x02014b50;
const endSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EndSignature = 0x06064b50;

/** True when the bytes start like a ZIP archive ("PK\3\4", or an empty archive "PK\5\6"). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** OLE compound file (legacy .doc/.xls, or an encrypted Office 2007+ file). */
export function looksLikeCompoundFile(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0
  );
}

/** An encrypted OOXML file is a compound file holding an "EncryptionInfo" stream (name in UTF-16LE). */
export function hasEncryptionInfo(bytes: Uint8Array): boolean {
  const needle = Buffer.from('EncryptionInfo', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/**
 * Refuses what is not an Office Open XML zip with an error that says why: a compound file is
 * either password-protected or a legacy binary file; anything else is not the expected format.
 */
export function assertOfficeZip(bytes: Uint8Array, file: string, kind: 'Word .docx' | 'Excel .xlsx'): void {
  const legacy =
    kind === 'Word .docx'
      ? { fr: 'Word 97-2003 (.doc)', en: 'legacy Word 97-2003 .doc' }
      : { fr: 'Excel 97-2003 (.xls)', en: 'legacy Excel 97-2003 .xls' };
  if (looksLikeCompoundFile(bytes)) {
    if (hasEncryptionInfo(bytes)) {
      throw new JalonError(
        'FILE_PASSWORD_PROTECTED',
        {
          fr: `${file} est protégé par un mot de passe (chiffré) : retirez le mot de passe dans Office, enregistrez, puis importez-le à nouveau`,
          en: `${file} is password-protected (encrypted): remove the password in Office, save, and import again`,
        },
        { location: { file } },
      );
    }
    throw new JalonError(
      'FILE_PASSWORD_PROTECTED',
      {
        fr: `${file} est protégé par un mot de passe ou est un ancien fichier ${legacy.fr} : enregistrez-le au format ${kind} sans mot de passe, puis importez-le à nouveau`,
        en: `${file} is password-protected or a ${legacy.en} file: save it as ${kind} without a password and import again`,
      },
      { location: { file } },
    );
  }
  if (!looksLikeZip(bytes)) {
    const article = kind === 'Excel .xlsx' ? 'an' : 'a';
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${file} n’est pas un fichier ${kind} (ce n’est pas une archive zip)`,
        en: `${file} is not ${article} ${kind} file (not a zip archive)`,
      },
      { location: { file } },
    );
  }
}

/** The refusal of a damaged archive, saying what is wrong with it. */
function corrupt(file: string, what: LocalizedText, cause?: unknown): JalonError {
  return new JalonError(
    'FILE_UNREADABLE',
    {
      fr: `${file} est une archive zip endommagée : ${what.fr}`,
      en: `${file} is a damaged zip archive: ${what.en}`,
    },
    { location: { file }, ...(cause === undefined ? {} : { cause }) },
  );
}

/** The refusal of an entry zlib could not inflate (zlib's own message stays in the cause). */
function cannotUnpack(archive: ZipArchive, name: string, cause: unknown): JalonError {
  return corrupt(
    archive.file,
    { fr: `${name} ne peut pas être décompressé`, en: `${name} cannot be unpacked` },
    cause,
  );
}

function unsupportedMethod(archive: ZipArchive, entry: ZipEntry): JalonError {
  return new JalonError(
    'FILE_UNREADABLE',
    {
      fr: `${archive.file} : ${entry.name} utilise une méthode de compression zip non prise en charge (${entry.method})`,
      en: `${archive.file}: ${entry.name} uses an unsupported zip compression method (${entry.method})`,
    },
    { location: { file: archive.file } },
  );
}

/** The refusal of an archive found, once inflated, to expand beyond its limit. */
function expandedBeyondLimit(archive: ZipArchive): JalonError {
  return new JalonError(
    'FILE_TOO_LARGE',
    {
      fr: `${archive.file} se décompresse en plus de ${formatMegabytes(archive.maxExpandedBytes, 'fr')} (bombe zip ?)`,
      en: `${archive.file} expands to more than ${formatMegabytes(archive.maxExpandedBytes, 'en')} (zip bomb?)`,
    },
    { location: { file: archive.file } },
  );
}

function findEndOfCentralDirectory(view: DataView, file: string): number {
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= earliest; offset--) {
    if (view.getUint32(offset, true) === endSignature) return offset;
  }
  throw corrupt(file, {
    fr: 'la fin de son répertoire central est introuvable (fichier tronqué ?)',
    en: 'end of central directory not found (truncated file?)',
  });
}

/** Reads the ZIP64 end record when the classic one carries the 0xFFFF/0xFFFFFFFF markers. */
function readZip64Directory(
  view: DataView,
  endOffset: number,
  file: string,
): { count: number; offset: number } {
  const locator = endOffset - 20;
  if (locator < 0 || view.getUint32(locator, true) !== zip64LocatorSignature)
    throw corrupt(file, { fr: 'le localisateur ZIP64 manque', en: 'ZIP64 locator missing' });
  const recordOffset = Number(view.getBigUint64(locator + 8, true));
  if (recordOffset + 56 > view.byteLength || view.getUint32(recordOffset, true) !== zip64EndSignature) {
    throw corrupt(file, { fr: 'l’enregistrement de fin ZIP64 manque', en: 'ZIP64 end record missing' });
  }
  return {
    count: Number(view.getBigUint64(recordOffset + 32, true)),
    offset: Number(view.getBigUint64(recordOffset + 48, true)),
  };
}

function readZip64Extra(
  view: DataView,
  start: number,
  length: number,
  sizes: { uncompressed: number; compressed: number; offset: number },
): void {
  let cursor = start;
  while (cursor + 4 <= start + length) {
    const id = view.getUint16(cursor, true);
    const size = view.getUint16(cursor + 2, true);
    if (id === 1) {
      let field = cursor + 4;
      const take = (): number => {
        if (field + 8 > cursor + 4 + size) return 0;
        const value = Number(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (sizes.uncompressed === 0xffffffff) sizes.uncompressed = take();
      if (sizes.compressed === 0xffffffff) sizes.compressed = take();
      if (sizes.offset === 0xffffffff) sizes.offset = take();
      return;
    }
    cursor += 4 + size;
  }
}

/** Reads the central directory and checks the declared sizes and entry count against the limits. */
export function openZipArchive(bytes: Uint8Array, file: string, limits: ZipLimits = {}): ZipArchive {
  const maxExpandedBytes = limits.maxExpandedBytes ?? defaultMaxExpandedBytes;
  const maxEntries = limits.maxEntries ?? defaultMaxEntries;
  if (bytes.length < 22) throw corrupt(file, { fr: 'elle est trop courte', en: 'too short' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const endOffset = findEndOfCentralDirectory(view, file);
  let count = view.getUint16(endOffset + 10, true);
  let offset = view.getUint32(endOffset + 16, true);
  if (count === 0xffff || offset === 0xffffffff)
    ({ count, offset } = readZip64Directory(view, endOffset, file));
  if (count > maxEntries) {
    throw new JalonError(
      'FILE_TOO_LARGE',
      {
        fr: `${file} contient ${count} entrées zip, plus que la limite de ${maxEntries} (bombe zip ?)`,
        en: `${file} holds ${count} zip entries, more than the limit of ${maxEntries} (zip bomb?)`,
      },
      { location: { file } },
    );
  }
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder('utf-8');
  let declaredExpandedBytes = 0;
  let cursor = offset;
  for (let i = 0; i < count; i++) {
    if (cursor + 46 > view.byteLength || view.getUint32(cursor, true) !== centralSignature) {
      throw corrupt(file, {
        fr: `l’entrée ${i + 1} de son répertoire central est illisible`,
        en: `central directory entry ${i + 1} is unreadable`,
      });
    }
    const method = view.getUint16(cursor + 10, true);
    const sizes = {
      compressed: view.getUint32(cursor + 20, true),
      uncompressed: view.getUint32(cursor + 24, true),
      offset: view.getUint32(cursor + 42, true),
    };
    const nameLength = view.getUint16(cursor + 28, true);
    const extraLength = view.getUint16(cursor + 30, true);
    const commentLength = view.getUint16(cursor + 32, true);
    const nameEnd = cursor + 46 + nameLength;
    if (nameEnd + extraLength > view.byteLength)
      throw corrupt(file, {
        fr: `l’entrée ${i + 1} de son répertoire central est tronquée`,
        en: `central directory entry ${i + 1} is cut short`,
      });
    const name = decoder.decode(bytes.subarray(cursor + 46, nameEnd));
    readZip64Extra(view, nameEnd, extraLength, sizes);
    if (!limits.counts || limits.counts(name)) declaredExpandedBytes += sizes.uncompressed;
    if (declaredExpandedBytes > maxExpandedBytes) {
      throw new JalonError(
        'FILE_TOO_LARGE',
        {
          fr: `${file} se décompresserait en plus de ${formatMegabytes(maxExpandedBytes, 'fr')} (bombe zip ?) : refusé avant décompression`,
          en: `${file} would expand to more than ${formatMegabytes(maxExpandedBytes, 'en')} (zip bomb?): refused before unpacking`,
        },
        { location: { file } },
      );
    }
    entries.set(name, {
      name,
      method,
      compressedSize: sizes.compressed,
      uncompressedSize: sizes.uncompressed,
      localHeaderOffset: sizes.offset,
    });
    cursor = nameEnd + extraLength + commentLength;
  }
  return { file, bytes, entries, declaredExpandedBytes, maxExpandedBytes, expandedBytes: 0 };
}

/** "8 MB", "200 MB"; a limit under 10 MB that is no whole number keeps a decimal ("0.1 MB", in French "0,1 Mo"). */
function formatMegabytes(bytes: number, lang: Language): string {
  const megabytes = bytes / (1024 * 1024);
  const shown =
    megabytes < 10 && Math.abs(megabytes - Math.round(megabytes)) >= 0.05
      ? megabytes.toFixed(1)
      : String(Math.round(megabytes));
  return lang === 'fr' ? `${shown.replace('.', ',')} Mo` : `${shown} MB`;
}

function compressedData(archive: ZipArchive, entry: ZipEntry): Uint8Array {
  const view = new DataView(archive.bytes.buffer, archive.bytes.byteOffset, archive.bytes.byteLength);
  const local = entry.localHeaderOffset;
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== zipSignature) {
    throw corrupt(archive.file, {
      fr: `l’en-tête local de ${entry.name} est introuvable`,
      en: `local header of ${entry.name} not found`,
    });
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > view.byteLength)
    throw corrupt(archive.file, { fr: `${entry.name} est tronqué`, en: `${entry.name} is cut short` });
  return archive.bytes.subarray(start, end);
}

/** The refusal of an archive found, while inflating `name`, to expand beyond its limit. */
function expandedTooMuch(archive: ZipArchive, name: string): JalonError {
  return new JalonError(
    'FILE_TOO_LARGE',
    {
      fr: `${archive.file} se décompresse en plus de ${formatMegabytes(archive.maxExpandedBytes, 'fr')} (bombe zip ?) : arrêt pendant la décompression de ${name}`,
      en: `${archive.file} expands to more than ${formatMegabytes(archive.maxExpandedBytes, 'en')} (zip bomb?): stopped while unpacking ${name}`,
    },
    { location: { file: archive.file } },
  );
}

/** The inflated bytes of one entry, or undefined when the archive has no such entry. */
export function readZipBytes(archive: ZipArchive, name: string): Uint8Array | undefined {
  const entry = archive.entries.get(name);
  if (!entry) return undefined;
  const data = compressedData(archive, entry);
  const budget = archive.maxExpandedBytes - archive.expandedBytes;
  let output: Uint8Array;
  if (entry.method === 0) {
    output = data;
  } else if (entry.method === 8) {
    try {
      output = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
    } catch (error) {
      if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw expandedTooMuch(archive, name);
      }
      throw cannotUnpack(archive, name, error);
    }
  } else {
    throw unsupportedMethod(archive, entry);
  }
  archive.expandedBytes += output.length;
  if (archive.expandedBytes > archive.maxExpandedBytes) throw expandedBeyondLimit(archive);
  return output;
}

/** Pieces a part is inflated and decoded in by streamZipText. */
const streamChunkBytes = 256 * 1024;

/**
 * Inflates one entry piece by piece and hands its text to `onText` as it comes, decoded as
 * UTF-8 (a character cut between two pieces waits for the next; a leading byte-order mark is
 * removed): the part is never held whole, as text or as bytes. The bytes inflated count
 * against the archive's limit as readZipBytes's do. Returns false when there is no such entry.
 * What `onText` throws stops the inflating and reaches the caller as it is.
 */
export async function streamZipText(
  archive: ZipArchive,
  name: string,
  onText: (text: string) => void,
): Promise<boolean> {
  const entry = archive.entries.get(name);
  if (!entry) return false;
  const data = compressedData(archive, entry);
  const decoder = new TextDecoder('utf-8');
  let started = false;
  const take = (bytes: Uint8Array, final: boolean): void => {
    archive.expandedBytes += bytes.length;
    if (archive.expandedBytes > archive.maxExpandedBytes) throw expandedTooMuch(archive, name);
    let text = decoder.decode(bytes, { stream: !final });
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text) onText(text);
  };
  if (entry.method === 0) {
    for (let offset = 0; offset < data.length; offset += streamChunkBytes)
      take(data.subarray(offset, offset + streamChunkBytes), false);
    take(new Uint8Array(0), true);
    return true;
  }
  if (entry.method !== 8) throw unsupportedMethod(archive, entry);
  const inflater = createInflateRaw({ chunkSize: streamChunkBytes });
  inflater.end(data);
  let failure: { error: unknown } | undefined;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      try {
        take(chunk, false);
      } catch (error) {
        failure = { error };
        break;
      }
    }
  } catch (error) {
    throw cannotUnpack(archive, name, error);
  } finally {
    inflater.destroy();
  }
  if (failure) throw failure.error;
  take(new Uint8Array(0), true);
  return true;
}

/**
 * Whether a zip archive expands to more than `limit` bytes, by its declared sizes or, since
 * those can lie, by inflating it (never more than `limit` bytes in all, output dropped). False
 * for anything that is not a readable zip: its import will say what is wrong with it.
 */
export function zipExpandsBeyond(bytes: Uint8Array, limit: number): boolean {
  if (!looksLikeZip(bytes)) return false;
  let archive: ZipArchive;
  try {
    archive = openZipArchive(bytes, 'archive', {
      maxExpandedBytes: Number.MAX_SAFE_INTEGER,
      maxEntries: Infinity,
    });
  } catch {
    return false;
  }
  if (archive.declaredExpandedBytes > limit) return true;
  let total = 0;
  for (const entry of archive.entries.values()) {
    try {
      const data = compressedData(archive, entry);
      if (entry.method === 0) total += data.length;
      else if (entry.method === 8)
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, limit - total + 1) }).length;
    } catch (error) {
      if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        return true;
      return false;
    }
    if (total > limit) return true;
  }
  return false;
}

/** The inflated entry decoded as UTF-8 (a leading byte-order mark removed), or undefined. */
export function readZipText(archive: ZipArchive, name: string): string | undefined {
  const bytes = readZipBytes(archive, name);
  if (!bytes) return undefined;
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/**
 * Inflates every entry without keeping the output, to check the real expanded size before a
 * third-party library (exceljs) unpacks the archive in memory, and returns it. Sizes declared
 * in the directory can lie; the count of bytes zlib actually produces cannot.
 */
export async function verifyZipExpansion(
  archive: ZipArchive,
  /** Sees the inflated bytes of the entries it wants (a piece at a time), as they go by. */
  inspect?: { wants(name: string): boolean; see(name: string, bytes: Uint8Array): void },
): Promise<number> {
  let total = 0;
  for (const entry of archive.entries.values()) {
    if (entry.name.endsWith('/')) continue;
    const data = compressedData(archive, entry);
    const see = inspect?.wants(entry.name)
      ? (bytes: Uint8Array) => inspect.see(entry.name, bytes)
      : undefined;
    if (entry.method === 0) {
      total += data.length;
      see?.(data);
    } else if (entry.method === 8) {
      total += await countInflatedBytes(data, archive.maxExpandedBytes - total, archive, entry.name, see);
    } else {
      throw unsupportedMethod(archive, entry);
    }
    if (total > archive.maxExpandedBytes) throw expandedBeyondLimit(archive);
  }
  return total;
}

function countInflatedBytes(
  data: Uint8Array,
  budget: number,
  archive: ZipArchive,
  name: string,
  see?: (bytes: Uint8Array) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: streamChunkBytes });
    let count = 0;
    inflater.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (see && count <= budget) {
        try {
          see(chunk);
        } catch (error) {
          inflater.destroy();
          reject(error);
          return;
        }
      }
      if (count > budget) {
        inflater.destroy();
        reject(expandedTooMuch(archive, name));
      }
    });
    inflater.on('end', () => resolve(count));
    inflater.on('error', (error) => reject(cannotUnpack(archive, name, error)));
    inflater.end(data);
  });
}
