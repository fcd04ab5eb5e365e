import type { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A dump of a freshly created and migrated embedded database. Creating a PGlite cluster
 * (initdb, then the migrations) takes 3–8 s of WebAssembly on this kind of machine; loading this
 * dump into a new data directory takes about a second. `npm install` makes it (postinstall), the
 * tests make it on first use, and a first `jalon serve` on an empty data directory starts from it.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const cacheDir = path.join(repoRoot, 'node_modules/.cache/jalon');

/** Changes with every migration and every PGlite release, so a stale dump is never used. */
function templateKey(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(
    readFileSync(path.join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  hash.update(pglite.version);
  for (const file of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export function pgliteTemplatePath(): string {
  return path.join(cacheDir, `pglite-template-${templateKey()}.tar.gz`);
}

/** The dump, when it was made for the current migrations and PGlite; null otherwise. */
export function readPgliteTemplate(): Blob | null {
  const file = pgliteTemplatePath();
  return existsSync(file) ? new Blob([readFileSync(file)]) : null;
}

/**
 * Makes the dump if it is missing, from a client that `create` opens on a new in-memory database
 * and migrates (passed in, so this module does not depend on the connection module).
 */
export async function ensurePgliteTemplate(
  create: () => Promise<{ client: PGlite; close(): Promise<void> }>,
): Promise<Blob> {
  const existing = readPgliteTemplate();
  if (existing) return existing;
  const file = pgliteTemplatePath();
  const { client, close } = await create();
  const dump = await client.dumpDataDir('gzip');
  await close();
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename: two processes (test workers) may make it at the same moment.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return new Blob([readFileSync(file)]);
}
