import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { createUser } from '../../src/server/commands/create-user.ts';
import { databaseKinds } from '../db/test-database.ts';
import { layoutsDir } from '../support/plan-fidelity.ts';
import {
  ApiClient,
  seedPermissionPlan,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

/** A table whose first column has a header Jalon does not know, filled at the start of each group. */
const TSV = [
  'Projet\tAction\tResponsable\tÉchéance\tVisa DD',
  'Accueil des B1\tOrganiser une journée d’accueil\tDirection\tseptembre 2025\tValidé en CA',
  '\tCréer un parrainage B2-B1\tCoordination B1\toctobre 2025\t',
  'Stages\tRédiger un carnet de stage\tCoordination des stages\tjuin 2026\tÀ revoir',
  '\tFormer les maîtres de stage\tCoordination des stages\t2025-2026\t',
].join('\n');

function column(reading: { tables: Array<{ columns: Array<{ label: string }> }> }, label: string) {
  return reading.tables[0]!.columns.find((c) => c.label === label) as
    { role: string; confidence: string; reasons: Array<{ code: string; institution?: string }> } | undefined;
}

describe.each(databaseKinds)('the column reading of an import, corrected and remembered, on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  let other: SeededPlan;
  let coordinator: ApiClient;
  let otherCoordinator: ApiClient;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedPermissionPlan(server.database);
    other = await seedPermissionPlan(server.database, { institution: 'Autre Haute École' });
    const make = async (email: string, institutionId: string, role: 'coordinator' | 'reader') => {
      await createUser(server.database.db, {
        actor: null,
        email,
        name: email,
        role,
        password: TEST_PASSWORD,
        scope: { kind: 'institution', id: institutionId, sites: [] },
      });
      const client = new ApiClient(server.baseUrl);
      await client.login(email, TEST_PASSWORD);
      return client;
    };
    coordinator = await make('coord@test.example', seeded.institutionId, 'coordinator');
    otherCoordinator = await make('coord@autre.example', other.institutionId, 'coordinator');
    reader = await make('reader@test.example', seeded.institutionId, 'reader');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows how each column was read, lets the coordinator change a role and reads the same file again', async () => {
    const preview = await coordinator.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' });
    expect(preview.status).toBe(201);
    // Read from its shape: no known header, filled at the start of groups of two rows.
    expect(column(preview.body.reading, 'Projet')).toMatchObject({ role: 'objective', confidence: 'low' });
    expect(column(preview.body.reading, 'Projet')!.reasons.map((r) => r.code)).toEqual([
      'unknown-header',
      'group-starts',
    ]);
    expect(column(preview.body.reading, 'Visa DD')).toMatchObject({ role: 'extra', confidence: 'low' });
    expect(preview.body.remembered).toBeNull();

    const remapped = await coordinator.request('PUT', `/api/v1/imports/${preview.body.importId}/mapping`, {
      mapping: { Projet: 'axis', 'Visa DD': 'notes' },
    });
    expect(remapped.status).toBe(200);
    expect(remapped.body.importId).toBe(preview.body.importId);
    expect(remapped.body.plan.axes.map((a: { title: string }) => a.title)).toEqual([
      'Accueil des B1',
      'Stages',
    ]);
    const actions = listActions(remapped.body.plan).map((a) => a.action);
    expect(actions.map((a) => a.notes)).toEqual(['Validé en CA', null, 'À revoir', null]);
    expect(column(remapped.body.reading, 'Projet')).toMatchObject({ role: 'axis', confidence: 'high' });
    expect(column(remapped.body.reading, 'Projet')!.reasons[0]!.code).toBe('mapping');
    expect(remapped.body.mapping).toEqual({ Projet: 'axis', 'Visa DD': 'notes' });

    // The preview now holds the remapped plan: confirming stores it, and remembers the choice.
    const confirmed = await coordinator.request('POST', `/api/v1/imports/${preview.body.importId}/confirm`, {
      programmeId: seeded.programmeId,
    });
    expect(confirmed.status).toBe(201);
    const stored = await coordinator.get(`/api/v1/plans/${confirmed.body.planId}`);
    expect(stored.body.plan.axes.map((a: { title: string }) => a.title)).toEqual([
      'Accueil des B1',
      'Stages',
    ]);
  });

  it('proposes the remembered roles at the next import of a coordinator of the institution, not of another', async () => {
    const next = await coordinator.request('POST', '/api/v1/imports', {
      text: TSV.replace('Organiser une journée', 'Organiser deux journées'),
      format: 'tsv',
    });
    expect(next.status).toBe(201);
    expect(next.body.remembered).toMatchObject({
      institutionId: seeded.institutionId,
      institution: 'Haute École de test',
      mapping: { Projet: 'axis', 'Visa DD': 'notes' },
    });
    expect(next.body.mapping).toEqual({});
    expect(next.body.plan.axes.map((a: { title: string }) => a.title)).toEqual(['Accueil des B1', 'Stages']);
    expect(column(next.body.reading, 'Projet')!.reasons[0]).toEqual({
      code: 'remembered',
      institution: 'Haute École de test',
    });

    // Leaving the remembered roles out gives the reading of the file alone.
    const plain = await coordinator.request('PUT', `/api/v1/imports/${next.body.importId}/mapping`, {
      mapping: {},
      ignoreRemembered: true,
    });
    expect(plain.body.remembered).toBeNull();
    expect(column(plain.body.reading, 'Projet')!.role).toBe('objective');

    const elsewhere = await otherCoordinator.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' });
    expect(elsewhere.body.remembered).toBeNull();
    expect(column(elsewhere.body.reading, 'Projet')!.role).toBe('objective');
  });

  it('reads an uploaded Word file again from the kept file', async () => {
    const form = new FormData();
    const file = path.join(layoutsDir, 'axe-objectif-fusionne.docx');
    form.append('file', new Blob([readFileSync(file)]), 'plan.docx');
    const upload = await fetch(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: coordinator.cookie!, 'x-csrf-token': coordinator.csrfToken! },
      body: form,
    });
    const preview = await upload.json();
    expect(preview.plan.axes).toHaveLength(1);
    expect(preview.plan.axes[0].objectives).toHaveLength(4);
    const remapped = await coordinator.request('PUT', `/api/v1/imports/${preview.importId}/mapping`, {
      mapping: { 'Axe/Objectif': 'axis' },
    });
    expect(remapped.status).toBe(200);
    expect(remapped.body.plan.axes).toHaveLength(4);
    expect(listActions(remapped.body.plan)).toHaveLength(11);
  });

  it('refuses a role that does not exist, another person’s preview and a reader, naming what is wrong', async () => {
    const preview = await coordinator.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' });
    const bad = await coordinator.request('PUT', `/api/v1/imports/${preview.body.importId}/mapping`, {
      mapping: { Projet: 'chapitre' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Projet');
    const theirs = await otherCoordinator.request('PUT', `/api/v1/imports/${preview.body.importId}/mapping`, {
      mapping: { Projet: 'axis' },
    });
    expect(theirs.status).toBe(404);
    const readers = await reader.request('PUT', `/api/v1/imports/${preview.body.importId}/mapping`, {
      mapping: { Projet: 'axis' },
    });
    expect(readers.status).toBe(403);
  });
});
