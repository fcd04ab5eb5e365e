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

describe.each(databaseKinds)('plans API over HTTP on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { loginPerMinute: 1000 });
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers health with the database kind', async () => {
    const res = await new ApiClient(server.baseUrl).get('/api/health');
    expect(res.body).toEqual({ ok: true, version: 'test', database: kind });
  });

  it('signs in with an HttpOnly SameSite=Lax cookie, Secure only behind TLS, and refuses a wrong password alike for unknown e-mails', async () => {
    const c = new ApiClient(server.baseUrl);
    const wrong = await c.request('POST', '/api/v1/auth/login', {
      email: users.coordinator,
      password: 'nope',
    });
    const unknown = await c.request('POST', '/api/v1/auth/login', {
      email: 'ghost@test.example',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'E-mail ou mot de passe incorrect.',
      field: null,
    });

    const ok = await c.login(users.coordinator.toUpperCase(), TEST_PASSWORD);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await c.get('/api/v1/auth/me');
    expect(me.body.user.email).toBe(users.coordinator);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({
        scope: 'institution',
        scopeId: seeded.institutionId,
        role: 'coordinator',
        sites: [],
      }),
    ]);

    const behindTls = await new ApiClient(server.baseUrl).request(
      'POST',
      '/api/v1/auth/login',
      { email: users.coordinator, password: TEST_PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(behindTls.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses a cookie write without the CSRF token, accepts a Bearer API token without one', async () => {
    const c = await client(users.coordinator);
    const token = await c.request('POST', '/api/v1/auth/tokens', { name: 'script' });
    expect(token.status).toBe(201);
    const forged = await c.request(
      'POST',
      `/api/v1/actions/${seeded.actions.common}/comments`,
      { text: 'x' },
      { 'x-csrf-token': 'forged' },
    );
    expect(forged.status).toBe(403);
    expect(forged.body.error.field).toBe('x-csrf-token');

    const script = new ApiClient(server.baseUrl);
    script.bearer = token.body.secret;
    const commented = await script.request('POST', `/api/v1/actions/${seeded.actions.common}/comments`, {
      text: 'depuis un script',
    });
    expect(commented.status).toBe(201);
    expect(commented.body.entry).toMatchObject({
      kind: 'comment',
      comment: 'depuis un script',
      user: { name: 'Coordination qualité' },
    });
    const listed = await c.get('/api/v1/auth/tokens');
    expect(listed.body.tokens[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(token.body.secret);

    expect((await c.request('DELETE', `/api/v1/auth/tokens/${token.body.token.id}`)).status).toBe(200);
    expect((await script.get('/api/v1/plans')).status).toBe(401);
  });

  it('gives the plan as stored, with revisions and the permissions of the role', async () => {
    const coordinator = await client(users.coordinator);
    const res = await coordinator.get(`/api/v1/plans/${seeded.planId}`);
    expect(res.status).toBe(200);
    expect(res.body.plan).toEqual(JSON.parse(JSON.stringify(seeded.plan)));
    expect(res.body.revisions[seeded.actions.mons]).toBe(1);
    expect(res.body.permissions).toEqual({ canEditPlan: true, editableSites: 'all', canComment: true });

    const editor = await client(users.site_editor);
    expect((await editor.get(`/api/v1/plans/${seeded.planId}`)).body.permissions).toEqual({
      canEditPlan: false,
      editableSites: ['LLN'],
      canComment: true,
    });
    const list = await editor.get('/api/v1/plans');
    expect(list.body.plans).toEqual([
      expect.objectContaining({
        id: seeded.planId,
        actionCount: 3,
        siteCodes: ['LLN', 'MONS', 'MONTIGNIES'],
      }),
    ]);
    const outsider = await client(users.outsider);
    expect((await outsider.get('/api/v1/plans')).body.plans).toEqual([]);
    expect((await outsider.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(404);
  });

  it('updates an action at the revision read, and answers 409 with the current state to a stale one', async () => {
    const c = await client(users.coordinator);
    const id = seeded.actions.mons;
    const first = await c.request('PATCH', `/api/v1/actions/${id}`, {
      revision: 1,
      changes: { text: 'MONS : ateliers', deadline: 'Q2 2026-2027' },
    });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(2);
    expect(first.body.action).toMatchObject({
      text: 'MONS : ateliers',
      sites: ['MONS'],
      deadline: 'Q2 2026-2027',
    });
    expect(first.body.action.deadlinePeriod).not.toBeNull();

    const stale = await c.request('PATCH', `/api/v1/actions/${id}`, {
      revision: 1,
      changes: { text: 'écrase' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.current).toMatchObject({ revision: 2, action: { text: 'MONS : ateliers' } });

    const bad = await c.request('PATCH', `/api/v1/actions/${id}`, { revision: 2, changes: { priority: 7 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'changes.priority' });
    const unknownField = await c.request('PATCH', `/api/v1/actions/${id}`, {
      revision: 2,
      changes: { id: 'x' },
    });
    expect(unknownField.status).toBe(400);
  });

  it('records a status change with its date and comment, and lists the history oldest first', async () => {
    const c = await client(users.coordinator);
    const id = seeded.actions.lln;
    const plan = await c.get(`/api/v1/plans/${seeded.planId}`);
    const revision = plan.body.revisions[id];
    const res = await c.request('POST', `/api/v1/actions/${id}/status`, {
      revision,
      status: 'done',
      date: '2026-06-20',
      comment: 'Tutorat évalué en juin',
    });
    expect(res.status).toBe(200);
    expect(res.body.action).toMatchObject({ status: 'done', statusLabel: 'Réalisé' });
    expect(res.body.entry).toMatchObject({
      kind: 'status',
      date: '2026-06-20',
      comment: 'Tutorat évalué en juin',
      before: { status: 'in_progress' },
    });
    await c.request('PATCH', `/api/v1/actions/${id}`, {
      revision: res.body.revision,
      changes: { indicators: ['Taux de réussite'] },
    });
    await c.request('POST', `/api/v1/actions/${id}/comments`, { text: 'Bravo LLN' });
    const history = await c.get(`/api/v1/actions/${id}/history`);
    expect(history.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['status', 'edit', 'comment']);
    expect(history.body.entries[1]).toMatchObject({
      before: { indicators: [] },
      after: { indicators: ['Taux de réussite'] },
      user: { name: 'Coordination qualité' },
    });
    const reader = await client(users.reader);
    const changes = await reader.get(`/api/v1/plans/${seeded.planId}/status-changes`);
    expect(changes.body.changes).toEqual([
      { actionId: id, date: '2026-06-20', from: 'in_progress', to: 'done' },
    ]);
  });

  it('creates, moves and deletes actions, keeping their order', async () => {
    const c = await client(users.coordinator);
    const created = await c.request('POST', `/api/v1/objectives/${seeded.objectiveId}/actions`, {
      action: { text: 'MONTIGNIES : nouvelle action', sites: ['MONTIGNIES'] },
      position: 0,
    });
    expect(created.status).toBe(201);
    const order = async () =>
      (
        await c.get(`/api/v1/plans/${seeded.planId}`)
      ).body.plan.axes[0].objectives[0].objectives[0].actions.map((a: { id: string }) => a.id);
    expect((await order())[0]).toBe(created.body.action.id);
    const moved = await c.request('POST', `/api/v1/actions/${created.body.action.id}/move`, {
      objectiveId: seeded.objectiveId,
      position: 99,
      revision: 1,
    });
    expect(moved.status).toBe(200);
    expect((await order()).at(-1)).toBe(created.body.action.id);
    expect((await c.request('DELETE', `/api/v1/actions/${created.body.action.id}?revision=1`)).status).toBe(
      409,
    );
    expect((await c.request('DELETE', `/api/v1/actions/${created.body.action.id}?revision=2`)).status).toBe(
      200,
    );
    expect(await order()).toHaveLength(3);
  });

  it('edits objectives and axes with revisions, and keeps an audit log for coordinators only', async () => {
    const c = await client(users.coordinator);
    const objective = await c.request('PATCH', `/api/v1/objectives/${seeded.objectiveId}`, {
      revision: 1,
      changes: { guarantor: 'DAE' },
    });
    expect(objective.body).toMatchObject({
      revision: 2,
      objective: { guarantor: 'DAE', title: 'Objectif opérationnel 1.1.1' },
    });
    const axis = await c.request('PATCH', `/api/v1/axes/${seeded.axisId}`, {
      revision: 1,
      changes: { title: 'Axe 1 renommé' },
    });
    expect(axis.body.axis.title).toBe('Axe 1 renommé');
    const objectiveHistory = await c.get(`/api/v1/objectives/${seeded.objectiveId}/history`);
    expect(objectiveHistory.body.entries).toEqual([
      expect.objectContaining({
        kind: 'edit',
        before: expect.objectContaining({ guarantor: null }),
        after: expect.objectContaining({ guarantor: 'DAE' }),
      }),
    ]);
    const audit = await c.get(`/api/v1/plans/${seeded.planId}/audit`);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'update',
      objectType: 'axis',
      before: { title: 'Axe 1 : accompagner les étudiants' },
    });
    const reader = await client(users.reader);
    expect((await reader.get(`/api/v1/plans/${seeded.planId}/audit`)).status).toBe(403);
  });

  it('computes the dashboard: status by axis and site, overdue actions', async () => {
    const other = await seedPermissionPlan(server.database, { title: 'Plan pour le tableau de bord' });
    const admin = await client(users.admin);
    const res = await admin.get(`/api/v1/plans/${other.planId}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.body.byStatus).toMatchObject({ in_progress: 1, planned: 1, done: 1, none: 0 });
    expect(res.body.byAxis).toEqual([
      expect.objectContaining({ axisId: other.axisId, counts: expect.objectContaining({ done: 1 }) }),
    ]);
    expect(res.body.bySite.map((s: { site: string }) => s.site)).toEqual(['*', 'LLN', 'MONS']);
    // The LLN action ended in June 2026 and is still in progress: overdue on 2026-11-23.
    expect(res.body.overdue.map((a: { id: string }) => a.id)).toEqual([other.actions.lln]);
  });

  it('exports a plan as a download in each format, internal notes only for those who edit it', async () => {
    const reader = await client(users.reader);
    const json = await reader.get(`/api/v1/plans/${seeded.planId}/export?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(JSON.stringify(json.body)).toContain('tutorat par les pairs');
    expect(JSON.stringify(json.body)).not.toContain('Note interne');

    const coordinator = await client(users.coordinator);
    const full = await coordinator.get(`/api/v1/plans/${seeded.planId}/export?format=json`);
    expect(JSON.stringify(full.body)).toContain('Note interne');
    const asPublic = await coordinator.get(`/api/v1/plans/${seeded.planId}/export?format=json&public=1`);
    expect(JSON.stringify(asPublic.body)).not.toContain('Note interne');

    const docx = await fetch(`${server.baseUrl}/api/v1/plans/${seeded.planId}/export?format=docx`, {
      headers: { cookie: coordinator.cookie! },
    });
    expect(docx.headers.get('content-type')).toMatch(/wordprocessingml/);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const bad = await coordinator.get(`/api/v1/plans/${seeded.planId}/export?format=exe`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('format');
  });

  it('never leaks a stack trace and limits JSON bodies to 1 MB', async () => {
    const c = await client(users.coordinator);
    const big = await c.request('PATCH', `/api/v1/actions/${seeded.actions.common}`, {
      revision: 1,
      changes: { notes: 'x'.repeat(1_100_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('FILE_TOO_LARGE');
    const broken = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    const text = await broken.text();
    expect(broken.status).toBe(400);
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect((await c.get('/api/v1/nothing-here')).body.error.code).toBe('NOT_FOUND');
  });

  it('changes a password: the old one stops working and other sessions are closed', async () => {
    const here = await client(users.reader);
    const elsewhere = await client(users.reader);
    const wrong = await here.request('POST', '/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'un nouveau mot de passe',
    });
    expect(wrong.status).toBe(403);
    const changed = await here.request('POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'un nouveau mot de passe',
    });
    expect(changed.status).toBe(200);
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).login(users.reader, TEST_PASSWORD)).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).login(users.reader, 'un nouveau mot de passe')).status).toBe(
      200,
    );
    await here.request('POST', '/api/v1/auth/password', {
      currentPassword: 'un nouveau mot de passe',
      newPassword: TEST_PASSWORD,
    });
    expect((await here.request('POST', '/api/v1/auth/logout')).status).toBe(200);
    expect((await here.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('publishes an OpenAPI document generated from the schemas, and a docs page', async () => {
    const c = new ApiClient(server.baseUrl);
    const doc = await c.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(
      doc.body.paths['/api/v1/actions/{actionId}'].patch.requestBody.content['application/json'].schema
        .properties,
    ).toHaveProperty('revision');
    const page = await c.get('/api/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('/api/v1/plans/{planId}');
  });
});

describe('sign-in rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { loginPerMinute: 3 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 429 after too many attempts for one address and e-mail, not for another e-mail', async () => {
    const c = new ApiClient(server.baseUrl);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await c.login('victim@test.example', `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await c.login('other@test.example', 'guess')).status).toBe(401);
  });
});
