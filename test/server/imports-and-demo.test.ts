import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import type { Database } from '../../src/db/connection.ts';
import { loadPlan } from '../../src/db/repositories/plan-tree.ts';
import { seedDemoData } from '../../src/server/demo/seed-demo-data.ts';
import { findDemoSeedFiles } from '../../src/server/demo/demo-plans.ts';
import { databaseKinds } from '../db/test-database.ts';
import {
  ApiClient,
  buildPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from './test-server.ts';

/** Every table an import writes to, with its row count. */
async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = [
    'institutions',
    'programmes',
    'sites',
    'plans',
    'axes',
    'subdimensions',
    'objectives',
    'actions',
    'memberships',
    'audit_log',
    'pending_imports',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
      rows: Array<{ n: number }>;
    };
    counts[table] = Number(result.rows[0]!.n);
  }
  return counts;
}

// One server per database: the demo data needs an empty database, so it runs first.
describe.each(databaseKinds)('demo data and the import endpoints on %s', (kind) => {
  let server: TestServer;
  let coordinator: ApiClient;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('loads both reference plans, an admin, a coordinator and one site editor per campus, once', async () => {
    const seed = await seedDemoData(server.database.db);
    expect(seed.seeded).toBe(true);
    expect(seed.planTitles).toHaveLength(2);
    expect(seed.accounts.map((a) => [a.role, a.sites.join()])).toEqual([
      ['admin', ''],
      ['coordinator', ''],
      ['site_editor', 'LLN'],
      ['site_editor', 'MONS'],
      ['site_editor', 'MONTIGNIES'],
    ]);
    expect(new Set(seed.accounts.map((a) => a.password)).size).toBe(5);
    expect((await seedDemoData(server.database.db)).seeded).toBe(false);

    const mons = seed.accounts.find((a) => a.email.startsWith('mons'))!;
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(mons.email, mons.password)).status).toBe(200);
    const plans = (await c.get('/api/v1/plans')).body.plans;
    expect(plans).toHaveLength(1);
    expect(plans[0].siteCodes).toEqual(expect.arrayContaining(['LLN', 'MONS', 'MONTIGNIES']));
    const detail = await c.get(`/api/v1/plans/${plans[0].id}`);
    expect(detail.body.permissions.editableSites).toEqual(['MONS']);

    // Sign in the import tests' accounts now that the demo has had its empty database.
    const users = await seedRoleUsers(server.database, 'no-institution');
    coordinator = new ApiClient(server.baseUrl);
    await coordinator.login(users.coordinator, TEST_PASSWORD);
    reader = new ApiClient(server.baseUrl);
    await reader.login(users.reader, TEST_PASSWORD);
  });

  it('previews an uploaded file with warnings, then stores it whole on confirmation, owned by the importer', async () => {
    const seedFile = findDemoSeedFiles().find((f) => f.includes('002_'))!;
    const form = new FormData();
    form.append('file', new Blob([readFileSync(seedFile)]), 'plan 2015.txt');
    const preview = await fetch(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: coordinator.cookie!, 'x-csrf-token': coordinator.csrfToken! },
      body: form,
    });
    expect(preview.status).toBe(201);
    const body = await preview.json();
    expect(body.plan.axes.length).toBeGreaterThan(0);
    expect(Array.isArray(body.warnings)).toBe(true);

    const confirmed = await coordinator.request('POST', `/api/v1/imports/${body.importId}/confirm`, {
      title: 'Plan 2015 importé',
    });
    expect(confirmed.status).toBe(201);
    const stored = await loadPlan(server.database.db, confirmed.body.planId);
    expect(stored?.title).toBe('Plan 2015 importé');
    expect(listActions(stored!).map((a) => a.action.text)).toEqual(
      listActions(body.plan).map((a: { action: { text: string } }) => a.action.text),
    );
    const listed = (await coordinator.get('/api/v1/plans')).body.plans;
    expect(listed.map((p: { id: string }) => p.id)).toContain(confirmed.body.planId);
    // The importer coordinates what they imported.
    expect(
      (await coordinator.get(`/api/v1/plans/${confirmed.body.planId}`)).body.permissions.canEditPlan,
    ).toBe(true);
    // The same import cannot be confirmed twice.
    expect((await coordinator.request('POST', `/api/v1/imports/${body.importId}/confirm`, {})).status).toBe(
      404,
    );
  });

  it('previews pasted text, and refuses an import to a reader or an unreadable payload with a clear error', async () => {
    const tsv =
      'Description des actions\tDegré de priorité\tResponsable(s)\nRevoir les fiches UE\t**\tCoordination\n';
    const pasted = await coordinator.request('POST', '/api/v1/imports', { text: tsv, format: 'tsv' });
    expect(pasted.status).toBe(201);
    expect(listActions(pasted.body.plan).map((a) => a.action.text)).toContain('Revoir les fiches UE');
    // Someone else cannot confirm the coordinator's preview: a reader may not import at all.
    expect((await reader.request('POST', `/api/v1/imports/${pasted.body.importId}/confirm`, {})).status).toBe(
      403,
    );

    expect((await reader.request('POST', '/api/v1/imports', { text: tsv })).status).toBe(403);
    const junk = await coordinator.request('POST', '/api/v1/imports', {
      text: 'rien de tabulaire ici',
      format: 'tsv',
    });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(junk.status).toBeLessThan(500);
    expect(junk.body.error.message.length).toBeGreaterThan(5);
  });

  it('stores an import whole or not at all: a row refused late in the write leaves nothing behind', async () => {
    // A new institution, programme and site, then the tree; the database refuses its very last
    // action (a trigger of this test stands for a failure late in the write: a full disk, a lost
    // connection, a constraint).
    const plan = buildPermissionPlan({
      title: 'Plan qui ne sera pas stocké',
      institution: 'Institution jamais créée',
      programme: 'Programme jamais créé',
      sites: [{ code: 'NEUF', name: 'Site jamais créé' }],
    });
    const lastAction = plan.axes[0]!.objectives[0]!.objectives[0]!.actions.at(-1)!;
    lastAction.text = 'Dernière action, refusée par la base';
    const preview = await coordinator.request('POST', '/api/v1/imports', {
      text: JSON.stringify(plan),
      format: 'json',
      fileName: 'plan.json',
    });
    expect(preview.status).toBe(201);
    const before = await rowCounts(server.database.db);
    await server.database.db.execute(
      sql.raw(`create or replace function refuse_last_action() returns trigger language plpgsql as $$
        begin
          if new.text = 'Dernière action, refusée par la base' then
            raise exception 'value refused' using errcode = '22023';
          end if;
          return new;
        end $$`),
    );
    await server.database.db.execute(
      sql.raw(
        'create trigger refuse_last_action before insert on actions for each row execute function refuse_last_action()',
      ),
    );

    const confirmed = await coordinator.request(
      'POST',
      `/api/v1/imports/${preview.body.importId}/confirm`,
      {},
    );
    expect(confirmed.status).toBe(400);
    // Refused by the database while inserting the actions, after the plan row, axes and objectives.
    expect(confirmed.body.error).toMatchObject({ code: 'BAD_INPUT' });
    expect(confirmed.body.error.message).toContain('refusée par la base de données');
    expect(await rowCounts(server.database.db)).toEqual(before);
    const names = (await server.database.db.execute(
      sql`select name from institutions where name = 'Institution jamais créée'
          union all select name from programmes where name = 'Programme jamais créé'
          union all select code from sites where code = 'NEUF'`,
    )) as unknown as { rows: unknown[] };
    expect(names.rows).toEqual([]);
    // Taking the preview was part of the transaction too: it is still there, the same answer again.
    expect(
      (await coordinator.request('POST', `/api/v1/imports/${preview.body.importId}/confirm`, {})).status,
    ).toBe(400);
    expect(
      (await coordinator.get('/api/v1/plans')).body.plans.map((p: { title: string }) => p.title),
    ).not.toContain('Plan qui ne sera pas stocké');
    await server.database.db.execute(sql.raw('drop trigger refuse_last_action on actions'));
    await server.database.db.execute(sql.raw('drop function refuse_last_action()'));
  });
});
