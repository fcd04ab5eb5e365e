import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensurePgliteTemplate } from '../../src/db/pglite-template.ts';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connection.ts';

export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

/** A dump of a freshly migrated embedded database: loading it takes about a second where migrating a new PGlite takes several. */
function pgliteTemplate(): Promise<Blob> {
  return ensurePgliteTemplate(async () => {
    const handle = await openDatabase({ dataDir: 'memory' });
    return { client: (handle.db as unknown as { $client: PGlite }).$client, close: () => handle.close() };
  });
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

/**
 * An empty database on the PostgreSQL server at JALON_TEST_PG_URL, for tests that start
 * `jalon serve` processes on it: its URL, and `drop()`, which ends every connection to it.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.JALON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `jalon_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => runAdmin(adminUrl, `drop database if exists ${name} with (force)`),
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
