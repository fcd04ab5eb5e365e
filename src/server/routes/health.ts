import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../../core/api/errors.ts';
import type { ServerContext } from '../context.ts';

export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/health', async (): Promise<HealthResponse> => ({
    ok: true,
    version: ctx.version,
    database: ctx.databaseKind,
  }));
}
