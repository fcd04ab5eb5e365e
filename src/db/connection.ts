import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { readPgliteTemplate } from './pglite-template.ts';
import * as schema from './schema/index.ts';

/** A drizzle database or a transaction on it: both PGlite and PostgreSQL give this shape. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Where it lives: a data directory, "memory" or the server URL without password. */
  location: string;
  /**
   * Listens to a notification channel (`pg_notify`) on a connection of its own. On PostgreSQL
   * that connection reconnects by itself after losing the server; `onReconnect` is then called,
   * since notifications sent meanwhile were lost. Resolves once listening; the function it gives
   * stops.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  /** The PostgreSQL pool's connections and waiting queries; absent on the embedded database (no pool). */
  poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded database is used. */
  url?: string | undefined;
  /** The embedded database's directory; "memory" for an in-memory one. */
  dataDir?: string | undefined;
  /** A dump of an already migrated embedded database to start from (tests). */
  loadDataDir?: Blob | undefined;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number | undefined;
}

/** Options from the environment: DATABASE_URL selects PostgreSQL, JALON_DATA the embedded directory. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDatabaseOptions {
  return { url: env.DATABASE_URL || undefined, dataDir: env.JALON_DATA || './data' };
}

/** Opens the database and brings its schema up to date (migrations run on every open). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.url
    ? await openPostgres(options.url, options.poolSize ?? 10)
    : await openPglite(options);
  return handle;
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir === 'memory';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // A new data directory starts from the migrated template when there is one (~1 s instead of initdb).
  const fresh = !inMemory && readdirSync(dataDir).every((f) => f === 'jalon.pid');
  const loadDataDir = options.loadDataDir ?? (fresh ? readPgliteTemplate() : null);
  const client = new PGlite({
    ...(inMemory ? {} : { dataDir: path.resolve(dataDir) }),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  try {
    await migratePglite(db as never, { migrationsFolder });
  } catch (error) {
    await client.close();
    throw error;
  }
  return {
    db,
    kind: 'pglite',
    location: inMemory ? 'memory' : path.resolve(dataDir),
    // One process owns the embedded database: its notifications never leave it, nor get lost.
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  // A request waits at most 5 s for a connection: while PostgreSQL is unreachable it gets a 503
  // instead of hanging. Connections that broke are dropped by the pool and new ones opened.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  const shown = new URL(url);
  shown.password = '';
  return {
    db,
    kind: 'postgres',
    location: shown.toString(),
    listen: (channel, onNotify, onReconnect) => listenPostgres(url, channel, onNotify, onReconnect),
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: poolSize,
    }),
    close: () => pool.end(),
  };
}

const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * LISTEN on a client outside the pool, held for the life of the server: a pooled connection
 * would go back to the pool and lose its LISTEN. When the server goes away the client is
 * replaced, with growing delays, until one connects.
 */
async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  /** A connected client listening on the channel; a client that failed is ended, never left open. */
  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client({ connectionString: url });
    // Errors before `connect` resolves reject it; swallowed here so none is unhandled.
    next.on('error', () => {});
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotify(message.payload);
    });
    // 'error' and 'end' both come when the server goes: one reconnection for the two.
    let lost = false;
    const onLost = () => {
      if (lost || stopped) return;
      lost = true;
      client = null;
      void next.end().catch(() => {});
      scheduleReconnect();
    };
    next.on('error', onLost);
    next.on('end', onLost);
    return next;
  };
  // Exactly one attempt pending at a time: each failure schedules the next one, nothing else does.
  const scheduleReconnect = () => {
    if (stopped || timer) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)]!;
    timer = setTimeout(() => {
      connect().then(
        (connected) => {
          timer = null;
          if (stopped) {
            void connected.end().catch(() => {});
            return;
          }
          failures = 0;
          client = connected;
          onReconnect?.();
        },
        () => {
          timer = null;
          failures++;
          scheduleReconnect();
        },
      );
    }, delay);
    timer.unref();
  };
  client = await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    await client?.end().catch(() => {});
    client = null;
  };
}

/**
 * Applies the generated migrations on one connection, under an advisory lock so that two servers
 * starting at once do not migrate the same database twice.
 */
async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(724101)');
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(724101)');
    }
  } finally {
    client.release();
  }
}
