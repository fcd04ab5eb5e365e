import { sql } from 'drizzle-orm';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JalonError } from '../../src/core/errors.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { restoreBackup, writeBackup } from '../../src/db/backup.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/db/connection.ts';
import { findEvidence } from '../../src/db/repositories/follow-up.ts';
import { loadPlan } from '../../src/db/repositories/plan-tree.ts';
import { findUserByEmail } from '../../src/db/repositories/accounts.ts';
import { importFile } from '../../src/import/index.ts';
import type { Actor } from '../../src/server/auth/actor.ts';
import { verifyPassword } from '../../src/server/auth/passwords.ts';
import { addActionComment } from '../../src/server/commands/add-comment.ts';
import { attachEvidence } from '../../src/server/commands/attach-evidence.ts';
import { createUser } from '../../src/server/commands/create-user.ts';
import { freezeVersion } from '../../src/server/commands/freeze-version.ts';
import { storeNewPlan } from '../../src/server/commands/store-plan.ts';
import { updateActionStatus } from '../../src/server/commands/update-action-status.ts';
import { fixtureFile, SEED_000, SEED_002, seedFile } from '../support/shared-files.ts';
import { openTestDatabase } from './test-database.ts';

const run = promisify(execFile);
const jalon = path.resolve('bin/jalon');

/** Every row of every table, as JSON text, sorted: two databases with the same content give the same list. */
async function contentOf(db: DatabaseHandle['db']): Promise<Record<string, string[]>> {
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sessions' order by 1`,
  )) as unknown as { rows: Array<{ table_name: string }> };
  const content: Record<string, string[]> = {};
  for (const { table_name } of tables.rows) {
    const result = (await db.execute(
      sql.raw(`select row_to_json(t)::text as row from "${table_name}" t`),
    )) as unknown as { rows: Array<{ row: string }> };
    content[table_name] = result.rows.map((r) => r.row).sort();
  }
  return content;
}

/** A database in use: two reference plans, accounts, a status history, comments, a frozen version, an evidence file. */
async function fillDatabase(handle: DatabaseHandle) {
  const { plan: plan000 } = await importFile(seedFile(`${SEED_000}.txt`));
  const { plan: plan002 } = await importFile(seedFile(`${SEED_002}.txt`));
  const stored = await storeNewPlan(handle.db, { actor: null, plan: plan000 });
  await storeNewPlan(handle.db, { actor: null, plan: plan002 });
  const { user } = await createUser(handle.db, {
    actor: null,
    email: 'qualite@helha.example',
    name: 'Coordination qualité',
    role: 'admin',
    password: 'un mot de passe solide',
  });
  const actor: Actor = { user, memberships: [], via: 'session', sessionTokenHash: null, csrfToken: null };
  await freezeVersion(handle.db, actor, stored.planId, { label: "Plan d'action actualisé 2026" });
  const action = listActions(stored.plan)[0]!.action;
  await updateActionStatus(handle.db, {
    actor,
    actionId: action.id!,
    revision: 1,
    status: 'done',
    date: '2026-11-20',
    comment: 'Fait en réunion',
    authorize: () => {},
  });
  await addActionComment(handle.db, {
    actor,
    actionId: action.id!,
    text: 'Compte rendu déposé',
    authorize: () => {},
  });
  const pdf = readFileSync(fixtureFile(`${SEED_002}.pdf`));
  const { id: evidenceId } = await attachEvidence(handle.db, {
    actor,
    planId: stored.planId,
    actionId: action.id!,
    title: 'Plan signé',
    file: { name: 'plan-signé.pdf', bytes: new Uint8Array(pdf) },
  });
  return { planId: stored.planId, evidenceId, pdf };
}

const pairs: Array<[DatabaseKind, DatabaseKind]> = [
  ['pglite', 'postgres'],
  ['postgres', 'pglite'],
];

describe.each(pairs)('backup of a %s database restored into an empty %s one', (fromKind, toKind) => {
  let source: DatabaseHandle;
  let target: DatabaseHandle;
  let filled: Awaited<ReturnType<typeof fillDatabase>>;
  let backup: Uint8Array;

  beforeAll(async () => {
    [source, target] = await Promise.all([openTestDatabase(fromKind), openTestDatabase(toKind)]);
    filled = await fillDatabase(source);
    backup = await writeBackup(source.db, { jalonVersion: 'test' });
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it('restores every row of every table, the plans, the evidence file byte for byte and the passwords', async () => {
    const progress: string[] = [];
    const result = await restoreBackup(target.db, backup, {
      fileName: 'sauvegarde.gz',
      onProgress: ({ table, rows, total }) => rows === total && progress.push(table),
    });
    expect(result.tables.actions).toBeGreaterThan(100);
    expect(progress).toContain('evidence');

    expect(await contentOf(target.db)).toEqual(await contentOf(source.db));
    expect(await loadPlan(target.db, filled.planId)).toEqual(await loadPlan(source.db, filled.planId));
    const evidence = await findEvidence(target.db, filled.evidenceId);
    expect(Buffer.compare(evidence!.content!, filled.pdf)).toBe(0);
    const user = await findUserByEmail(target.db, 'qualite@helha.example');
    expect(await verifyPassword(user!.passwordHash!, 'un mot de passe solide')).toBe(true);
    // Serial ids go on after the restored rows: new history entries do not collide with them.
    const action = listActions((await loadPlan(target.db, filled.planId))!)[1]!.action;
    const actor: Actor = {
      user: user!,
      memberships: [],
      via: 'session',
      sessionTokenHash: null,
      csrfToken: null,
    };
    const { change } = await updateActionStatus(target.db, {
      actor,
      actionId: action.id!,
      revision: 1,
      status: 'in_progress',
      date: '2026-11-30',
      authorize: () => {},
    });
    expect(change.id).toBeGreaterThan(1);
  });

  it('refuses a database that is not empty, and a file that is not a backup, changing nothing', async () => {
    const before = await contentOf(target.db);
    await expect(restoreBackup(target.db, backup, { fileName: 'sauvegarde.gz' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const notBackup = await restoreBackup(target.db, new TextEncoder().encode('pas une sauvegarde'), {
      fileName: 'notes.txt',
    }).catch((error: JalonError) => error);
    expect(notBackup).toBeInstanceOf(JalonError);
    expect((notBackup as JalonError).messageIn('fr')).toMatch(/notes\.txt n’est pas une sauvegarde Jalon/);
    expect((notBackup as JalonError).message).toMatch(/notes\.txt is not a Jalon backup/);
    const headerOnly = gunzipSync(backup).toString('utf8').split('\n')[0]!;
    const truncated = gzipSync(Buffer.from(`${headerOnly}\n`));
    const cut = await restoreBackup(target.db, truncated, { fileName: 'coupée.gz', replace: true }).catch(
      (error: JalonError) => error,
    );
    expect((cut as JalonError).messageIn('fr')).toMatch(
      /La sauvegarde coupée\.gz est incomplète : 0 ligne de/,
    );
    expect(await contentOf(target.db)).toEqual(before);
  });
});

describe('jalon backup and jalon restore on the command line', () => {
  let source: DatabaseHandle;
  let target: DatabaseHandle;
  const dir = mkdtempSync(path.join(tmpdir(), 'jalon-backup-'));

  beforeAll(async () => {
    [source, target] = await Promise.all([openTestDatabase('postgres'), openTestDatabase('postgres')]);
    await fillDatabase(source);
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  const urlOf = (handle: DatabaseHandle) => handle.location;

  it('saves a database to a file and restores it into an empty one, with progress and --json', async () => {
    const file = path.join(dir, 'jalon.backup.gz');
    const saved = await run(jalon, ['backup', file, '--json'], {
      env: { ...process.env, DATABASE_URL: urlOf(source) },
    });
    const report = JSON.parse(saved.stdout);
    expect(report.tables.plans).toBe(2);
    const restored = await run(jalon, ['restore', file], {
      env: { ...process.env, DATABASE_URL: urlOf(target) },
    });
    expect(restored.stderr).toMatch(/actions : \d+ ligne/);
    expect(restored.stderr).toMatch(/restaurée/);
    expect(await contentOf(target.db)).toEqual(await contentOf(source.db));

    const again = await run(jalon, ['restore', file], {
      env: { ...process.env, DATABASE_URL: urlOf(target) },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((again as { code: number }).code).toBe(1);
    // The command line reports errors in English (JalonError.message).
    expect((again as { stderr: string }).stderr).toMatch(/already holds plans/);
    writeFileSync(path.join(dir, 'vide.gz'), '');
    const empty = await run(jalon, ['restore', path.join(dir, 'vide.gz'), '--replace'], {
      env: { ...process.env, DATABASE_URL: urlOf(target) },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((empty as { stderr: string }).stderr).toMatch(/vide\.gz is not a Jalon backup/);
    expect(await contentOf(target.db)).toEqual(await contentOf(source.db));
  });
});
