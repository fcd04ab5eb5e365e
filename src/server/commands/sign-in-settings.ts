import type { z } from 'zod';
import type { createRoleRuleRequestSchema } from '../../core/api/sign-in.ts';
import type { Database } from '../../db/connection.ts';
import { deleteRoleRule, insertRoleRule, readSetting, writeSetting } from '../../db/repositories/sign-in.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

const PASSWORD_SIGN_IN = 'passwordSignIn';

/** On unless an administrator turned it off. */
export async function passwordSignInEnabled(db: Database): Promise<boolean> {
  return (await readSetting(db, PASSWORD_SIGN_IN)) !== false;
}

export async function setPasswordSignIn(db: Database, actor: Actor, enabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await passwordSignInEnabled(tx);
    await writeSetting(tx, PASSWORD_SIGN_IN, enabled, actor.user.id);
    await recordChange(tx, {
      actor,
      planId: null,
      action: 'update',
      objectType: 'setting',
      objectId: PASSWORD_SIGN_IN,
      before: { passwordSignIn: before },
      after: { passwordSignIn: enabled },
    });
  });
}

export async function createRoleRule(
  db: Database,
  actor: Actor,
  rule: z.infer<typeof createRoleRuleRequestSchema>,
) {
  return db.transaction(async (tx) => {
    const row = await insertRoleRule(tx, {
      id: globalThis.crypto.randomUUID(),
      provider: rule.provider,
      matchKind: rule.matchKind,
      matchValue:
        rule.matchKind === 'email_domain' ? rule.matchValue.toLowerCase().replace(/^@/, '') : rule.matchValue,
      role: rule.role,
      scope: rule.scope,
      scopeId: rule.scopeId,
      sites: rule.sites,
    });
    await recordChange(tx, {
      actor,
      planId: null,
      action: 'create',
      objectType: 'sign_in_rule',
      objectId: row.id,
      after: row,
    });
    return row;
  });
}

export async function deleteRoleRuleById(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await deleteRoleRule(tx, id);
    if (!row) throw notFound('rule');
    await recordChange(tx, {
      actor,
      planId: null,
      action: 'delete',
      objectType: 'sign_in_rule',
      objectId: id,
      before: row,
    });
  });
}
