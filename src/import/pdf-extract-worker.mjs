// The pdfjs side of the PDF reader (pdf-reader.ts), in a worker thread of its own: it opens the
// file and sends back, page by page, what the reader lays out (the text items with their
// positions, the drawing operators of rules and shaded boxes, the bold fonts). Plain JavaScript:
// a worker thread does not get the TypeScript loader of the process that starts it.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

// A damaged file's page tree can leave pdfjs's own prefetched page dictionaries rejected and
// never awaited: unhandled rejections that would end the process (the server) although the
// failure also reaches the reader through the calls it awaits. Here they can only be pdfjs's.
process.on('unhandledRejection', () => {});

const require = createRequire(import.meta.url);
// require(), not import(): pdfjs's own modules, loaded as they are (no loader hook in the way).
globalThis.pdfjsWorker = require('pdfjs-dist/legacy/build/pdf.worker.mjs');
const pdfjs = require('pdfjs-dist/legacy/build/pdf.mjs');

const { OPS } = pdfjs;
/** The operators the reader's drawing pass reads (pdf-ruling.ts): the others are not sent. */
const drawingOps = new Set([
  OPS.save,
  OPS.restore,
  OPS.transform,
  OPS.paintFormXObjectBegin,
  OPS.paintFormXObjectEnd,
  OPS.setFillRGBColor,
  OPS.constructPath,
]);
const boldName = /bold|black|heavy|semibold|demi/i;

async function extract(data) {
  const task = pdfjs.getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const pages = [];
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const items = [];
      for (const item of content.items) {
        if (typeof item.str !== 'string' || item.str.trim() === '') continue;
        const { str, transform, width, height, fontName } = item;
        items.push({ str, transform, width, height, fontName });
      }
      const operators = await page.getOperatorList();
      const fnArray = [];
      const argsArray = [];
      for (let index = 0; index < operators.fnArray.length; index++) {
        const fn = operators.fnArray[index];
        if (!drawingOps.has(fn)) continue;
        fnArray.push(fn);
        argsArray.push(operators.argsArray[index] ?? null);
      }
      // Font objects exist once the operator list is built: their names tell bold type.
      const boldFonts = [...new Set(items.map((item) => item.fontName))].filter((id) => {
        if (!page.commonObjs.has(id)) return false;
        const name = page.commonObjs.get(id)?.name;
        return typeof name === 'string' && boldName.test(name);
      });
      pages.push({ view: [...page.view], items, operators: { fnArray, argsArray }, boldFonts });
      page.cleanup();
    }
    return { codes: { ...OPS }, pages };
  } finally {
    await task.destroy();
  }
}

// A worker_threads port takes no target origin (the lint rule is about windows).
/* oxlint-disable unicorn/require-post-message-target-origin */
parentPort.on('message', async ({ id, data }) => {
  try {
    parentPort.postMessage({ id, result: await extract(data) });
  } catch (error) {
    const name = typeof error?.name === 'string' ? error.name : 'Error';
    const message = typeof error?.message === 'string' ? error.message : String(error);
    parentPort.postMessage({ id, error: { name, message } });
  }
});
