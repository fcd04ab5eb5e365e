/**
 * postinstall: makes the migrated template of the embedded database (src/db/pglite-template.ts),
 * so that the first `npm start` on an empty data directory is ready in a few seconds. Never
 * fails the install: without the template, the first start creates the database itself.
 */
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../src/db/connection.ts';
import { ensurePgliteTemplate, pgliteTemplatePath } from '../src/db/pglite-template.ts';

try {
  const started = performance.now();
  await ensurePgliteTemplate(async () => {
    const handle = await openDatabase({ dataDir: 'memory' });
    return { client: (handle.db as unknown as { $client: PGlite }).$client, close: () => handle.close() };
  });
  process.stderr.write(
    `jalon: embedded database template ready (${pgliteTemplatePath()}, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
} catch (error) {
  process.stderr.write(
    `jalon: could not prepare the embedded database template (${error instanceof Error ? error.message : String(error)}); the first start will create the database itself.\n`,
  );
}
