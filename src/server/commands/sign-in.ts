import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import {
  deleteOtherSessions,
  findUserByEmail,
  findUserById,
  insertApiToken,
  insertSession,
  updateUserPassword,
  type UserRow,
} from '../../db/repositories/accounts.ts';
import { suspendedError } from '../auth/authenticate.ts';
import { passwordSignInEnabled } from './sign-in-settings.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { generateSecret, hashSecret } from '../auth/tokens.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

export const SESSION_DAYS = 14;

/** A hash to verify against when the e-mail is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | null = null;

/** Checks the password and opens a session; the same error for an unknown e-mail and a wrong password. */
export async function signIn(db: Database, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  decoyHash ??= hashPassword(generateSecret());
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (!user || !ok)
    throw new JalonError('UNAUTHENTICATED', {
      fr: 'E-mail ou mot de passe incorrect.',
      en: 'Wrong e-mail or password.',
    });
  // Said only to whoever knows the password: the suspension is no secret to its owner.
  if (user.suspendedAt) throw suspendedError();
  // Administrators keep their password, so that a provider out of order never locks Jalon out.
  if (!user.isAdmin && !(await passwordSignInEnabled(db))) {
    throw new JalonError('FORBIDDEN', {
      fr: 'La connexion par mot de passe est désactivée : utilisez le bouton de connexion de votre institution.',
      en: 'Password sign-in is turned off: use your institution’s sign-in button.',
    });
  }
  return openSession(db, user, 'password');
}

/** A new session for an account that has proved who it is (password, provider or trusted proxy). */
export async function openSession(db: Database, user: UserRow, via: SessionOrigin) {
  return db.transaction((tx) => insertNewSession(tx, user, via));
}

/** How a session was opened: by password, through the trusted proxy, or with a provider. */
export type SessionOrigin = 'password' | 'header' | { provider: string };

/** Inserts a session and its "login" audit entry inside the caller's transaction. */
export async function insertNewSession(tx: Database, user: UserRow, via: SessionOrigin) {
  if (user.suspendedAt) throw suspendedError();
  const token = generateSecret();
  const csrfToken = generateSecret();
  await insertSession(tx, {
    tokenHash: hashSecret(token),
    userId: user.id,
    csrfToken,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString(),
  });
  await recordChange(tx, {
    actor: null,
    planId: null,
    action: 'login',
    objectType: 'user',
    objectId: user.id,
    after: { via: typeof via === 'string' ? via : via.provider },
  });
  return { user, token, csrfToken };
}

/** Changes the password after checking the current one; other sessions are closed. */
export async function changePassword(
  db: Database,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
) {
  const user = await findUserById(db, actor.user.id);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new JalonError(
      'FORBIDDEN',
      { fr: 'Mot de passe actuel incorrect.', en: 'Wrong current password.' },
      { location: { field: 'currentPassword' } },
    );
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await updateUserPassword(tx, user.id, passwordHash);
    await deleteOtherSessions(tx, user.id, actor.sessionTokenHash);
    await recordChange(tx, {
      actor,
      planId: null,
      action: 'password',
      objectType: 'user',
      objectId: user.id,
    });
  });
}

/** A personal API token; the secret is returned once and only its hash is kept. */
export async function createApiToken(db: Database, actor: Actor, name: string) {
  const secret = generateSecret('jalon_');
  const token = {
    id: globalThis.crypto.randomUUID(),
    name,
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
  };
  await db.transaction(async (tx) => {
    await insertApiToken(tx, { id: token.id, userId: actor.user.id, name, tokenHash: hashSecret(secret) });
    await recordChange(tx, {
      actor,
      planId: null,
      action: 'create',
      objectType: 'api_token',
      objectId: token.id,
      after: { name },
    });
  });
  return { token, secret };
}
