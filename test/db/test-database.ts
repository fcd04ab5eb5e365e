import { PGlite } from '@electric-sql/pglite';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  migrationsFolder,
  openDatabase,
  type DatabaseHandle,
  type DatabaseKind,
} from '../../src/db/connection.ts';

export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

/** Changes whenever a migration is added, so a stale template is never reused. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

const cacheDir = path.resolve('node_modules/.cache/jalon');

/**
 * A dump of a freshly migrated embedded database, made once and kept on disk: loading it takes
 * under a second where migrating a new PGlite takes several.
 */
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(cacheDir, `pglite-template-${migrationsHash()}.tar.gz`);
  if (!existsSync(file)) {
    const handle = await openDatabase({ dataDir: 'memory' });
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('gzip');
    await handle.close();
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: two test workers may build the template at the same moment.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

/**
 * A fresh, migrated database of the given kind for one test file: an in-memory PGlite loaded
 * from the template, or a new database on the PostgreSQL server at JALON_TEST_PG_URL that
 * `close()` drops.
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { poolSize?: number } = {},
): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openDatabase({ dataDir: 'memory', loadDataDir: await pgliteTemplate() });
  const adminUrl = process.env.JALON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `jalon_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: options.poolSize ?? 10 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await runAdmin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function runAdmin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
