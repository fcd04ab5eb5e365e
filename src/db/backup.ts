import { sql } from 'drizzle-orm';
import { gunzipSync, gzipSync } from 'node:zlib';
import { JalonError } from '../core/errors.ts';
import type { Database } from './connection.ts';

/**
 * Backup and restore of the whole database: plans and their versions, history, users and their
 * roles, evidence files. The file is gzipped JSON lines: a header line (format, date, the
 * migrations the database had), then chunks of rows per table, read and written by PostgreSQL's
 * own JSON functions (`row_to_json`, `jsonb_populate_recordset`), so every type (bytea,
 * timestamps, arrays, jsonb) comes back exactly and the same file moves between the embedded
 * database and a PostgreSQL server.
 */

export const BACKUP_FORMAT = 'jalon-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Sign-in sessions are not kept: a restored database asks everyone to sign in again. */
const skippedTables = new Set(['sessions']);

/** Rows per chunk line, and the size at which a chunk is cut earlier (evidence files). */
const CHUNK_ROWS = 500;
const CHUNK_BYTES = 8 * 1024 * 1024;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  jalonVersion: string;
  /** The migrations applied to the database that was saved, oldest first. */
  migrations: string[];
  tables: Record<string, number>;
}

interface TableInfo {
  name: string;
  /** Columns that hold data (generated ones, like the search vector, are computed again). */
  columns: string[];
  serialColumns: string[];
}

export interface BackupProgress {
  (event: { table: string; rows: number; total: number }): void;
}

async function rowsOf<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The application's tables in an order where every table comes after those it refers to. */
async function listTables(db: Database): Promise<TableInfo[]> {
  const columns = await rowsOf<{ table_name: string; column_name: string; column_default: string | null }>(
    db,
    sql`select table_name, column_name, column_default from information_schema.columns
        where table_schema = 'public' and is_generated = 'NEVER'
        order by table_name, ordinal_position`,
  );
  const references = await rowsOf<{ child: string; parent: string }>(
    db,
    sql`select c.relname as child, p.relname as parent
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = 'public'`,
  );
  const tables = new Map<string, TableInfo>();
  for (const column of columns) {
    const table = tables.get(column.table_name) ?? {
      name: column.table_name,
      columns: [],
      serialColumns: [],
    };
    table.columns.push(column.column_name);
    if (column.column_default?.startsWith('nextval(')) table.serialColumns.push(column.column_name);
    tables.set(column.table_name, table);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name)) return;
    path.add(name);
    for (const ref of references) if (ref.child === name && ref.parent !== name) visit(ref.parent, path);
    placed.add(name);
    const table = tables.get(name);
    if (table) ordered.push(table);
  };
  for (const name of [...tables.keys()].sort()) visit(name, new Set());
  return ordered;
}

async function listMigrations(db: Database): Promise<string[]> {
  try {
    const rows = await rowsOf<{ hash: string }>(
      db,
      sql`select hash from drizzle.__drizzle_migrations order by created_at, id`,
    );
    return rows.map((r) => r.hash);
  } catch {
    return [];
  }
}

/** The whole database as a backup file (gzipped JSON lines). */
export async function writeBackup(
  db: Database,
  options: { jalonVersion: string; onProgress?: BackupProgress },
): Promise<Uint8Array> {
  // One snapshot for every table, so the file is consistent even while the server writes.
  return db.transaction(
    async (tx) => {
      const tables = (await listTables(tx)).filter((t) => !skippedTables.has(t.name));
      const counts: Record<string, number> = {};
      const lines: string[] = [];
      for (const table of tables) {
        const columnList = sql.raw(table.columns.map(quoteIdent).join(', '));
        const rows = await rowsOf<{ row: Record<string, unknown> }>(
          tx,
          sql`select row_to_json(t) as row from (select ${columnList} from ${sql.raw(quoteIdent(table.name))}) t`,
        );
        counts[table.name] = rows.length;
        let chunk: unknown[] = [];
        let bytes = 0;
        const flush = () => {
          if (chunk.length > 0) lines.push(JSON.stringify({ table: table.name, rows: chunk }));
          chunk = [];
          bytes = 0;
        };
        for (const [i, { row }] of rows.entries()) {
          const text = JSON.stringify(row);
          if (chunk.length >= CHUNK_ROWS || (bytes > 0 && bytes + text.length > CHUNK_BYTES)) flush();
          chunk.push(row);
          bytes += text.length;
          if ((i + 1) % CHUNK_ROWS === 0)
            options.onProgress?.({ table: table.name, rows: i + 1, total: rows.length });
        }
        flush();
        options.onProgress?.({ table: table.name, rows: rows.length, total: rows.length });
      }
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        jalonVersion: options.jalonVersion,
        migrations: await listMigrations(tx),
        tables: counts,
      };
      return gzipSync(`${[JSON.stringify(header), ...lines].join('\n')}\n`);
    },
    { isolationLevel: 'repeatable read' },
  );
}

function readBackupLines(bytes: Uint8Array, fileName: string): { header: BackupHeader; chunks: string[] } {
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch {
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `${fileName} n’est pas une sauvegarde Jalon (fichier gzip attendu).`,
        en: `${fileName} is not a Jalon backup (expected a gzip file).`,
      },
      { location: { file: fileName } },
    );
  }
  const lines = text.split('\n').filter((line) => line !== '');
  let header: BackupHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as BackupHeader;
  } catch {
    header = {} as BackupHeader;
  }
  if (header.format !== BACKUP_FORMAT) {
    throw new JalonError(
      'BAD_INPUT',
      { fr: `${fileName} n’est pas une sauvegarde Jalon.`, en: `${fileName} is not a Jalon backup.` },
      { location: { file: fileName } },
    );
  }
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `La sauvegarde ${fileName} vient d’une version plus récente de Jalon (format ${header.formatVersion}) : mettez Jalon à jour avant de la restaurer.`,
        en: `The backup ${fileName} comes from a newer version of Jalon (format ${header.formatVersion}): update Jalon before restoring it.`,
      },
      { location: { file: fileName } },
    );
  }
  return { header, chunks: lines.slice(1) };
}

export interface RestoreResult {
  tables: Record<string, number>;
  createdAt: string;
}

/**
 * Restores a backup into this database, in one transaction: all of it or nothing. The database
 * must hold no plan and no user unless `replace` is set, in which case its content is dropped
 * first (in the same transaction).
 */
export async function restoreBackup(
  db: Database,
  bytes: Uint8Array,
  options: { fileName: string; replace?: boolean; onProgress?: BackupProgress },
): Promise<RestoreResult> {
  const { header, chunks } = readBackupLines(bytes, options.fileName);
  return db.transaction(async (tx) => {
    const migrations = await listMigrations(tx);
    const unknown = header.migrations.filter((m) => !migrations.includes(m));
    if (unknown.length > 0) {
      const missing =
        unknown.length > 1
          ? {
              fr: `${unknown.length} migrations inconnues ici`,
              en: `${unknown.length} migrations unknown here`,
            }
          : { fr: 'une migration inconnue ici', en: 'one migration unknown here' };
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `La sauvegarde ${options.fileName} a été faite par une version plus récente de Jalon (${missing.fr}) : mettez Jalon à jour avant de la restaurer.`,
          en: `The backup ${options.fileName} was made by a newer version of Jalon (${missing.en}): update Jalon before restoring it.`,
        },
        { location: { file: options.fileName } },
      );
    }
    const tables = await listTables(tx);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const [{ n } = { n: 0 }] = await rowsOf<{ n: number }>(
      tx,
      sql`select (select count(*) from plans) + (select count(*) from users) as n`,
    );
    if (Number(n) > 0) {
      if (!options.replace) {
        throw new JalonError('CONFLICT', {
          fr: 'La base de destination contient déjà des plans ou des comptes : restaurez dans une base vide, ou remplacez son contenu (--replace).',
          en: 'The target database already holds plans or accounts: restore into an empty database, or replace its content (--replace).',
        });
      }
      const names = tables.map((t) => quoteIdent(t.name)).join(', ');
      await tx.execute(sql.raw(`truncate ${names} restart identity cascade`));
    }
    const restored: Record<string, number> = {};
    // Chunks come table by table in reference order; within a table, rows keep their order.
    for (const [index, line] of chunks.entries()) {
      let chunk: { table: string; rows: Array<Record<string, unknown>> };
      try {
        chunk = JSON.parse(line) as typeof chunk;
      } catch {
        throw new JalonError(
          'BAD_INPUT',
          {
            fr: `La sauvegarde ${options.fileName} est abîmée (ligne ${index + 2} illisible).`,
            en: `The backup ${options.fileName} is damaged (line ${index + 2} unreadable).`,
          },
          { location: { file: options.fileName, row: index + 2 } },
        );
      }
      const table = byName.get(chunk.table);
      if (!table) {
        throw new JalonError(
          'BAD_INPUT',
          {
            fr: `${options.fileName} : table « ${chunk.table} » inconnue de cette version de Jalon.`,
            en: `${options.fileName}: table "${chunk.table}" unknown to this version of Jalon.`,
          },
          { location: { file: options.fileName, row: index + 2 } },
        );
      }
      const present = table.columns.filter((c) => chunk.rows.some((row) => c in row));
      const columnList = sql.raw(present.map(quoteIdent).join(', '));
      const target = sql.raw(quoteIdent(table.name));
      await tx.execute(
        sql`insert into ${target} (${columnList})
            select ${columnList} from jsonb_populate_recordset(null::${target}, ${JSON.stringify(chunk.rows)}::jsonb)`,
      );
      restored[table.name] = (restored[table.name] ?? 0) + chunk.rows.length;
      options.onProgress?.({
        table: table.name,
        rows: restored[table.name]!,
        total: header.tables[table.name] ?? restored[table.name]!,
      });
    }
    for (const [name, expected] of Object.entries(header.tables)) {
      if ((restored[name] ?? 0) !== expected) {
        const found = restored[name] ?? 0;
        throw new JalonError(
          'BAD_INPUT',
          {
            fr: `La sauvegarde ${options.fileName} est incomplète : ${found} ligne${found > 1 ? 's' : ''} de « ${name} » au lieu de ${expected}.`,
            en: `The backup ${options.fileName} is incomplete: ${found} row${found === 1 ? '' : 's'} of "${name}" instead of ${expected}.`,
          },
          { location: { file: options.fileName } },
        );
      }
    }
    // Serial ids continue after the restored rows.
    for (const table of tables) {
      for (const column of table.serialColumns) {
        await tx.execute(
          sql`select setval(pg_get_serial_sequence(${table.name}, ${column}),
                coalesce((select max(${sql.raw(quoteIdent(column))}) from ${sql.raw(quoteIdent(table.name))}), 0) + 1, false)`,
        );
      }
    }
    return { tables: restored, createdAt: header.createdAt };
  });
}
