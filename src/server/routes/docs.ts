import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { endpoints } from '../openapi/endpoint-catalogue.ts';
import { buildOpenApiDocument } from '../openapi/openapi-document.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained docs page (no external script: the CSP forbids them). */
function renderDocsPage(version: string): string {
  const rows = endpoints
    .map(
      (e) =>
        `<tr><td><code>${e.method.toUpperCase()}</code></td><td><code>${escapeHtml(e.path)}</code></td><td>${escapeHtml(e.summary)}</td><td>${e.tag}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>API Jalon ${escapeHtml(version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
code{font-size:13px}th{background:#f6f8fa}</style></head>
<body><h1>API Jalon <small>${escapeHtml(version)}</small></h1>
<p>Document OpenAPI 3.1 complet (schémas de chaque requête et réponse) : <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<p>Authentification : cookie de session obtenu par <code>POST /api/v1/auth/login</code> — chaque écriture envoie alors l’en-tête
<code>x-csrf-token</code> reçu à la connexion — ou jeton personnel <code>Authorization: Bearer …</code> pour les scripts.
Chaque modification nomme la <code>revision</code> lue ; si l’objet a changé entre-temps, la réponse est 409 avec l’état courant (<code>current</code>).
Les erreurs ont la forme <code>{"error": {"code", "message", "field"}}</code>.</p>
<table><thead><tr><th>Méthode</th><th>Chemin</th><th>Rôle</th><th>Groupe</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

export function registerDocsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const document = buildOpenApiDocument(ctx.version);
  app.get('/api/openapi.json', async () => document);
  app.get('/api/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocsPage(ctx.version)),
  );
}
