import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/api/auth.ts';
import { createUser } from '../../src/server/commands/create-user.ts';
import { databaseKinds } from '../db/test-database.ts';
import {
  ApiClient,
  seedPermissionPlan,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

/** Two institutions on one instance: each user lists what their roles reach, and nothing of the other. */
describe.each(databaseKinds)(
  'institution, programme and site listings across two institutions on %s',
  (kind) => {
    let server: TestServer;
    let a: SeededPlan;
    let b: SeededPlan;
    const clients: Record<string, ApiClient> = {};
    const names = (list: Array<{ name: string }>) => list.map((x) => x.name).sort();

    beforeAll(async () => {
      server = await startTestServer(kind);
      a = await seedPermissionPlan(server.database, {
        institution: 'Haute École A',
        programme: 'Bachelier A',
      });
      b = await seedPermissionPlan(server.database, {
        institution: 'Haute École B',
        programme: 'Bachelier B',
        sites: [{ code: 'NAMUR', name: 'Namur' }],
      });
      const make = async (
        key: string,
        role: Role | null,
        scope?: { kind: 'institution' | 'programme' | 'plan'; id: string },
      ) => {
        const email = `${key}@test.example`;
        await createUser(server.database.db, {
          actor: null,
          email,
          name: key,
          role: role ?? undefined,
          password: TEST_PASSWORD,
          scope: role && role !== 'admin' && scope ? { ...scope, sites: [] } : undefined,
        });
        const client = new ApiClient(server.baseUrl);
        await client.login(email, TEST_PASSWORD);
        clients[key] = client;
      };
      await make('admin', 'admin');
      await make('coordA', 'coordinator', { kind: 'institution', id: a.institutionId });
      await make('contributorA', 'contributor', { kind: 'programme', id: a.programmeId });
      await make('readerB', 'reader', { kind: 'plan', id: b.planId });
      await make('nobody', null);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('an admin of the instance lists both institutions, their programmes and sites', async () => {
      const c = clients.admin!;
      expect(names((await c.get('/api/v1/institutions')).body.institutions)).toEqual([
        'Haute École A',
        'Haute École B',
      ]);
      expect(names((await c.get('/api/v1/programmes')).body.programmes)).toEqual([
        'Bachelier A',
        'Bachelier B',
      ]);
      expect((await c.get('/api/v1/sites')).body.sites.map((s: { code: string }) => s.code).sort()).toEqual([
        'LLN',
        'MONS',
        'MONTIGNIES',
        'NAMUR',
      ]);
    });

    it('each other role lists what it reaches only, and an institution outside it is not found', async () => {
      for (const [key, institution, programme, sites] of [
        ['coordA', 'Haute École A', 'Bachelier A', ['LLN', 'MONS', 'MONTIGNIES']],
        ['contributorA', 'Haute École A', 'Bachelier A', ['LLN', 'MONS', 'MONTIGNIES']],
        ['readerB', 'Haute École B', 'Bachelier B', ['NAMUR']],
      ] as const) {
        const c = clients[key]!;
        expect(names((await c.get('/api/v1/institutions')).body.institutions), key).toEqual([institution]);
        expect(names((await c.get('/api/v1/programmes')).body.programmes), key).toEqual([programme]);
        expect(
          (await c.get('/api/v1/sites')).body.sites.map((s: { code: string }) => s.code).sort(),
          key,
        ).toEqual([...sites]);
        const other = key === 'readerB' ? a.institutionId : b.institutionId;
        expect((await c.get(`/api/v1/sites?institutionId=${other}`)).status, key).toBe(404);
        const own = key === 'readerB' ? b.institutionId : a.institutionId;
        expect((await c.get(`/api/v1/sites?institutionId=${own}`)).status, key).toBe(200);
      }
    });

    it('someone with no role lists nothing', async () => {
      const c = clients.nobody!;
      for (const path of ['/api/v1/institutions', '/api/v1/programmes', '/api/v1/sites'])
        expect((await c.get(path)).status, path).toBe(403);
    });
  },
);
