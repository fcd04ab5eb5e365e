import { changePasswordRequestSchema } from '../../core/api/auth.ts';
import { JalonError } from '../../core/errors.ts';
import { describeIssue } from '../../core/validation-messages.ts';
import type { Database } from '../../db/connection.ts';
import { deleteOtherSessions, findUserByEmail, updateUserPassword } from '../../db/repositories/accounts.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { recordChange } from './record-change.ts';

/**
 * Sets a new password for an account from the command line (a forgotten password, a locked-out
 * administrator): every session of the account is closed. Returns the password when it was
 * generated, to be shown once.
 */
export async function resetPassword(db: Database, input: { email: string; password?: string | undefined }) {
  const email = input.email.trim().toLowerCase();
  if (input.password !== undefined) {
    const checked = changePasswordRequestSchema.shape.newPassword.safeParse(input.password);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `Mot de passe refusé : ${describeIssue(issue, 'fr')}.`,
          en: `Password refused: ${describeIssue(issue, 'en')}.`,
        },
        { location: { field: 'password' } },
      );
    }
  }
  const generated = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generated!);
  await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user)
      throw new JalonError(
        'NOT_FOUND',
        { fr: `Aucun compte pour ${email}.`, en: `No account for ${email}.` },
        { location: { field: 'email' } },
      );
    await updateUserPassword(tx, user.id, passwordHash);
    await deleteOtherSessions(tx, user.id, null);
    await recordChange(tx, {
      actor: null,
      planId: null,
      action: 'password.reset',
      objectType: 'user',
      objectId: user.id,
    });
  });
  return { email, password: generated };
}
