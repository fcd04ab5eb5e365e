import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createRoleRuleRequestSchema,
  externalSignInErrorSchema,
  passwordSignInSettingSchema,
  type RoleRule,
  type SignInOptionsResponse,
} from '../../core/api/sign-in.ts';
import { JalonError } from '../../core/errors.ts';
import { insertSignInAttempt, listRoleRules, takeSignInAttempt } from '../../db/repositories/sign-in.ts';
import { requireActor, setSessionCookie } from '../auth/authenticate.ts';
import { hashSecret, generateSecret } from '../auth/tokens.ts';
import {
  createRoleRule,
  deleteRoleRuleById,
  passwordSignInEnabled,
  setPasswordSignIn,
} from '../commands/sign-in-settings.ts';
import { externalSignInRefusal, signInWithIdentity } from '../commands/sign-in-with-identity.ts';
import { SESSION_DAYS } from '../commands/sign-in.ts';
import type { ServerContext } from '../context.ts';
import { canOnAccounts } from '../policies/accounts.ts';
import { isTrustedProxy, identityFromHeaders } from '../auth/trusted-header.ts';
import { validateRequest } from '../validate-request.ts';

/** The browser's key to its sign-in under way: only for the callback's path, ten minutes. */
const ATTEMPT_COOKIE = 'jalon_oidc';
const ATTEMPT_PATH = '/api/v1/auth/oidc';
const ATTEMPT_MINUTES = 10;
/** Which provider opened the session, for signing out there too. */
export const PROVIDER_COOKIE = 'jalon_provider';

type ProviderParams = { Params: { providerId: string } };

function presentRule(row: Awaited<ReturnType<typeof listRoleRules>>[number]): RoleRule {
  return {
    id: row.id,
    provider: row.provider,
    matchKind: row.matchKind as RoleRule['matchKind'],
    matchValue: row.matchValue,
    role: row.role as RoleRule['role'],
    scope: (row.scope as RoleRule['scope']) ?? null,
    scopeId: row.scopeId,
    sites: row.sites,
  };
}

/** Where this server is reached: JALON_PUBLIC_URL when set, else the request's own address. */
function publicBase(ctx: ServerContext, request: FastifyRequest): string {
  return (ctx.appUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

/**
 * A browser is sent back to the sign-in page with the refusal's code (its message is in the web's
 * two languages); a script gets the error itself.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const code =
    error instanceof JalonError
      ? externalSignInErrorSchema.safeParse((error.details as { reason?: unknown } | undefined)?.reason)
      : null;
  if (code?.success && request.headers.accept?.includes('text/html')) {
    request.log.warn({ err: error }, 'sign-in refused');
    return reply.redirect(`/?signInError=${code.data}`, 303);
  }
  throw error;
}

function unknownProvider(id: string): JalonError {
  return externalSignInRefusal('unknown_provider', {
    fr: `Aucun fournisseur d’identité « ${id} » n’est configuré.`,
    en: `No identity provider "${id}" is configured.`,
  });
}

function requireAdmin(request: FastifyRequest, what: { fr: string; en: string }) {
  const actor = requireActor(request);
  if (!canOnAccounts('grantMembership', actor)) {
    throw new JalonError('FORBIDDEN', {
      fr: `${what.fr} est réservé aux administrateurs.`,
      en: `${what.en} is reserved for administrators.`,
    });
  }
  return actor;
}

export function registerSignInProviderRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { config, oidc } = ctx.signIn;

  app.get('/api/v1/auth/options', async (): Promise<SignInOptionsResponse> => {
    return {
      passwordSignIn: await passwordSignInEnabled(ctx.db),
      providers: config.providers.map((p) => ({ id: p.id, name: p.name })),
      trustedHeader: config.trustedHeader
        ? { name: config.trustedHeader.name, url: '/api/v1/auth/header/sign-in' }
        : null,
    };
  });

  app.put('/api/v1/auth/options/password', async (request) => {
    const actor = requireAdmin(request, {
      fr: 'Activer ou désactiver la connexion par mot de passe',
      en: 'Turning password sign-in on or off',
    });
    const body = validateRequest(passwordSignInSettingSchema, request.body);
    if (!body.passwordSignIn && config.providers.length === 0 && !config.trustedHeader) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: 'Aucun fournisseur d’identité n’est configuré : sans mot de passe, personne ne pourrait plus se connecter.',
          en: 'No identity provider is configured: without passwords nobody could sign in any more.',
        },
        { location: { field: 'passwordSignIn' } },
      );
    }
    await setPasswordSignIn(ctx.db, actor, body.passwordSignIn);
    return { passwordSignIn: body.passwordSignIn };
  });

  app.get<ProviderParams>('/api/v1/auth/oidc/:providerId/start', async (request, reply) => {
    try {
      const provider = oidc.provider(request.params.providerId);
      if (!provider) throw unknownProvider(request.params.providerId);
      const redirectUri = `${publicBase(ctx, request)}${ATTEMPT_PATH}/${provider.id}/callback`;
      const { url, checks } = await oidc.authorizationUrl(provider, redirectUri);
      const key = generateSecret();
      await ctx.db.transaction((tx) =>
        insertSignInAttempt(tx, {
          keyHash: hashSecret(key),
          provider: provider.id,
          state: checks.state,
          nonce: checks.nonce,
          codeVerifier: checks.codeVerifier,
          expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000).toISOString(),
        }),
      );
      reply.setCookie(ATTEMPT_COOKIE, key, {
        httpOnly: true,
        // The provider sends the browser back with a top-level GET: Lax cookies come along.
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: ATTEMPT_PATH,
        maxAge: ATTEMPT_MINUTES * 60,
      });
      return reply.redirect(url, 303);
    } catch (error) {
      return refuse(request, reply, error);
    }
  });

  app.get<ProviderParams>('/api/v1/auth/oidc/:providerId/callback', async (request, reply) => {
    try {
      const provider = oidc.provider(request.params.providerId);
      if (!provider) throw unknownProvider(request.params.providerId);
      const key = request.cookies[ATTEMPT_COOKIE];
      reply.clearCookie(ATTEMPT_COOKIE, { path: ATTEMPT_PATH });
      const attempt = key ? await ctx.db.transaction((tx) => takeSignInAttempt(tx, hashSecret(key))) : null;
      const state = (request.query as { state?: unknown }).state;
      // The attempt is taken once: a replayed callback, another browser's or a forged one finds none.
      if (!attempt || attempt.provider !== provider.id || attempt.state !== state) {
        throw externalSignInRefusal('state_mismatch', {
          fr: 'Cette réponse de connexion ne correspond à aucune connexion commencée dans ce navigateur (état différent, déjà utilisée ou expirée) : recommencez.',
          en: 'This sign-in answer matches no sign-in started in this browser (different state, already used or expired): start again.',
        });
      }
      const callbackUrl = new URL(request.url, `${publicBase(ctx, request)}/`);
      const identity = await oidc.finish(provider, callbackUrl, attempt);
      const { token } = await signInWithIdentity(ctx.db, identity, { provider: provider.id });
      setSessionCookie(reply, request, token, SESSION_DAYS * 86_400);
      reply.setCookie(PROVIDER_COOKIE, provider.id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/api/v1/auth',
        maxAge: SESSION_DAYS * 86_400,
      });
      return reply.redirect('/', 303);
    } catch (error) {
      return refuse(request, reply, error);
    }
  });

  app.get('/api/v1/auth/header/sign-in', async (request, reply) => {
    try {
      const trusted = config.trustedHeader;
      if (!trusted) {
        throw new JalonError('NOT_FOUND', {
          fr: 'La connexion par le proxy (en-têtes de confiance) n’est pas activée.',
          en: 'Sign-in through the proxy (trusted headers) is not enabled.',
        });
      }
      const from = request.socket.remoteAddress ?? '';
      if (!isTrustedProxy(trusted, from)) {
        throw externalSignInRefusal(
          'untrusted_proxy',
          {
            fr: `Connexion par en-têtes refusée : la requête vient de ${from}, qui n’est pas le proxy de confiance configuré.`,
            en: `Header sign-in refused: the request comes from ${from}, which is not the configured trusted proxy.`,
          },
          'FORBIDDEN',
        );
      }
      const identity = identityFromHeaders(trusted, request.headers);
      const { token } = await signInWithIdentity(ctx.db, identity, 'header');
      setSessionCookie(reply, request, token, SESSION_DAYS * 86_400);
      return reply.redirect('/', 303);
    } catch (error) {
      return refuse(request, reply, error);
    }
  });

  app.get('/api/v1/sign-in-rules', async (request) => {
    requireAdmin(request, { fr: 'Lister les règles de rôles', en: 'Listing the role rules' });
    return { rules: (await listRoleRules(ctx.db)).map(presentRule) };
  });

  app.post('/api/v1/sign-in-rules', async (request, reply) => {
    const actor = requireAdmin(request, { fr: 'Écrire une règle de rôle', en: 'Writing a role rule' });
    const body = validateRequest(createRoleRuleRequestSchema, request.body, {
      fr: 'Règle de rôle',
      en: 'Role rule',
    });
    const rule = await createRoleRule(ctx.db, actor, body);
    reply.status(201);
    return { rule: presentRule(rule) };
  });

  app.delete<{ Params: { ruleId: string } }>('/api/v1/sign-in-rules/:ruleId', async (request) => {
    const actor = requireAdmin(request, { fr: 'Supprimer une règle de rôle', en: 'Deleting a role rule' });
    await deleteRoleRuleById(ctx.db, actor, request.params.ruleId);
    return { ok: true as const };
  });
}
