import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { JalonError } from '../../core/errors.ts';
import type { AppMetrics } from '../metrics.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` in the Prometheus text format, for a scraper holding the bearer token
 * (`JALON_METRICS_TOKEN`). Without a token configured it answers 404, as if it did not exist:
 * the figures (routes, load, pool) are not for everyone who can reach the server.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: { token: string; values: AppMetrics } | null,
): void {
  const expected = metrics ? digest(metrics.token) : null;
  app.get('/metrics', async (request, reply) => {
    if (!metrics || !expected) {
      throw new JalonError('NOT_FOUND', {
        fr: 'Rien à l’adresse GET /metrics (les métriques sont désactivées : JALON_METRICS_TOKEN).',
        en: 'Nothing at GET /metrics (metrics are off: JALON_METRICS_TOKEN).',
      });
    }
    const header = request.headers.authorization ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    // Compared as digests: equal lengths, and no timing to learn the token from.
    if (!timingSafeEqual(digest(given), expected)) {
      reply.header('www-authenticate', 'Bearer realm="jalon-metrics"');
      throw new JalonError('UNAUTHENTICATED', {
        fr: 'Les métriques demandent le jeton de JALON_METRICS_TOKEN (Authorization: Bearer …).',
        en: 'Metrics need the token of JALON_METRICS_TOKEN (Authorization: Bearer …).',
      });
    }
    const body = await metrics.values.registry.metrics();
    return reply.type(metrics.values.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
