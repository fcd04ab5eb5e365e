import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from '../db/connection.ts';
import { authenticateRequest } from './auth/authenticate.ts';
import type { ServerContext } from './context.ts';
import { PlanCache } from './plan-cache.ts';
import { SessionCache } from './auth/session-cache.ts';
import { ChangeBus } from './change-bus.ts';
import { dropStaleCaches } from './drop-stale-caches.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { installErrorHandler } from './error-handler.ts';
import { MAX_UPLOAD_BYTES } from './import-plan-file.ts';
import { scopeImportTurnsToRequests } from './import-queue.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES } from './commands/attach-evidence.ts';
import type { SmtpSettings } from '../notify/mailer.ts';
import { registerActionRoutes } from './routes/actions.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerDocsRoutes } from './routes/docs.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import { installAppMetrics } from './metrics.ts';
import { echoRequestIds, requestIdOptions } from './request-logging.ts';
import { registerClusterRoutes } from './routes/clusters.ts';
import { registerClusterAnalysisRoutes } from './routes/cluster-analysis.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerTemplateRoutes } from './routes/templates.ts';
import { registerImportQueueRoutes } from './routes/import-queue.ts';
import { registerPlanNodeRoutes } from './routes/plan-nodes.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { registerPlanEventRoutes } from './routes/plan-events.ts';
import { registerUserRoutes } from './routes/users.ts';
import { registerSignInProviderRoutes } from './routes/sign-in-providers.ts';
import { OidcSignIn } from './auth/oidc-sign-in.ts';
import { noExternalSignIn, type SignInConfig } from './auth/sign-in-config.ts';
import { registerVersionRoutes } from './routes/versions.ts';
import { registerRecommendationRoutes } from './routes/recommendations.ts';
import { registerLinkSuggestionRoutes } from './routes/link-suggestions.ts';
import { registerEvidenceRoutes } from './routes/evidence.ts';
import { registerReminderRoutes } from './routes/reminders.ts';
import { registerWebApp } from './routes/web-app.ts';

export interface BuildAppOptions {
  database: DatabaseHandle;
  version: string;
  /** Sign-in attempts per minute per address and e-mail. */
  loginPerMinute?: number;
  /** Which proxies to believe for the client address and protocol (Secure cookies behind TLS). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  logger?: FastifyServerOptions['logger'];
  webDist?: string;
  today?: () => string;
  /** Largest evidence file accepted (default 20 MB, JALON_EVIDENCE_MAX_BYTES for `jalon serve`). */
  evidenceMaxBytes?: number;
  smtp?: SmtpSettings | null;
  appUrl?: string | null;
  /** OpenID Connect providers and the trusted-header mode (`signInConfigFromEnv` for `jalon serve`). */
  signIn?: SignInConfig;
  /** The bearer token `/metrics` asks for (JALON_METRICS_TOKEN); without one it answers 404. */
  metricsToken?: string | null;
}

const JSON_BODY_LIMIT = 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSP the web app lives with: everything from this origin, inline styles for the UI kit. */
const contentSecurityPolicy = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    // Served over plain HTTP on a LAN too: upgrading would break every asset there.
    upgradeInsecureRequests: null,
  },
};

/** The HTTP server: plugins, authentication, the /api/v1 routes, the docs and the web app. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? 'loopback',
    bodyLimit: JSON_BODY_LIMIT,
    ...requestIdOptions,
  });
  const ctx: ServerContext = {
    db: options.database.db,
    databaseKind: options.database.kind,
    version: options.version,
    today: options.today ?? (() => new Date().toISOString().slice(0, 10)),
    plans: new PlanCache(options.database.kind === 'pglite'),
    sessions: new SessionCache(),
    bus: new ChangeBus(),
    limits: { evidenceBytes: options.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES },
    smtp: options.smtp ?? null,
    appUrl: options.appUrl ?? null,
    signIn: {
      config: options.signIn ?? noExternalSignIn,
      oidc: new OidcSignIn(options.signIn?.providers ?? []),
    },
  };
  // Writes made by any server process on this database drop what this one caches.
  ctx.bus.subscribe((message) => dropStaleCaches(ctx, message));
  ctx.bus.onMissed(() => {
    ctx.plans.clear();
    ctx.sessions.clear();
  });
  await ctx.bus.start(options.database);
  app.addHook('onClose', () => ctx.bus.stop());
  installErrorHandler(app);
  echoRequestIds(app);
  const metrics = options.metricsToken
    ? { token: options.metricsToken, values: installAppMetrics(app, { database: options.database, ...ctx }) }
    : null;
  await app.register(fastifyHelmet, { contentSecurityPolicy });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  // The sign-in limit needs the e-mail from the body: count in preHandler, after parsing.
  // Counted in the database: every server process on it shares the count.
  await app.register(fastifyRateLimit, {
    global: false,
    hook: 'preHandler',
    store: databaseRateLimitStore(ctx.db),
  });

  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (request) => {
    // Signing in needs no session (and must not trip over a stale cookie's CSRF check).
    if (request.url.startsWith('/api/v1/') && request.routeOptions.url !== '/api/v1/auth/login') {
      request.actor = await authenticateRequest(ctx.db, ctx.sessions, request);
    }
  });

  // A large import keeps its turn in the queue until its preview has been answered.
  scopeImportTurnsToRequests(app);

  // A write that answered without error has committed: see PlanCache.noteWrite.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400) ctx.plans.noteWrite();
    return payload;
  });

  registerHealthRoutes(app, ctx);
  registerMetricsRoute(app, metrics);
  registerDocsRoutes(app, ctx);
  registerAuthRoutes(app, ctx, { loginPerMinute: options.loginPerMinute ?? 10 });
  registerPlanRoutes(app, ctx);
  registerPlanEventRoutes(app, ctx);
  registerPlanNodeRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerClusterRoutes(app, ctx);
  registerClusterAnalysisRoutes(app, ctx);
  registerImportQueueRoutes(app);
  registerUserRoutes(app, ctx);
  registerSignInProviderRoutes(app, ctx);
  registerVersionRoutes(app, ctx);
  registerRecommendationRoutes(app, ctx);
  registerLinkSuggestionRoutes(app, ctx);
  registerEvidenceRoutes(app, ctx);
  registerReminderRoutes(app, ctx);
  await registerWebApp(app, options.webDist ?? fileURLToPath(new URL('../../web/dist', import.meta.url)));
  return app;
}
