// One large import in a worker thread of its own (started by import-worker.ts): its heap has
// the cap the thread was given, and all of it is freed when the thread ends. Plain JavaScript
// that registers the TypeScript loader itself: a worker thread does not get the loader of the
// process that starts it (tsx under `jalon serve`, vitest's under the tests).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { importBytes } = await import('../import/import-file.ts');
const { JalonError } = await import('../core/errors.ts');

// Node's MessagePort, not a window: postMessage takes no target origin.
/* oxlint-disable unicorn/require-post-message-target-origin */
parentPort.once('message', async ({ name, bytes, options }) => {
  try {
    const { plan, warnings, reading } = await importBytes({ name, bytes }, options);
    parentPort.postMessage({ ok: true, result: { plan, warnings, reading } });
  } catch (error) {
    const sent =
      error instanceof JalonError
        ? { code: error.code, texts: error.texts, location: error.location }
        : { message: error instanceof Error ? error.message : String(error) };
    parentPort.postMessage({ ok: false, error: sent });
  }
});
