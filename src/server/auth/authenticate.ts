import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import {
  findLiveSession,
  findUserByApiToken,
  listMembershipsOfUser,
  type UserRow,
} from '../../db/repositories/accounts.ts';
import { toMembership, type Actor } from './actor.ts';
import type { SessionCache } from './session-cache.ts';
import { hashSecret } from './tokens.ts';

export const SESSION_COOKIE = 'jalon_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function toActor(
  user: UserRow,
  memberships: Actor['memberships'],
  via: Actor['via'],
  session: { tokenHash: string; csrfToken: string } | null,
): Actor {
  return {
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
    memberships,
    via,
    sessionTokenHash: session?.tokenHash ?? null,
    csrfToken: session?.csrfToken ?? null,
  };
}

/**
 * Resolves the actor from a Bearer API token or the session cookie. A cookie-authenticated write
 * must carry the session's CSRF token in `x-csrf-token`: a page on another site can make the
 * browser send the cookie, but cannot read the token.
 */
export async function authenticateRequest(
  db: Database,
  sessions: SessionCache,
  request: FastifyRequest,
): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const user = await findUserByApiToken(db, hashSecret(authorization.slice(7).trim()));
    if (!user)
      throw new JalonError('UNAUTHENTICATED', {
        fr: 'Jeton d’API inconnu ou révoqué.',
        en: 'Unknown or revoked API token.',
      });
    if (user.suspendedAt) throw suspendedError();
    return toActor(user, (await listMembershipsOfUser(db, user.id)).map(toMembership), 'token', null);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const tokenHash = hashSecret(cookie);
  let found = sessions.get(tokenHash);
  if (!found) {
    const live = await findLiveSession(db, tokenHash);
    if (!live) return null;
    found = {
      ...live,
      memberships: (await listMembershipsOfUser(db, live.user.id)).map(toMembership),
      cachedAt: 0,
    };
    sessions.set(tokenHash, found);
  }
  const { session, user } = found;
  // Suspending closes the account's sessions; this also covers a session another process cached.
  if (user.suspendedAt) throw suspendedError();
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
    throw new JalonError(
      'FORBIDDEN',
      {
        fr: 'Jeton CSRF absent ou invalide : rechargez la page.',
        en: 'Missing or invalid CSRF token: reload the page.',
      },
      {
        location: { field: CSRF_HEADER },
      },
    );
  }
  return toActor(user, found.memberships, 'session', session);
}

/** The answer to a request of a suspended account, whatever its credentials. */
export function suspendedError(): JalonError {
  return new JalonError('UNAUTHENTICATED', {
    fr: 'Ce compte est suspendu : adressez-vous à un administrateur de Jalon.',
    en: 'This account is suspended: ask a Jalon administrator.',
  });
}

/** The actor of a request that must be signed in. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor)
    throw new JalonError('UNAUTHENTICATED', { fr: 'Connexion requise.', en: 'Sign-in required.' });
  return request.actor;
}

export function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    // Behind a TLS proxy `request.protocol` is "https" (trustProxy + x-forwarded-proto).
    secure: request.protocol === 'https',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
