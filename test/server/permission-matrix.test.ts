import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/api/auth.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { findPlanRevision } from '../../src/db/repositories/plans.ts';
import { createUser } from '../../src/server/commands/create-user.ts';
import { freezeVersion } from '../../src/server/commands/freeze-version.ts';
import { registerEtag } from '../../src/server/commands/set-recommendations.ts';
import { databaseKinds } from '../db/test-database.ts';
import { SseClient } from '../support/sse-client.ts';
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

/** What a case may use to set up its target: the database, and an admin to create objects through the API. */
interface Env {
  database: DatabaseHandle;
  admin: ApiClient;
  baseUrl: string;
}

interface ActionCase {
  endpoint: string;
  send: (c: ApiClient, plan: SeededPlan, actionId: string, site: string, env: Env) => Promise<number>;
  reach: Record<Who, Reach>;
}

/** Evidence on an action, attached by an admin: a link, or a small text file. */
async function attachEvidenceAs(env: Env, actionId: string, kind: 'link' | 'file'): Promise<string> {
  if (kind === 'link') {
    const res = await env.admin.request('POST', `/api/v1/actions/${actionId}/evidence`, {
      title: 'Procès-verbal',
      url: 'https://example.org/pv',
    });
    return res.body.evidence.id;
  }
  const form = new FormData();
  form.append('title', 'Compte rendu');
  form.append('file', new Blob(['compte rendu']), 'compte-rendu.txt');
  const res = await fetch(`${env.baseUrl}/api/v1/actions/${actionId}/evidence`, {
    method: 'POST',
    headers: { cookie: env.admin.cookie!, 'x-csrf-token': env.admin.csrfToken! },
    body: form,
  });
  return (await res.json()).evidence.id;
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
  {
    endpoint: 'POST /axes/:id/actions (for the target site)',
    send: async (c, p, _id, site) =>
      (
        await c.request('POST', `/api/v1/axes/${p.axisId}/actions`, {
          action: { text: 'nouvelle', sites: site ? [site] : [] },
        })
      ).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'none', reader: 'none' },
  },
  {
    endpoint: 'POST /actions/:id/measurements',
    send: async (c, _p, id) =>
      (
        await c.request('POST', `/api/v1/actions/${id}/measurements`, {
          indicator: 'Taux de participation',
          date: '2026-10-01',
          value: 62,
        })
      ).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'own', reader: 'none' },
  },
  {
    endpoint: 'GET /actions/:id/evidence',
    send: async (c, _p, id) => (await c.get(`/api/v1/actions/${id}/evidence`)).status,
    reach: { ...coordinators, site_editor: 'all', contributor: 'all', reader: 'all' },
  },
  {
    endpoint: 'POST /actions/:id/evidence (a link)',
    send: async (c, _p, id) =>
      (
        await c.request('POST', `/api/v1/actions/${id}/evidence`, {
          title: 'Procès-verbal',
          url: 'https://example.org/pv',
        })
      ).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'own', reader: 'none' },
  },
  {
    endpoint: 'DELETE /evidence/:id',
    send: async (c, _p, id, _site, env) =>
      (await c.request('DELETE', `/api/v1/evidence/${await attachEvidenceAs(env, id, 'link')}`)).status,
    reach: { ...coordinators, site_editor: 'own', contributor: 'own', reader: 'none' },
  },
  {
    endpoint: 'GET /evidence/:id/download',
    send: async (c, _p, id, _site, env) =>
      (await c.get(`/api/v1/evidence/${await attachEvidenceAs(env, id, 'file')}/download`)).status,
    reach: { ...coordinators, site_editor: 'all', contributor: 'all', reader: 'all' },
  },
];

interface PlanCase {
  endpoint: string;
  send: (c: ApiClient, plan: SeededPlan, env: Env) => Promise<number>;
  allowed: Who[];
}

const planRevision = async (env: Env, planId: string) => (await findPlanRevision(env.database.db, planId))!;

/** A sub-dimension added to the plan's axis by an admin. */
async function addSubdimension(env: Env, plan: SeededPlan): Promise<string> {
  const res = await env.admin.request('POST', `/api/v1/axes/${plan.axisId}/subdimensions`, {
    subdimension: { title: 'Sous-dimension' },
  });
  return res.body.subdimension.id;
}

/** A frozen version of the plan. */
async function freeze(env: Env, plan: SeededPlan): Promise<string> {
  return (await freezeVersion(env.database.db, null, plan.planId, { label: 'Plan 2026' })).id;
}

/** A recommendation in the plan's register, put there by an admin: what a suggested link names. */
async function oneRecommendation(env: Env, plan: SeededPlan): Promise<string> {
  const register = await env.admin.get(`/api/v1/plans/${plan.planId}/recommendations`);
  if (register.body.recommendations.length > 0) return register.body.recommendations[0].id;
  const replaced = await env.admin.request('PUT', `/api/v1/plans/${plan.planId}/recommendations`, {
    etag: register.body.etag,
    text: 'Recommandation 1 : rédiger une charte de stage commune',
  });
  return replaced.body.recommendations[0].id;
}

/** A throwaway account with a role on the plan, made by an admin: a target to revoke or delete. */
async function throwawayMembership(env: Env, plan: SeededPlan) {
  const user = await env.admin.request('POST', '/api/v1/users', {
    email: `t${globalThis.crypto.randomUUID()}@test.example`,
    name: 'Jetable',
  });
  const granted = await env.admin.request('POST', '/api/v1/memberships', {
    userId: user.body.user.id,
    scope: 'plan',
    scopeId: plan.planId,
    role: 'reader',
  });
  return { userId: user.body.user.id as string, membershipId: granted.body.membership.id as string };
}

const TSV = 'Description des actions\tResponsable(s)\nRevoir les fiches UE\tCoordination\n';

const readers: Who[] = ['admin', 'coordinator', 'site_editor', 'contributor', 'reader'];
const editors: Who[] = ['admin', 'coordinator'];
const signedIn: Who[] = [...readers, 'outsider'];
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
    endpoint: 'GET /plans/:id/status-changes',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/status-changes`)).status,
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
    endpoint: 'PUT /imports/:id/mapping (someone else’s import)',
    send: async (c) =>
      (
        await c.request('PUT', `/api/v1/imports/${globalThis.crypto.randomUUID()}/mapping`, {
          mapping: { Actions: 'text' },
        })
      ).status,
    allowed: [],
  },
  {
    endpoint: 'POST /imports/:id/confirm (someone else’s import)',
    send: async (c) =>
      (await c.request('POST', `/api/v1/imports/${globalThis.crypto.randomUUID()}/confirm`, {})).status,
    allowed: [],
  },
  // The plan itself and its structure: its "edit" and "delete" rows; its history and changes: "read".
  {
    endpoint: 'GET /plans',
    send: async (c) => (await c.get('/api/v1/plans')).status,
    allowed: signedIn,
  },
  {
    endpoint: 'GET /search',
    send: async (c) => (await c.get('/api/v1/search?q=tutorat')).status,
    allowed: signedIn,
  },
  {
    endpoint: 'PATCH /plans/:id',
    send: async (c, p, env) =>
      (
        await c.request('PATCH', `/api/v1/plans/${p.planId}`, {
          revision: await planRevision(env, p.planId),
          changes: { statusLegend: 'R : réalisé' },
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'DELETE /plans/:id',
    send: async (c, p, env) =>
      (await c.request('DELETE', `/api/v1/plans/${p.planId}?revision=${await planRevision(env, p.planId)}`))
        .status,
    allowed: editors,
  },
  {
    endpoint: 'GET /plans/:id/changes',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/changes`)).status,
    allowed: readers,
  },
  {
    endpoint: 'GET /plans/:id/events (live stream)',
    send: async (c, p) => {
      const stream = await SseClient.open(
        `${c.baseUrl}/api/v1/plans/${p.planId}/events`,
        c.cookie ? { cookie: c.cookie } : {},
      );
      await stream.close();
      return stream.status;
    },
    allowed: readers,
  },
  {
    endpoint: 'POST /plans/:id/presence',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/presence`, { objectId: p.actions.lln })).status,
    // Whoever may change something in the plan: everyone with a role but readers.
    allowed: ['admin', 'coordinator', 'site_editor', 'contributor'],
  },
  {
    endpoint: 'POST /plans/:id/axes',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/axes`, { axis: { title: 'Axe 2' } })).status,
    allowed: editors,
  },
  {
    endpoint: 'DELETE /axes/:id',
    send: async (c, p) => (await c.request('DELETE', `/api/v1/axes/${p.axisId}?revision=1`)).status,
    allowed: editors,
  },
  {
    endpoint: 'GET /axes/:id/history',
    send: async (c, p) => (await c.get(`/api/v1/axes/${p.axisId}/history`)).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /axes/:id/subdimensions',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/axes/${p.axisId}/subdimensions`, { subdimension: { title: 'S' } }))
        .status,
    allowed: editors,
  },
  {
    endpoint: 'PATCH /subdimensions/:id',
    send: async (c, p, env) =>
      (
        await c.request('PATCH', `/api/v1/subdimensions/${await addSubdimension(env, p)}`, {
          revision: 1,
          changes: { number: '1.1' },
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'DELETE /subdimensions/:id',
    send: async (c, p, env) =>
      (await c.request('DELETE', `/api/v1/subdimensions/${await addSubdimension(env, p)}?revision=1`)).status,
    allowed: editors,
  },
  {
    endpoint: 'GET /subdimensions/:id/history',
    send: async (c, p, env) =>
      (await c.get(`/api/v1/subdimensions/${await addSubdimension(env, p)}/history`)).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /subdimensions/:id/objectives',
    send: async (c, p, env) =>
      (
        await c.request('POST', `/api/v1/subdimensions/${await addSubdimension(env, p)}/objectives`, {
          objective: { title: 'O' },
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'POST /axes/:id/objectives',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/axes/${p.axisId}/objectives`, { objective: { title: 'O' } })).status,
    allowed: editors,
  },
  {
    endpoint: 'POST /objectives/:id/objectives',
    send: async (c, p) =>
      (
        await c.request('POST', `/api/v1/objectives/${p.objectiveId}/objectives`, {
          objective: { title: 'O' },
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'DELETE /objectives/:id',
    send: async (c, p) =>
      (await c.request('DELETE', `/api/v1/objectives/${p.objectiveId}?revision=1`)).status,
    allowed: editors,
  },
  {
    endpoint: 'GET /objectives/:id/history',
    send: async (c, p) => (await c.get(`/api/v1/objectives/${p.objectiveId}/history`)).status,
    allowed: readers,
  },
  // Versions: freezing and publishing are edits of the plan; reading them is reading it.
  {
    endpoint: 'GET /plans/:id/versions',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/versions`)).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /plans/:id/versions',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/versions`, { label: 'Plan 2026' })).status,
    allowed: editors,
  },
  {
    endpoint: 'GET /plans/:id/versions/:versionId',
    send: async (c, p, env) =>
      (await c.get(`/api/v1/plans/${p.planId}/versions/${await freeze(env, p)}`)).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /plans/:id/versions/:versionId/publication',
    send: async (c, p, env) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/versions/${await freeze(env, p)}/publication`))
        .status,
    allowed: editors,
  },
  {
    endpoint: 'DELETE /plans/:id/versions/:versionId/publication',
    send: async (c, p, env) => {
      const versionId = await freeze(env, p);
      await env.admin.request('POST', `/api/v1/plans/${p.planId}/versions/${versionId}/publication`);
      return (await c.request('DELETE', `/api/v1/plans/${p.planId}/versions/${versionId}/publication`))
        .status;
    },
    allowed: editors,
  },
  {
    endpoint: 'GET /plans/:id/diff',
    send: async (c, p, env) =>
      (await c.get(`/api/v1/plans/${p.planId}/diff?from=${await freeze(env, p)}`)).status,
    allowed: readers,
  },
  {
    endpoint: 'GET /plans/:id/progress',
    send: async (c, p, env) =>
      (await c.get(`/api/v1/plans/${p.planId}/progress?since=${await freeze(env, p)}&format=json`)).status,
    allowed: readers,
  },
  // The recommendations register and the responsibles' addresses.
  {
    endpoint: 'GET /plans/:id/recommendations',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/recommendations`)).status,
    allowed: readers,
  },
  {
    endpoint: 'PUT /plans/:id/recommendations',
    send: async (c, p) =>
      (
        await c.request('PUT', `/api/v1/plans/${p.planId}/recommendations`, {
          etag: registerEtag([]),
          text: 'Recommandation 1 : revoir les fiches UE',
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'PATCH /plans/:id/recommendations/:recommendationId',
    send: async (c, p, env) => {
      const register = await env.admin.request('PUT', `/api/v1/plans/${p.planId}/recommendations`, {
        etag: registerEtag([]),
        text: 'Recommandation 1 : revoir les fiches UE',
      });
      const id = register.body.recommendations[0].id;
      return (
        await c.request('PATCH', `/api/v1/plans/${p.planId}/recommendations/${id}`, {
          justification: 'Hors de notre ressort',
          before: null,
        })
      ).status;
    },
    allowed: editors,
  },
  // Suggested links: for those who may edit the plan's links, readers refused (issue 13).
  {
    endpoint: 'GET /plans/:id/link-suggestions',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/link-suggestions`)).status,
    allowed: editors,
  },
  {
    endpoint: 'POST /plans/:id/link-suggestions/accept',
    send: async (c, p, env) =>
      (
        await c.request('POST', `/api/v1/plans/${p.planId}/link-suggestions/accept`, {
          recommendationId: await oneRecommendation(env, p),
          targetKind: 'action',
          targetId: p.actions.common,
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'POST /plans/:id/link-suggestions/reject',
    send: async (c, p, env) =>
      (
        await c.request('POST', `/api/v1/plans/${p.planId}/link-suggestions/reject`, {
          recommendationId: await oneRecommendation(env, p),
          targetKind: 'action',
          targetId: p.actions.common,
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'DELETE /plans/:id/link-suggestions/rejections',
    send: async (c, p, env) => {
      const pair = {
        recommendationId: await oneRecommendation(env, p),
        targetKind: 'action',
        targetId: p.actions.common,
      };
      await env.admin.request('POST', `/api/v1/plans/${p.planId}/link-suggestions/reject`, pair);
      const query = new URLSearchParams(pair).toString();
      return (await c.request('DELETE', `/api/v1/plans/${p.planId}/link-suggestions/rejections?${query}`))
        .status;
    },
    allowed: editors,
  },
  {
    endpoint: 'GET /plans/:id/contacts',
    send: async (c, p) => (await c.get(`/api/v1/plans/${p.planId}/contacts`)).status,
    allowed: editors,
  },
  {
    endpoint: 'PUT /plans/:id/contacts',
    send: async (c, p) =>
      (
        await c.request('PUT', `/api/v1/plans/${p.planId}/contacts`, {
          contacts: [{ responsible: 'Anne Contributrice', email: 'anne@test.example' }],
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'POST /calendar-feeds (of a plan)',
    send: async (c, p) => (await c.request('POST', '/api/v1/calendar-feeds', { planId: p.planId })).status,
    allowed: readers,
  },
  // Imports: coordinators and admins (a coordinator anywhere may import, and owns what they import).
  {
    endpoint: 'POST /imports',
    send: async (c) => (await c.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' })).status,
    allowed: editors,
  },
  {
    endpoint: 'GET /imports/queue',
    send: async (c) => (await c.get('/api/v1/imports/queue')).status,
    allowed: editors,
  },
  {
    endpoint: 'PUT /imports/:id/mapping (one’s own import)',
    send: async (c) => {
      const preview = await c.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' });
      const importId = preview.body?.importId ?? globalThis.crypto.randomUUID();
      return (await c.request('PUT', `/api/v1/imports/${importId}/mapping`, { mapping: { Actions: 'text' } }))
        .status;
    },
    allowed: editors,
  },
  {
    endpoint: 'POST /imports/:id/confirm (one’s own import)',
    send: async (c) => {
      const preview = await c.request('POST', '/api/v1/imports', { text: TSV, format: 'tsv' });
      const importId = preview.body?.importId ?? globalThis.crypto.randomUUID();
      return (await c.request('POST', `/api/v1/imports/${importId}/confirm`, {})).status;
    },
    allowed: editors,
  },
  // Accounts and organisation: admins, but for one's own tokens and the lists of the organisation.
  {
    endpoint: 'GET /auth/tokens',
    send: async (c) => (await c.get('/api/v1/auth/tokens')).status,
    allowed: signedIn,
  },
  {
    endpoint: 'POST /auth/tokens',
    send: async (c) => (await c.request('POST', '/api/v1/auth/tokens', { name: 'script' })).status,
    allowed: signedIn,
  },
  {
    endpoint: 'GET /institutions',
    send: async (c) => (await c.get('/api/v1/institutions')).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /institutions',
    send: async (c) =>
      (
        await c.request('POST', '/api/v1/institutions', {
          name: `Institution ${globalThis.crypto.randomUUID()}`,
        })
      ).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'GET /programmes',
    send: async (c) => (await c.get('/api/v1/programmes')).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /programmes',
    send: async (c, p) =>
      (
        await c.request('POST', '/api/v1/programmes', {
          institutionId: p.institutionId,
          name: `Programme ${globalThis.crypto.randomUUID()}`,
        })
      ).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'DELETE /memberships/:id',
    send: async (c, p, env) =>
      (await c.request('DELETE', `/api/v1/memberships/${(await throwawayMembership(env, p)).membershipId}`))
        .status,
    allowed: ['admin'],
  },
  {
    endpoint: 'DELETE /users/:id',
    send: async (c, p, env) =>
      (await c.request('DELETE', `/api/v1/users/${(await throwawayMembership(env, p)).userId}`)).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'GET /sign-in-rules',
    send: async (c) => (await c.get('/api/v1/sign-in-rules')).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /sign-in-rules',
    send: async (c, p) =>
      (
        await c.request('POST', '/api/v1/sign-in-rules', {
          matchKind: 'email_domain',
          matchValue: 'campus.example',
          role: 'reader',
          scope: 'plan',
          scopeId: p.planId,
        })
      ).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'DELETE /sign-in-rules/:id',
    send: async (c, p, env) => {
      const rule = await env.admin.request('POST', '/api/v1/sign-in-rules', {
        matchKind: 'group',
        matchValue: 'jetable',
        role: 'reader',
        scope: 'plan',
        scopeId: p.planId,
      });
      return (await c.request('DELETE', `/api/v1/sign-in-rules/${rule.body.rule.id}`)).status;
    },
    allowed: ['admin'],
  },
  {
    endpoint: 'PUT /auth/options/password',
    send: async (c) =>
      (await c.request('PUT', '/api/v1/auth/options/password', { passwordSignIn: true })).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /users/:id/suspend',
    send: async (c, p, env) =>
      (await c.request('POST', `/api/v1/users/${(await throwawayMembership(env, p)).userId}/suspend`)).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /users/:id/reactivate',
    send: async (c, p, env) => {
      const { userId } = await throwawayMembership(env, p);
      expect((await env.admin.request('POST', `/api/v1/users/${userId}/suspend`)).status).toBe(200);
      return (await c.request('POST', `/api/v1/users/${userId}/reactivate`)).status;
    },
    allowed: ['admin'],
  },
  // Templates (issue 14): every role over the institution reads them, its coordinators write them.
  {
    endpoint: 'GET /institutions/:id/templates',
    send: async (c, p) => (await c.get(`/api/v1/institutions/${p.institutionId}/templates`)).status,
    allowed: readers,
  },
  {
    endpoint: 'POST /institutions/:id/templates (copy of a built-in)',
    send: async (c, p) =>
      (
        await c.request('POST', `/api/v1/institutions/${p.institutionId}/templates`, {
          duplicateOf: 'english-qep',
          id: `qep-${globalThis.crypto.randomUUID().slice(0, 8)}`,
        })
      ).status,
    allowed: editors,
  },
  {
    endpoint: 'PUT /institutions/:id/templates/:id',
    send: async (c, p, env) => {
      const { path, template } = await templateOf(env, p);
      return (await c.request('PUT', path, { revision: 1, template })).status;
    },
    allowed: editors,
  },
  {
    endpoint: 'DELETE /institutions/:id/templates/:id',
    send: async (c, p, env) => (await c.request('DELETE', (await templateOf(env, p)).path)).status,
    allowed: editors,
  },
  {
    endpoint: 'POST /plans/:id/template/preview',
    send: async (c, p) =>
      (await c.request('POST', `/api/v1/plans/${p.planId}/template/preview`, { templateId: 'english-qep' }))
        .status,
    allowed: readers,
  },
  {
    endpoint: 'PUT /plans/:id/template',
    send: async (c, p, env) =>
      (
        await c.request('PUT', `/api/v1/plans/${p.planId}/template`, {
          templateId: 'english-qep',
          revision: await planRevision(env, p.planId),
        })
      ).status,
    allowed: editors,
  },
  // Clusters (issue 13): the institution's roles give none over a cluster an admin made, even one
  // holding their plan; the analyst's role over a cluster is in clusters-api.test.ts.
  {
    endpoint: 'POST /clusters',
    send: async (c) =>
      (await c.request('POST', '/api/v1/clusters', { name: `Groupe ${globalThis.crypto.randomUUID()}` }))
        .status,
    allowed: editors,
  },
  {
    endpoint: 'GET /clusters/:id (holding the plan)',
    send: async (c, p, env) => (await c.get(`/api/v1/clusters/${await clusterOf(env, p)}`)).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'GET /clusters/:id/analysis (holding the plan)',
    send: async (c, p, env) => (await c.get(`/api/v1/clusters/${await clusterOf(env, p)}/analysis`)).status,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /clusters/:id/plans',
    send: async (c, p, env) => {
      const clusterId = await clusterOf(env, p);
      return (await c.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds: [p.planId] })).status;
    },
    allowed: ['admin'],
  },
];

/** A template of the plan's institution, made by an admin as a copy of a built-in one. */
async function templateOf(env: Env, plan: SeededPlan) {
  const created = await env.admin.request('POST', `/api/v1/institutions/${plan.institutionId}/templates`, {
    duplicateOf: 'three-campus',
    id: `maison-${globalThis.crypto.randomUUID().slice(0, 8)}`,
  });
  const template = created.body.template.template as { id: string };
  return { path: `/api/v1/institutions/${plan.institutionId}/templates/${template.id}`, template };
}

/** A cluster made by an admin, holding the plan. */
async function clusterOf(env: Env, plan: SeededPlan): Promise<string> {
  const created = await env.admin.request('POST', '/api/v1/clusters', {
    name: `Groupe ${globalThis.crypto.randomUUID()}`,
  });
  const id = created.body.cluster.id as string;
  await env.admin.request('POST', `/api/v1/clusters/${id}/plans`, { planIds: [plan.planId] });
  return id;
}

function isAllowed(status: number): boolean {
  return status >= 200 && status < 300;
}

describe.each(databaseKinds)('permission matrix on %s', (kind) => {
  let server: TestServer;
  const clients = new Map<Who, ApiClient>();
  let institutionId: string;
  let env: Env;

  beforeAll(async () => {
    server = await startTestServer(kind);
    institutionId = (await seedPermissionPlan(server.database)).institutionId;
    const users = await seedRoleUsers(server.database, institutionId);
    for (const who of everyone) {
      const c = new ApiClient(server.baseUrl);
      if (who !== 'anonymous') expect((await c.login(users[who], TEST_PASSWORD)).status).toBe(200);
      clients.set(who, c);
    }
    env = { database: server.database, admin: clients.get('admin')!, baseUrl: server.baseUrl };
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
          const status = await testCase.send(clients.get(who)!, plan, actionId, site, env);
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
    // Reads share one plan (what they set up, versions or evidence, changes no other read's answer).
    const readPlan = await seedPermissionPlan(server.database);
    for (const testCase of planCases) {
      for (const who of everyone) {
        const plan = testCase.endpoint.startsWith('GET ')
          ? readPlan
          : await seedPermissionPlan(server.database);
        const status = await testCase.send(clients.get(who)!, plan, env);
        outcomes.push(
          `${testCase.endpoint} | ${who} → ${isAllowed(status) ? 'allowed' : 'denied'} (${status})`,
        );
        expected.push(
          `${testCase.endpoint} | ${who} → ${testCase.allowed.includes(who) ? 'allowed' : 'denied'} (${status})`,
        );
        if (who === 'anonymous') expect(status).toBe(401);
        // A refusal says who may not, never that the (valid) request was malformed.
        if (!isAllowed(status)) expect([401, 403, 404]).toContain(status);
        // Someone without any role on a plan is told it does not exist, not that it is forbidden.
        if (
          who === 'outsider' &&
          testCase.endpoint.includes(':id') &&
          !/imports|memberships|users|evidence|sign-in-rules/.test(testCase.endpoint)
        )
          expect(status).toBe(404);
      }
    }
    expect(outcomes).toEqual(expected);
  });
  /**
   * Roles given over a programme or a single plan reach it as an institution's do; when several
   * reach one plan the strongest applies, and a site editor's sites add up.
   */
  it('applies roles given at programme and plan scope, the strongest one when a user holds two', async () => {
    const target = await seedPermissionPlan(server.database);
    const sibling = await seedPermissionPlan(server.database, { title: 'Plan frère, même programme' });
    const elsewhere = await seedPermissionPlan(server.database, { programme: 'Master en gestion' });
    expect(sibling.programmeId).toBe(target.programmeId);
    expect(elsewhere.programmeId).not.toBe(target.programmeId);
    expect(elsewhere.institutionId).toBe(target.institutionId);

    const roles: Record<
      string,
      Array<{ scope: 'institution' | 'programme' | 'plan'; role: Role; sites?: string[] }>
    > = {
      programmeCoordinator: [{ scope: 'programme', role: 'coordinator' }],
      planSiteEditor: [{ scope: 'plan', role: 'site_editor', sites: ['LLN'] }],
      planReader: [{ scope: 'plan', role: 'reader' }],
      readerAndPlanCoordinator: [
        { scope: 'institution', role: 'reader' },
        { scope: 'plan', role: 'coordinator' },
      ],
      twoSites: [
        { scope: 'programme', role: 'site_editor', sites: ['LLN'] },
        { scope: 'plan', role: 'site_editor', sites: ['MONS'] },
      ],
      readerAndPlanContributor: [
        { scope: 'institution', role: 'reader' },
        { scope: 'plan', role: 'contributor' },
      ],
    };
    const scopeId = { institution: target.institutionId, programme: target.programmeId, plan: target.planId };
    const as = new Map<string, ApiClient>();
    for (const [name, list] of Object.entries(roles)) {
      const email = `${name.toLowerCase()}@test.example`;
      const { user } = await createUser(server.database.db, {
        actor: null,
        email,
        // The contributor must be named responsible of the LLN action to act on it.
        name: name === 'readerAndPlanContributor' ? 'Anne Contributrice' : name,
        password: TEST_PASSWORD,
      });
      for (const m of list) {
        const granted = await env.admin.request('POST', '/api/v1/memberships', {
          userId: user.id,
          scope: m.scope,
          scopeId: scopeId[m.scope],
          role: m.role,
          sites: m.sites ?? [],
        });
        expect(granted.status).toBe(201);
      }
      const c = new ApiClient(server.baseUrl);
      expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
      as.set(name, c);
    }
    const patchAction = (id: string, changes: object) =>
      ['PATCH', `/api/v1/actions/${id}`, { revision: 1, changes }] as const;
    const patchObjective = (p: SeededPlan) =>
      [
        'PATCH',
        `/api/v1/objectives/${p.objectiveId}`,
        { revision: 1, changes: { guarantor: 'DD' } },
      ] as const;
    const cases: Array<[string, readonly [string, string, object?], number]> = [
      ['programmeCoordinator', ['GET', `/api/v1/plans/${target.planId}`], 200],
      ['programmeCoordinator', patchObjective(sibling), 200],
      ['programmeCoordinator', ['GET', `/api/v1/plans/${elsewhere.planId}`], 404],
      ['planSiteEditor', patchAction(target.actions.lln, { text: 'LLN : tutorat' }), 200],
      ['planSiteEditor', patchObjective(target), 403],
      ['planSiteEditor', ['GET', `/api/v1/plans/${sibling.planId}`], 404],
      ['planReader', ['GET', `/api/v1/plans/${target.planId}/changes`], 200],
      ['planReader', ['POST', `/api/v1/actions/${target.actions.common}/comments`, { text: 'avis' }], 403],
      ['planReader', ['GET', `/api/v1/plans/${sibling.planId}`], 404],
      // Reader over the institution, coordinator of one plan: coordinator there, reader elsewhere.
      ['readerAndPlanCoordinator', patchObjective(target), 200],
      [
        'readerAndPlanCoordinator',
        ['PATCH', `/api/v1/axes/${sibling.axisId}`, { revision: 1, changes: { title: 'A' } }],
        403,
      ],
      ['readerAndPlanCoordinator', ['GET', `/api/v1/plans/${elsewhere.planId}`], 200],
      // LLN over the programme and MONS over the plan: both on the plan, LLN only on its sibling.
      ['twoSites', patchAction(target.actions.mons, { text: 'MONS : ateliers' }), 200],
      ['twoSites', patchAction(sibling.actions.lln, { text: 'LLN : tutorat' }), 200],
      ['twoSites', patchAction(sibling.actions.mons, { text: 'MONS : ateliers' }), 403],
      [
        'twoSites',
        [
          'POST',
          `/api/v1/actions/${target.actions.common}/status`,
          { revision: 1, status: 'done', date: '2026-11-01' },
        ],
        403,
      ],
      // Contributor of the plan beats reader of the institution on the action naming them.
      [
        'readerAndPlanContributor',
        [
          'POST',
          `/api/v1/actions/${target.actions.lln}/status`,
          { revision: 2, status: 'done', date: '2026-11-01' },
        ],
        200,
      ],
      [
        'readerAndPlanContributor',
        [
          'POST',
          `/api/v1/actions/${sibling.actions.lln}/status`,
          { revision: 2, status: 'done', date: '2026-11-01' },
        ],
        403,
      ],
    ];
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [who, [method, path, body], status] of cases) {
      const res = await as.get(who)!.request(method, path, body);
      outcomes.push(`${who} ${method} ${path} → ${res.status}`);
      expected.push(`${who} ${method} ${path} → ${status}`);
    }
    expect(outcomes).toEqual(expected);
    const permissions = (await as.get('readerAndPlanCoordinator')!.get(`/api/v1/plans/${target.planId}`)).body
      .permissions;
    expect(permissions).toEqual({ canEditPlan: true, editableSites: 'all', canComment: true });
    expect(
      (await as.get('twoSites')!.get(`/api/v1/plans/${target.planId}`)).body.permissions.editableSites.sort(),
    ).toEqual(['LLN', 'MONS']);
    const listed = (await as.get('programmeCoordinator')!.get('/api/v1/plans')).body.plans.map(
      (p: { id: string }) => p.id,
    );
    expect(listed).toEqual(expect.arrayContaining([target.planId, sibling.planId]));
    expect(listed).not.toContain(elsewhere.planId);
    // Search reaches the plans a role reaches, and no other.
    const found = (await as.get('planReader')!.get('/api/v1/search?q=tutorat')).body.results;
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((r: { planId: string }) => r.planId))).toEqual(new Set([target.planId]));
  });
});
