import type { FastifyInstance } from 'fastify';
import type { ImportQueueResponse } from '../../core/api/imports.ts';
import { JalonError } from '../../core/errors.ts';
import { requireActor } from '../auth/authenticate.ts';
import { importQueue } from '../import-queue.ts';
import { canOnAccounts } from '../policies/accounts.ts';

/** GET /api/v1/imports/queue: how many large imports run and wait, and where the caller's stands. */
export function registerImportQueueRoutes(app: FastifyInstance): void {
  app.get('/api/v1/imports/queue', async (request): Promise<ImportQueueResponse> => {
    const actor = requireActor(request);
    if (!canOnAccounts('import', actor)) {
      throw new JalonError('FORBIDDEN', {
        fr: 'Importer un plan est réservé aux coordinations et aux administrateurs.',
        en: 'Importing a plan is for coordinators and administrators.',
      });
    }
    return importQueue.status(actor.user.id);
  });
}
