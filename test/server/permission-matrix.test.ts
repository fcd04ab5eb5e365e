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

type Who = 'admin' | 'coordinator' | 'site_editor' | 'contributor' | 'reader' | 'outsider' | 'anonymous';
const everyone: Who[] = [
  'admin',
  'coordinator',
  'site_editor',
  'contributor',
  'reader',
  'outsider',
  'anonymous',
];

/**
 * Which action the request targets: "own" is the LLN local action (the site editor's site, and
 * the contributor is its responsible), "other" the MONS local action, "common" the action shared
 * by all sites.
 */
type Target = 'own' | 'other' | 'common';
const targets: Target[] = ['own', 'other', 'common'];

/** Per role: allowed on every target, only on its own, or on none. */
type Reach = 'all' | 'own' | 'none';

interface ActionCase {
  endpoint: string;
  send: (c: ApiClient, plan: SeededPlan, actionId: string, site: string) => Promise<number>;
  reach: Record<Who, Reach>;
}

const coordinators = { admin: 'all', coordinator: 'all', outsider: 'none', anonymous: 'none' } as const;

const actionCases: ActionCase[] = [
  {
    endpoint: 'GET /actions/:id/history',
    send: async (c, _p, id) => (await c.get(`/api/v1/actions/${id}/history`)).status,
    reach: { ...coordinators, site_editor: 'all', contributor: 'all', reader: 'all' },
  },
  {
    endpoint: 'PATCH /actions/:id (text)',
    send: async (c, _p, id) =>
      (await c.request('PATCH', `/api/v1/actions/${id}`, { revision: 1, changes: { text: 'nouveau' } }))
        .status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'none', reader: 'none' },
  },
  {
    endpoint: 'PATCH /actions/:id (indicators)',
    send: async (c, _p, id) =>
      (await c.request('PATCH', `/api/v1/actions/${id}`, { revision: 1, changes: { indicators: ['Taux'] } }))
        .status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'own', reader: 'none' },
  },
  {
    endpoint: 'PATCH /actions/:id (move to another site)',
    send: async (c, _p, id) =>
      (await c.request('PATCH', `/api/v1/actions/${id}`, { revision: 1, changes: { sites: ['MONTIGNIES'] } }))
        .status,
    reach: { ...coordinators, site_editor: 'none', contributor: 'none', reader: 'none' },
  },
  {
    endpoint: 'POST /actions/:id/status',
    send: async (c, _p, id) =>
      (
        await c.request('POST', `/api/v1/actions/${id}/status`, {
          revision: 1,
          status: 'done',
          date: '2026-11-01',
        })
      ).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'own', reader: 'none' },
  },
  {
    endpoint: 'POST /actions/:id/comments',
    send: async (c, _p, id) =>
      (await c.request('POST', `/api/v1/actions/${id}/comments`, { text: 'avis' })).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'own', reader: 'none' },
  },
  {
    endpoint: 'DELETE /actions/:id',
    send: async (c, _p, id) => (await c.request('DELETE', `/api/v1/actions/${id}?revision=1`)).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'none', reader: 'none' },
  },
  {
    endpoint: 'POST /actions/:id/move',
    send: async (c, p, id) =>
      (
        await c.request('POST', `/api/v1/actions/${id}/move`, {
          objectiveId: p.objectiveId,
          position: 0,
          revision: 1,
        })
      ).status,
    reach: { ...coordinators, site_editor: 'none', contributor: 'none', reader: 'none' },
  },
  {
    endpoint: 'POST /objectives/:id/actions (for the target site)',
    send: async (c, p, _id, site) =>
      (
        await c.request('POST', `/api/v1/objectives/${p.objectiveId}/actions`, {
          action: { text: 'nouvelle', sites: site ? [site] : [] },
        })
      ).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'none', reader: 'none' },
  },
];

interface PlanCase {
  endpoint: string;
  send: (c: ApiClient, plan: SeededPlan) => Promise<number>;
  allowed: Who[];
}

const readers: Who[] = ['admin', 'coordinator', 'site_editor', 'contributor', 'reader'];
const planCases: PlanCase[] = [
  {
    endpoint: 'GET /plans/:id',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}`)).status,
    allowed: readers,
  },
  {
    endpoint: 'GET /plans/:id/dashboard',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/dashboard`)).status,
    allowed: readers,
  },
  {
    endpoint: 'GET /plans/:id/export',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/export?format=json`)).status,
    allowed: readers,
  },
  {
    endpoint: 'GET /plans/:id/audit',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/audit`)).status,
    allowed: ['admin', 'coordinator'],
  },
  {
    endpoint: 'PATCH /objectives/:id',
    send: async (c, p) =>
      (
        await c.request('PATCH', `/api/v1/objectives/${p.objectiveId}`, {
          revision: 1,
          changes: { guarantor: 'DD' },
        })
      ).status,
    allowed: ['admin', 'coordinator'],
  },
  {
    endpoint: 'PATCH /axes/:id',
    send: async (c, p) =>
      (await c.request('PATCH', `/api/v1/axes/${p.axisId}`, { revision: 1, changes: { title: 'Axe' } }))
        .status,
    allowed: ['admin', 'coordinator'],
  },
  {
    endpoint: 'GET /users',
    send: async (c) => (await c.get('/api/v1/users')).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'GET /memberships',
    send: async (c) => (await c.get('/api/v1/memberships')).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'GET /sites',
    send: async (c) => (await c.get('/api/v1/sites')).status,
    allowed: ['admin', 'coordinator', 'site_editor', 'contributor', 'reader'],
  },
  {
    endpoint: 'POST /users',
    send: async (c) =>
      (
        await c.request('POST', '/api/v1/users', {
          email: `u${globalThis.crypto.randomUUID()}@test.example`,
          name: 'Nouvel',
        })
      ).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /memberships',
    send: async (c, p) => {
      const me = await c.get('/api/v1/auth/me');
      const userId = me.body?.user?.id ?? 'nobody';
      return (
        await c.request('POST', '/api/v1/memberships', {
          userId,
          scope: 'plan',
          scopeId: p.planId,
          role: 'coordinator',
        })
      ).status;
    },
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /sites',
    send: async (c, p) =>
      (
        await c.request('POST', '/api/v1/sites', {
          institutionId: p.institutionId,
          code: `S${Math.random().toString(36).slice(2, 8)}`,
          name: 'Site',
        })
      ).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /imports/:id/confirm (someone else’s import)',
    send: async (c) =>
      (await c.request('POST', `/api/v1/imports/${globalThis.crypto.randomUUID()}/confirm`, {})).status,
    allowed: [],
  },
];

function isAllowed(status: number): boolean {
  return status >= 200 && status < 300;
}

describe.each(databaseKinds)('permission matrix on %s', (kind) => {
  let server: TestServer;
  const clients = new Map<Who, ApiClient>();
  let institutionId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    institutionId = (await seedPermissionPlan(server.database)).institutionId;
    const users = await seedRoleUsers(server.database, institutionId);
    for (const who of everyone) {
      const c = new ApiClient(server.baseUrl);
      if (who !== 'anonymous') expect((await c.login(users[who], TEST_PASSWORD)).status).toBe(200);
      clients.set(who, c);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  // Each case runs on a fresh copy of the plan so that one case's write cannot change another's answer.
  it('answers every action endpoint × role × own/other/common site as the policy table says', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const testCase of actionCases) {
      for (const who of everyone) {
        for (const target of targets) {
          const plan = await seedPermissionPlan(server.database);
          const actionId = plan.actions[target === 'own' ? 'lln' : target === 'other' ? 'mons' : 'common'];
          const site = target === 'own' ? 'LLN' : target === 'other' ? 'MONS' : '';
          const status = await testCase.send(clients.get(who)!, plan, actionId, site);
          const reach = testCase.reach[who];
          const allowed = reach === 'all' || (reach === 'own' && target === 'own');
          outcomes.push(
            `${testCase.endpoint} | ${who} | ${target} → ${isAllowed(status) ? 'allowed' : 'denied'} (${status})`,
          );
          expected.push(
            `${testCase.endpoint} | ${who} | ${target} → ${allowed ? 'allowed' : 'denied'} (${status})`,
          );
          if (!isAllowed(status)) expect([400, 401, 403, 404]).toContain(status);
          if (who === 'anonymous') expect(status).toBe(401);
        }
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('answers every plan and account endpoint × role as the policy tables say', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const testCase of planCases) {
      for (const who of everyone) {
        const plan = await seedPermissionPlan(server.database);
        const status = await testCase.send(clients.get(who)!, plan);
        outcomes.push(
          `${testCase.endpoint} | ${who} → ${isAllowed(status) ? 'allowed' : 'denied'} (${status})`,
        );
        expected.push(
          `${testCase.endpoint} | ${who} → ${testCase.allowed.includes(who) ? 'allowed' : 'denied'} (${status})`,
        );
        if (who === 'anonymous') expect(status).toBe(401);
        // Someone without any role on a plan is told it does not exist, not that it is forbidden.
        if (who === 'outsider' && testCase.endpoint.includes(':id') && !testCase.endpoint.includes('imports'))
          expect(status).toBe(404);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
