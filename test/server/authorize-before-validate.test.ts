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
 * A request is authorized before its body or query is validated: someone without the right gets
 * 403 or 404 whatever they send, and never a 400 that would tell them the request's format and
 * allowed values. Someone with the right gets the 400.
 */
type Call = { name: string; send: (c: ApiClient, p: SeededPlan) => Promise<number>; readable?: boolean };

const bad = { bogus: true, revision: 'x', text: 12, status: 'nope', changes: 'all' };

const calls: Call[] = [
  {
    name: 'PATCH /plans/:id',
    send: async (c, p) => (await c.request('PATCH', `/api/v1/plans/${p.planId}`, bad)).status,
  },
  {
    name: 'DELETE /plans/:id',
    send: async (c, p) => (await c.request('DELETE', `/api/v1/plans/${p.planId}?revision=x`)).status,
  },
  {
    name: 'GET /plans/:id/changes',
    readable: true,
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/changes?limit=many`)).status,
  },
  {
    name: 'GET /plans/:id/export',
    readable: true,
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/export?format=exe`)).status,
  },
  {
    name: 'GET /plans/:id/diff',
    readable: true,
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/diff?format=exe`)).status,
  },
  {
    name: 'PATCH /actions/:id',
    send: async (c, p) => (await c.request('PATCH', `/api/v1/actions/${p.actions.common}`, bad)).status,
  },
  {
    name: 'POST /actions/:id/status',
    send: async (c, p) => (await c.request('POST', `/api/v1/actions/${p.actions.common}/status`, bad)).status,
  },
  {
    name: 'POST /actions/:id/comments',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/actions/${p.actions.common}/comments`, bad)).status,
  },
  {
    name: 'POST /actions/:id/move',
    send: async (c, p) => (await c.request('POST', `/api/v1/actions/${p.actions.common}/move`, bad)).status,
  },
  {
    name: 'DELETE /actions/:id',
    send: async (c, p) =>
      (await c.request('DELETE', `/api/v1/actions/${p.actions.common}?revision=x`)).status,
  },
  {
    name: 'POST /actions/:id/measurements',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/actions/${p.actions.common}/measurements`, bad)).status,
  },
  {
    name: 'POST /objectives/:id/actions',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/objectives/${p.objectiveId}/actions`, bad)).status,
  },
  {
    name: 'POST /plans/:id/axes',
    send: async (c, p) => (await c.request('POST', `/api/v1/plans/${p.planId}/axes`, bad)).status,
  },
  {
    name: 'POST /axes/:id/objectives',
    send: async (c, p) => (await c.request('POST', `/api/v1/axes/${p.axisId}/objectives`, bad)).status,
  },
  {
    name: 'PATCH /objectives/:id',
    send: async (c, p) => (await c.request('PATCH', `/api/v1/objectives/${p.objectiveId}`, bad)).status,
  },
  {
    name: 'DELETE /axes/:id',
    send: async (c, p) => (await c.request('DELETE', `/api/v1/axes/${p.axisId}?revision=x`)).status,
  },
  {
    name: 'POST /plans/:id/versions',
    send: async (c, p) => (await c.request('POST', `/api/v1/plans/${p.planId}/versions`, bad)).status,
  },
  {
    name: 'PUT /plans/:id/recommendations',
    send: async (c, p) => (await c.request('PUT', `/api/v1/plans/${p.planId}/recommendations`, bad)).status,
  },
  {
    name: 'POST /plans/:id/link-suggestions/accept',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/link-suggestions/accept`, bad)).status,
  },
  {
    name: 'POST /plans/:id/link-suggestions/reject',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/link-suggestions/reject`, bad)).status,
  },
  {
    name: 'PUT /plans/:id/contacts',
    send: async (c, p) => (await c.request('PUT', `/api/v1/plans/${p.planId}/contacts`, bad)).status,
  },
];

/** Admin-only or coordinator-only endpoints whose target is in the body: the role alone decides. */
const accountCalls: Array<{
  name: string;
  send: (c: ApiClient) => Promise<number>;
  allowed: 'admin' | 'coordinator';
}> = [
  {
    name: 'POST /users',
    allowed: 'admin',
    send: async (c) => (await c.request('POST', '/api/v1/users', bad)).status,
  },
  {
    name: 'POST /memberships',
    allowed: 'admin',
    send: async (c) => (await c.request('POST', '/api/v1/memberships', bad)).status,
  },
  {
    name: 'POST /sites',
    allowed: 'admin',
    send: async (c) => (await c.request('POST', '/api/v1/sites', bad)).status,
  },
  {
    name: 'POST /institutions',
    allowed: 'admin',
    send: async (c) => (await c.request('POST', '/api/v1/institutions', bad)).status,
  },
  {
    name: 'POST /reminders/send',
    allowed: 'coordinator',
    send: async (c) => (await c.request('POST', '/api/v1/reminders/send', { planId: 12 })).status,
  },
  {
    name: 'POST /imports',
    allowed: 'coordinator',
    send: async (c) => (await c.request('POST', '/api/v1/imports', { text: 12 })).status,
  },
  {
    name: 'PUT /imports/:id/mapping',
    allowed: 'coordinator',
    send: async (c) =>
      (await c.request('PUT', `/api/v1/imports/${globalThis.crypto.randomUUID()}/mapping`, { mapping: 12 }))
        .status,
  },
];

describe.each(databaseKinds)('authorization before validation on %s', (kind) => {
  let server: TestServer;
  let plan: SeededPlan;
  const as: Record<string, ApiClient> = {};
  beforeAll(async () => {
    server = await startTestServer(kind);
    plan = await seedPermissionPlan(server.database);
    const users = await seedRoleUsers(server.database, plan.institutionId);
    for (const [role, email] of Object.entries(users)) {
      as[role] = new ApiClient(server.baseUrl);
      await as[role].login(email, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 403 or 404 to an invalid request from who may not make it, 400 to who may', async () => {
    const wrong: string[] = [];
    for (const call of calls) {
      const refused = call.readable ? ['outsider'] : ['reader', 'outsider'];
      for (const role of refused) {
        const status = await call.send(as[role]!, plan);
        if (status !== 403 && status !== 404) wrong.push(`${call.name} as ${role}: ${status}`);
      }
      const status = await call.send(as.coordinator!, plan);
      if (status !== 400) wrong.push(`${call.name} as coordinator: ${status} (expected 400)`);
    }
    expect(wrong).toEqual([]);
  });

  it('does the same where the role alone decides', async () => {
    const wrong: string[] = [];
    for (const call of accountCalls) {
      for (const role of [
        'reader',
        'contributor',
        'site_editor',
        ...(call.allowed === 'admin' ? ['coordinator'] : []),
      ]) {
        const status = await call.send(as[role]!);
        if (status !== 403 && status !== 404) wrong.push(`${call.name} as ${role}: ${status}`);
      }
      const status = await call.send(as[call.allowed]!);
      if (status !== 400) wrong.push(`${call.name} as ${call.allowed}: ${status} (expected 400)`);
    }
    expect(wrong).toEqual([]);
  });
});
