import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/core/api/auth.ts';
import { planSchema, type Plan, type PlanInput } from '../../src/core/plan-schema.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/db/connection.ts';
import { buildApp, type BuildAppOptions } from '../../src/server/app.ts';
import { createUser } from '../../src/server/commands/create-user.ts';
import { storeNewPlan } from '../../src/server/commands/store-plan.ts';
import { openTestDatabase } from '../db/test-database.ts';

export interface TestServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  baseUrl: string;
  close(): Promise<void>;
}

/** A real server on a random port over a fresh database of the given kind. */
export async function startTestServer(
  kind: DatabaseKind,
  options: Pick<BuildAppOptions, 'smtp' | 'appUrl' | 'evidenceMaxBytes' | 'signIn' | 'metricsToken'> & {
    loginPerMinute?: number;
    poolSize?: number;
  } = {},
): Promise<TestServer> {
  const { loginPerMinute, poolSize, ...appOptions } = options;
  const database = await openTestDatabase(kind, { poolSize });
  const app = await buildApp({
    database,
    version: 'test',
    loginPerMinute: loginPerMinute ?? 1000,
    today: () => '2026-11-23',
    ...appOptions,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in (or anonymous) HTTP client keeping its session cookie and CSRF token, like a browser. */
export class ApiClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('jalon_session=')) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a file or an HTML page: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  async login(email: string, password: string): Promise<ApiResponse> {
    const response = await this.request('POST', '/api/v1/auth/login', { email, password });
    if (response.status === 200) this.csrfToken = response.body.csrfToken;
    return response;
  }
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * A small plan whose permissions are easy to reason about: one objective holding a local action
 * of LLN (its responsible is the contributor), a local action of MONS, and an action common to
 * all sites.
 */
export function buildPermissionPlan(overrides: Partial<PlanInput> = {}): Plan {
  return planSchema.parse({
    title: 'Plan d’action actualisé 2026',
    institution: 'Haute École de test',
    programme: 'Bachelier Assistant social',
    sites: [
      { code: 'LLN', name: 'Louvain-la-Neuve' },
      { code: 'MONS', name: 'Mons' },
      { code: 'MONTIGNIES', name: 'Montignies-sur-Sambre' },
    ],
    axes: [
      {
        number: '1',
        title: 'Axe 1 : accompagner les étudiants',
        objectives: [
          {
            title: 'Objectif général 1.1',
            objectives: [
              {
                title: 'Objectif opérationnel 1.1.1',
                actions: [
                  {
                    text: 'LLN : tutorat par les pairs',
                    sites: ['LLN'],
                    responsibles: ['Anne Contributrice'],
                    notes: 'Note interne : ne pas publier',
                    status: 'in_progress',
                    statusLabel: 'En cours',
                    deadline: 'juin 2026',
                    deadlinePeriod: { from: '2026-06-01', to: '2026-06-30' },
                  },
                  {
                    text: 'MONS : ateliers de méthode',
                    sites: ['MONS'],
                    status: 'planned',
                    statusLabel: 'À venir',
                  },
                  {
                    text: 'Action commune : charte de stage',
                    sites: [],
                    status: 'done',
                    statusLabel: 'Réalisé',
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    ...overrides,
  });
}

export interface SeededPlan {
  planId: string;
  plan: Plan;
  institutionId: string;
  programmeId: string;
  /** Action ids by short name. */
  actions: { lln: string; mons: string; common: string };
  objectiveId: string;
  axisId: string;
}

export async function seedPermissionPlan(
  database: DatabaseHandle,
  overrides: Partial<PlanInput> = {},
): Promise<SeededPlan> {
  const stored = await storeNewPlan(database.db, { actor: null, plan: buildPermissionPlan(overrides) });
  const objective = stored.plan.axes[0]!.objectives[0]!.objectives[0]!;
  const [lln, mons, common] = objective.actions.map((a) => a.id!) as [string, string, string];
  return {
    planId: stored.planId,
    plan: stored.plan,
    institutionId: stored.institutionId,
    programmeId: stored.programmeId,
    actions: { lln, mons, common },
    objectiveId: objective.id!,
    axisId: stored.plan.axes[0]!.id!,
  };
}

/** One account per role on the seeded plan's institution, plus an outsider with no role. */
export async function seedRoleUsers(database: DatabaseHandle, institutionId: string) {
  const make = async (email: string, name: string, role: Role | null, sites: string[] = []) => {
    await createUser(database.db, {
      actor: null,
      email,
      name,
      role: role ?? undefined,
      password: TEST_PASSWORD,
      scope: role && role !== 'admin' ? { kind: 'institution', id: institutionId, sites } : undefined,
    });
    return email;
  };
  return {
    admin: await make('admin@test.example', 'Admin', 'admin'),
    coordinator: await make('coord@test.example', 'Coordination qualité', 'coordinator'),
    site_editor: await make('lln@test.example', 'Éditeur LLN', 'site_editor', ['LLN']),
    contributor: await make('anne@test.example', 'Anne Contributrice', 'contributor'),
    reader: await make('reader@test.example', 'Lecteur', 'reader'),
    outsider: await make('outsider@test.example', 'Personne', null),
  };
}
