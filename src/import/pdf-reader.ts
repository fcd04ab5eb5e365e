import { createRequire } from 'node:module';
import { JalonError } from '../core/errors.ts';
import type { RawDocument } from './raw-document.ts';
import { readPageDrawing, type PageDrawing } from './pdf-ruling.ts';
import { dropRepeatedMargins, layOutDocument, type TextFragment } from './pdf-table-layout.ts';

/**
 * Reads a PDF's text layer and drawn borders with pdfjs (legacy build: no worker thread, no
 * font fetching, no network) and rebuilds paragraphs and tables from positions: see
 * pdf-table-layout.ts (text) and pdf-ruled-table.ts (bordered tables, cell colours).
 */
export interface PdfReadOptions {
  file?: string;
  /** Not used by PDF (no archive to expand); accepted so every reader takes the same options. */
  maxExpandedBytes?: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<PdfJs> | undefined;

/**
 * Loads pdfjs once, with its worker code on the main thread (pdfjs's "fake worker" in Node).
 * Through require() (Node ≥ 20.19 requires ES modules): an import() would hand pdfjs's 3 MB of
 * JavaScript to the TypeScript loader the CLI runs under (tsx), which transforms it first and
 * makes the first PDF import of a process 2–3 s slower. import() stays the fallback.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= (async () => {
    const workerPath = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const mainPath = 'pdfjs-dist/legacy/build/pdf.mjs';
    // Nor does a stack trace in pdfjs need its 4 MB of source maps read and parsed.
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    try {
      const require = createRequire(import.meta.url);
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = require(workerPath) as unknown;
      return require(mainPath) as PdfJs;
    } catch {
      // The worker module ships without types; only its presence on globalThis matters.
      const worker: unknown = await import(workerPath);
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      const main = await import('pdfjs-dist/legacy/build/pdf.mjs');
      return main;
    } finally {
      process.setSourceMapsEnabled(sourceMaps);
    }
  })();
  return pdfjsModule;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

export async function readPdf(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<RawDocument> {
  const file = options.file ?? 'document.pdf';
  if (!startsLikePdf(bytes)) {
    throw new JalonError('FILE_UNREADABLE', `${file} is not a PDF file (no %PDF header)`, {
      location: { file },
    });
  }
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdfjs may take ownership of the buffer: give it a copy.
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  const fragments: TextFragment[] = [];
  const pageHeights: number[] = [];
  const drawings: PageDrawing[] = [];
  try {
    const document = await task.promise;
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const [, , , top] = page.view;
      const bottom = page.view[1] ?? 0;
      const height = (top ?? 842) - bottom;
      pageHeights.push(height);
      const content = await page.getTextContent();
      for (const item of content.items as PdfTextItem[]) {
        if (typeof item.str !== 'string' || item.str.trim() === '') continue;
        const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
        const size = Math.hypot(a, b) || item.height || 10;
        fragments.push({
          page: pageNumber,
          x,
          right: x + (item.width || item.str.length * size * 0.5),
          y: (top ?? 842) - y,
          size,
          text: item.str,
          font: item.fontName,
        });
      }
      drawings.push(readPageDrawing(await page.getOperatorList(), pdfjs.OPS, pageNumber, top ?? 842));
      // Font objects exist once the operator list is built: their names tell bold type.
      for (const fragment of fragments) {
        if (fragment.page !== pageNumber || fragment.bold !== undefined) continue;
        fragment.bold = isBoldFont(page.commonObjs, fragment.font);
      }
      page.cleanup();
    }
  } catch (error) {
    throw describePdfError(error, file);
  } finally {
    await task.destroy();
  }
  const kept = dropRepeatedMargins(fragments, pageHeights);
  const blocks = layOutDocument(kept, pageHeights, drawings);
  return { file, format: 'pdf', blocks };
}

function isBoldFont(objects: { has(id: string): boolean; get(id: string): unknown }, id: string): boolean {
  if (!objects.has(id)) return false;
  const name = (objects.get(id) as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /bold|black|heavy|semibold|demi/i.test(name);
}

function startsLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (allowed by readers); look in the first KB.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString(
    'latin1',
  );
  return head.includes('%PDF-');
}

function describePdfError(error: unknown, file: string): JalonError {
  if (error instanceof JalonError) return error;
  const name = (error as { name?: string }).name ?? '';
  if (name === 'PasswordException') {
    return new JalonError(
      'FILE_PASSWORD_PROTECTED',
      `${file} is a password-protected PDF: remove the password and import again`,
      {
        location: { file },
        cause: error,
      },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new JalonError('FILE_UNREADABLE', `${file} could not be read as a PDF: ${reason}`, {
    location: { file },
    cause: error,
  });
}
