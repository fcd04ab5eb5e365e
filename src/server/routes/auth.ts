import '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import {
  changePasswordRequestSchema,
  createTokenRequestSchema,
  loginRequestSchema,
  type LoginResponse,
  type MeResponse,
} from '../../core/api/auth.ts';
import { deleteApiToken, deleteSession, listApiTokens } from '../../db/repositories/accounts.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../auth/authenticate.ts';
import { notFound } from '../commands/conflict.ts';
import { changePassword, createApiToken, SESSION_DAYS, signIn } from '../commands/sign-in.ts';
import type { ServerContext } from '../context.ts';
import { presentUser } from '../presenters/user.ts';
import { validateRequest } from '../validate-request.ts';
import { PROVIDER_COOKIE } from './sign-in-providers.ts';
import { announceAccountChange } from '../change-bus.ts';

export function registerAuthRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: { loginPerMinute: number },
): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: {
        rateLimit: {
          max: options.loginPerMinute,
          timeWindow: '1 minute',
          // Per address and e-mail: one attacker cannot lock everyone out, nor try many passwords on one account.
          keyGenerator: (request) =>
            `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
    },
    async (request, reply): Promise<LoginResponse> => {
      const body = validateRequest(loginRequestSchema, request.body);
      const { user, token, csrfToken } = await signIn(ctx.db, body.email, body.password);
      setSessionCookie(reply, request, token, SESSION_DAYS * 86_400);
      return { user: presentUser(user), csrfToken };
    },
  );

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const actor = requireActor(request);
    if (actor.sessionTokenHash) {
      await deleteSession(ctx.db, actor.sessionTokenHash);
      ctx.sessions.delete(actor.sessionTokenHash);
      await announceAccountChange(ctx.db, actor.user.id);
    }
    clearSessionCookie(reply);
    // Signed in with a provider offering it: end the provider's session too (RP-initiated logout).
    const provider = ctx.signIn.oidc.provider(request.cookies[PROVIDER_COOKIE] ?? '');
    reply.clearCookie(PROVIDER_COOKIE, { path: '/api/v1/auth' });
    const base = (ctx.appUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
    const endSessionUrl = provider ? await ctx.signIn.oidc.endSessionUrl(provider, `${base}/`) : null;
    return { ok: true as const, ...(endSessionUrl ? { endSessionUrl } : {}) };
  });

  app.get('/api/v1/auth/me', async (request): Promise<MeResponse> => {
    const actor = requireActor(request);
    return { user: presentUser(actor.user), memberships: actor.memberships, csrfToken: actor.csrfToken };
  });

  app.post('/api/v1/auth/password', async (request) => {
    const actor = requireActor(request);
    const body = validateRequest(changePasswordRequestSchema, request.body);
    await changePassword(ctx.db, actor, body.currentPassword, body.newPassword);
    // Other sessions of this user were closed: forget every cached one.
    ctx.sessions.clear();
    return { ok: true as const };
  });

  app.get('/api/v1/auth/tokens', async (request) => {
    const actor = requireActor(request);
    const tokens = await listApiTokens(ctx.db, actor.user.id);
    return {
      tokens: tokens.map((t) => ({
        ...t,
        createdAt: new Date(t.createdAt).toISOString(),
        lastUsedAt: t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : null,
      })),
    };
  });

  app.post('/api/v1/auth/tokens', async (request, reply) => {
    const actor = requireActor(request);
    const body = validateRequest(createTokenRequestSchema, request.body);
    reply.status(201);
    return createApiToken(ctx.db, actor, body.name);
  });

  app.delete<{ Params: { tokenId: string } }>('/api/v1/auth/tokens/:tokenId', async (request) => {
    const actor = requireActor(request);
    if (!(await deleteApiToken(ctx.db, actor.user.id, request.params.tokenId))) {
      throw notFound('token');
    }
    return { ok: true as const };
  });
}
