import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../db/test-database.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

/**
 * The read side of the permission matrix: which internal notes each role receives from each
 * endpoint returning plan data, against the catalogue of docs/server.md ("What each role sees").
 * Every note is a unique word, so an answer holds a note when its text holds that word.
 */
const notes = {
  lln: 'NOTE-LLN-interne',
  mons: 'NOTE-MONS-interne',
  common: 'NOTE-COMMUNE-interne',
  objective: 'NOTE-OBJECTIF-interne',
} as const;
type Note = keyof typeof notes;

/** What each role may see: the notes of what it may edit (src/server/policies/field-visibility.ts). */
const catalogue: Record<string, Note[]> = {
  admin: ['lln', 'mons', 'common', 'objective'],
  coordinator: ['lln', 'mons', 'common', 'objective'],
  // A site editor edits the local actions of their site (LLN), not those common to all sites.
  site_editor: ['lln'],
  // A contributor edits the actions naming them as responsible (the LLN action names Anne).
  contributor: ['lln'],
  reader: [],
};

function notesIn(body: unknown): Note[] {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (Object.keys(notes) as Note[]).filter((key) => text.includes(notes[key]));
}

describe.each(databaseKinds)('internal notes per role and endpoint on %s', (kind) => {
  let server: TestServer;
  let plan: SeededPlan;
  let versionId = '';
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    plan = await seedPermissionPlan(server.database);
    const users = await seedRoleUsers(server.database, plan.institutionId);
    for (const [role, email] of Object.entries(users)) {
      as[role] = new ApiClient(server.baseUrl);
      await as[role].login(email, TEST_PASSWORD);
    }
    // The coordinator writes a note on each action and on the objective: the history records them.
    const c = as.coordinator!;
    const revisions = (await c.get(`/api/v1/plans/${plan.planId}`)).body.revisions as Record<string, number>;
    for (const key of ['lln', 'mons', 'common'] as const) {
      const id = plan.actions[key];
      const answer = await c.request('PATCH', `/api/v1/actions/${id}`, {
        revision: revisions[id],
        changes: { notes: notes[key] },
      });
      expect(answer.status).toBe(200);
    }
    const objective = await c.request('PATCH', `/api/v1/objectives/${plan.objectiveId}`, {
      revision: revisions[plan.objectiveId],
      changes: { notes: notes.objective },
    });
    expect(objective.status).toBe(200);
    const version = await c.request('POST', `/api/v1/plans/${plan.planId}/versions`, { label: 'Version 1' });
    expect(version.status).toBe(201);
    versionId = version.body.version.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  const actionNotes: Note[] = ['lln', 'mons', 'common'];
  const allNotes: Note[] = [...actionNotes, 'objective'];
  /**
   * `holds`: the notes an endpoint's data includes at all (an action's history: its own);
   * `to: 'editors'`: only who may edit the plan receives them (exports); else as the catalogue says.
   */
  const endpoints: Array<{
    name: string;
    read: (c: ApiClient) => Promise<unknown>;
    holds: Note[];
    to?: 'editors';
  }> = [
    {
      name: 'GET /plans/:id',
      holds: allNotes,
      read: async (c) => (await c.get(`/api/v1/plans/${plan.planId}`)).body,
    },
    {
      name: 'GET /actions/:id/history (each action)',
      holds: actionNotes,
      read: async (c) =>
        Promise.all(
          Object.values(plan.actions).map(async (id) => (await c.get(`/api/v1/actions/${id}/history`)).body),
        ),
    },
    {
      name: 'GET /objectives/:id/history',
      holds: ['objective'],
      read: async (c) => (await c.get(`/api/v1/objectives/${plan.objectiveId}/history`)).body,
    },
    {
      name: 'GET /plans/:id/versions/:id',
      holds: allNotes,
      read: async (c) => (await c.get(`/api/v1/plans/${plan.planId}/versions/${versionId}`)).body,
    },
    {
      name: 'GET /plans/:id/diff',
      holds: [],
      read: async (c) => (await c.get(`/api/v1/plans/${plan.planId}/diff?from=${versionId}&to=current`)).body,
    },
    {
      name: 'GET /search',
      holds: [],
      read: async (c) => (await c.get('/api/v1/search?q=interne')).body,
    },
    {
      name: 'GET /plans/:id/changes',
      holds: [],
      read: async (c) => (await c.get(`/api/v1/plans/${plan.planId}/changes`)).body,
    },
    {
      name: 'GET /plans/:id/export (json)',
      // Exports leave notes out for whoever may not edit the plan (the public form).
      holds: allNotes,
      to: 'editors',
      read: async (c) => (await c.get(`/api/v1/plans/${plan.planId}/export?format=json`)).body,
    },
    {
      name: 'GET /plans/:id/export (markdown)',
      // The Markdown document prints the actions' notes, not the objectives'.
      holds: actionNotes,
      to: 'editors',
      read: async (c) => (await c.get(`/api/v1/plans/${plan.planId}/export?format=md`)).body,
    },
  ];

  it('gives each role the internal notes the catalogue says, on every endpoint returning plan data', async () => {
    const got: Record<string, Record<string, Note[]>> = {};
    const want: Record<string, Record<string, Note[]>> = {};
    for (const endpoint of endpoints) {
      for (const [role, visible] of Object.entries(catalogue)) {
        (got[endpoint.name] ??= {})[role] = notesIn(await endpoint.read(as[role]!)).sort();
        const receives =
          endpoint.to === 'editors' && role !== 'admin' && role !== 'coordinator' ? [] : visible;
        (want[endpoint.name] ??= {})[role] = receives.filter((n) => endpoint.holds.includes(n)).sort();
      }
    }
    expect(got).toEqual(want);
  });

  it('someone with no role on the plan reads none of it', async () => {
    const c = as.outsider!;
    expect((await c.get(`/api/v1/plans/${plan.planId}`)).status).toBe(404);
    expect((await c.get(`/api/v1/actions/${plan.actions.lln}/history`)).status).toBe(404);
    expect((await c.get(`/api/v1/plans/${plan.planId}/versions/${versionId}`)).status).toBe(404);
    expect(notesIn((await c.get('/api/v1/search?q=interne')).body)).toEqual([]);
  });

  it('the public page of a published version carries no note', async () => {
    const c = as.coordinator!;
    const published = await c.request(
      'POST',
      `/api/v1/plans/${plan.planId}/versions/${versionId}/publication`,
      {},
    );
    expect(published.status).toBe(200);
    const page = await new ApiClient(server.baseUrl).get(`${published.body.version.publicPath}`);
    expect(page.status).toBe(200);
    expect(notesIn(page.body)).toEqual([]);
  });
});
