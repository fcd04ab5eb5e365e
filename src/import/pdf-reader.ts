import { Worker } from 'node:worker_threads';
import { JalonError, type LocalizedText } from '../core/errors.ts';
import type { RawDocument } from './raw-document.ts';
import { readPageDrawing, type OperatorCodes, type PageDrawing } from './pdf-ruling.ts';
import { dropRepeatedMargins, layOutDocument, type TextFragment } from './pdf-table-layout.ts';

/**
 * Reads a PDF's text layer and drawn borders with pdfjs (legacy build, in a worker thread of
 * its own: pdf-extract-worker.mjs; no font fetching, no network) and rebuilds paragraphs and
 * tables from positions: see pdf-table-layout.ts (text) and pdf-ruled-table.ts (bordered
 * tables, cell colours).
 */
export interface PdfReadOptions {
  file?: string;
  /** Not used by PDF (no archive to expand); accepted so every reader takes the same options. */
  maxExpandedBytes?: number;
}

/** What the worker thread sends back for one page (see pdf-extract-worker.mjs). */
interface ExtractedPage {
  view: number[];
  items: Array<{ str: string; transform: number[]; width: number; height: number; fontName: string }>;
  operators: { fnArray: number[]; argsArray: unknown[] };
  boldFonts: string[];
}

interface Extraction {
  codes: OperatorCodes;
  pages: ExtractedPage[];
}

/** Longest a PDF may take to open and read before its reading is stopped (a runaway file). */
const extractionTimeoutMs = 120_000;

/** The names of the extractor's own failures, told apart from pdfjs's by describePdfError. */
const readerTimedOut = 'PdfReadingTimedOut';
const readerStopped = 'PdfReaderStopped';

/**
 * pdfjs runs in a worker thread of its own, started on first use and kept (idle, it does not
 * keep the process alive): a damaged file can make pdfjs leave rejected promises of its own
 * unhandled, which would end the process that read it (the server); a file that makes pdfjs
 * loop is stopped by terminating the thread. The thread loads pdfjs through require(): an
 * import() would hand its 3 MB of JavaScript to the TypeScript loader the CLI runs under.
 */
class PdfExtractor {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (value: Extraction) => void; reject: (error: unknown) => void; timer: NodeJS.Timeout }
  >();
  private nextId = 1;

  constructor(private readonly onGone: () => void) {
    this.worker = new Worker(new URL('./pdf-extract-worker.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on(
      'message',
      (message: { id: number; result?: Extraction; error?: { name: string; message: string } }) => {
        const request = this.pending.get(message.id);
        if (!request) return;
        this.settle(message.id);
        if (message.result) request.resolve(message.result);
        else
          request.reject(
            Object.assign(new Error(message.error?.message ?? 'unknown error'), {
              name: message.error?.name,
            }),
          );
      },
    );
    const fail = (error: unknown) => {
      this.onGone();
      for (const [id, request] of this.pending) {
        this.settle(id);
        request.reject(error);
      }
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) =>
      fail(Object.assign(new Error(`the PDF reader stopped (exit code ${code})`), { name: readerStopped })),
    );
  }

  extract(bytes: Uint8Array): Promise<Extraction> {
    const id = this.nextId++;
    // The worker keeps the process alive only while it reads.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id);
        reject(
          Object.assign(new Error(`reading it took more than ${extractionTimeoutMs / 1000} s`), {
            name: readerTimedOut,
          }),
        );
        this.onGone();
        void this.worker.terminate();
      }, extractionTimeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      const data = new Uint8Array(bytes);
      this.worker.postMessage({ id, data }, [data.buffer]);
    });
  }

  private settle(id: number): void {
    const request = this.pending.get(id);
    if (request) clearTimeout(request.timer);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

let extractor: PdfExtractor | null = null;

function pdfExtractor(): PdfExtractor {
  extractor ??= new PdfExtractor(() => {
    extractor = null;
  });
  return extractor;
}

export async function readPdf(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<RawDocument> {
  const file = options.file ?? 'document.pdf';
  if (!startsLikePdf(bytes)) {
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${file} n’est pas un fichier PDF (pas d’en-tête %PDF)`,
        en: `${file} is not a PDF file (no %PDF header)`,
      },
      { location: { file } },
    );
  }
  let extraction: Extraction;
  try {
    extraction = await pdfExtractor().extract(bytes);
  } catch (error) {
    throw describePdfError(error, file);
  }
  const fragments: TextFragment[] = [];
  const pageHeights: number[] = [];
  const drawings: PageDrawing[] = [];
  extraction.pages.forEach((page, index) => {
    const pageNumber = index + 1;
    const top = page.view[3] ?? 842;
    const bottom = page.view[1] ?? 0;
    pageHeights.push(top - bottom);
    const bold = new Set(page.boldFonts);
    for (const item of page.items) {
      const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
      const size = Math.hypot(a, b) || item.height || 10;
      fragments.push({
        page: pageNumber,
        x,
        right: x + (item.width || item.str.length * size * 0.5),
        y: top - y,
        size,
        text: item.str,
        font: item.fontName,
        bold: bold.has(item.fontName),
      });
    }
    drawings.push(readPageDrawing(page.operators, extraction.codes, pageNumber, top));
  });
  const kept = dropRepeatedMargins(fragments, pageHeights);
  const blocks = layOutDocument(kept, pageHeights, drawings);
  return { file, format: 'pdf', blocks };
}

function startsLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (allowed by readers); look in the first KB.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString(
    'latin1',
  );
  return head.includes('%PDF-');
}

/**
 * A failure of the reading in our words, in both languages: pdfjs's messages are English (and
 * technical: "Invalid PDF structure."), so they stay in details and cause, for the logs.
 */
function describePdfError(error: unknown, file: string): JalonError {
  if (error instanceof JalonError) return error;
  const name = (error as { name?: string }).name ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  const options = { location: { file }, details: { reason }, cause: error };
  if (name === 'PasswordException') {
    return new JalonError(
      'FILE_PASSWORD_PROTECTED',
      {
        fr: `${file} est un PDF protégé par un mot de passe : retirez le mot de passe, puis importez-le à nouveau`,
        en: `${file} is a password-protected PDF: remove the password and import again`,
      },
      options,
    );
  }
  const why: LocalizedText =
    name === readerTimedOut
      ? {
          fr: `sa lecture a pris plus de ${extractionTimeoutMs / 1000} s`,
          en: `reading it took more than ${extractionTimeoutMs / 1000} s`,
        }
      : name === readerStopped
        ? { fr: 'le lecteur de PDF s’est arrêté en le lisant', en: 'the PDF reader stopped while reading it' }
        : { fr: 'le fichier est endommagé ou incomplet', en: 'the file is damaged or incomplete' };
  return new JalonError(
    'FILE_UNREADABLE',
    {
      fr: `${file} n’a pas pu être lu comme un PDF : ${why.fr}`,
      en: `${file} could not be read as a PDF: ${why.en}`,
    },
    options,
  );
}
