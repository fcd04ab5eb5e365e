import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { requestLanguage } from '../request-language.ts';

const placeholder = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Jalon</title></head>
<body style="font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto">
<h1>Jalon</h1><p>Plans d’action qualité, vivants et partagés.</p>
<p>L’application web n’est pas construite : <code>npm run build:web</code>. L’API répond sous <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;

/**
 * Serves the built web app (web/dist) at /, with index.html for every non-API path so the
 * app's own routes work on reload; a small Jalon page when the app is not built.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  const index = path.join(webDist, 'index.html');
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(placeholder));
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !pathname.startsWith('/api/') && pathname !== '/api') {
      if (built) return reply.type('text/html; charset=utf-8').sendFile('index.html');
      return reply.type('text/html; charset=utf-8').send(placeholder);
    }
    const message = {
      fr: `Rien à l’adresse ${request.method} ${pathname}.`,
      en: `Nothing at ${request.method} ${pathname}.`,
    }[requestLanguage(request)];
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message, field: null } });
  });
}
