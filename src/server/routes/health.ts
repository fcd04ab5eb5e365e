import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HealthResponse, ReadyResponse } from '../../core/api/errors.ts';
import { JalonError } from '../../core/errors.ts';
import { migrationsFolder } from '../../db/connection.ts';
import { countAppliedMigrations } from '../../db/repositories/readiness.ts';
import type { ServerContext } from '../context.ts';

/** The migrations this version of Jalon knows, from drizzle's journal. */
const knownMigrations = (
  JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/**
 * `/api/health` says the process is alive (for a restart policy: it never touches the
 * database); `/api/ready` that it can serve (for a load balancer): the database answers and holds
 * this version's migrations, else 503.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/health', async (): Promise<HealthResponse> => ({
    ok: true,
    version: ctx.version,
    database: ctx.databaseKind,
  }));

  app.get('/api/ready', async (): Promise<ReadyResponse> => {
    const migrations = await countAppliedMigrations(ctx.db);
    if (migrations < knownMigrations) {
      throw new JalonError('DATABASE_UNAVAILABLE', {
        fr: `La base de données n’est pas à jour : ${migrations} migrations sur ${knownMigrations}.`,
        en: `The database is not up to date: ${migrations} migrations of ${knownMigrations}.`,
      });
    }
    return { ready: true, database: ctx.databaseKind, migrations };
  });
}
