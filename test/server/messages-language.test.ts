import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, Language } from '../../src/core/errors.ts';
import { findUserByEmail } from '../../src/db/repositories/accounts.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type ApiResponse,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';
import { expectLanguage } from '../support/message-language.ts';

/**
 * Issue 16: every message the API answers is in the request's language (Accept-Language), in
 * French and in English, and no library text leaks into it. Each error code the API can answer
 * is triggered twice, once per language, and each answer is checked for words of the other one.
 */

interface ErrorCase {
  code: ErrorCode;
  status: number;
  /** What is done, for the test's name. */
  what: string;
  send: (headers: Record<string, string>) => Promise<ApiResponse>;
  /** What the message must name, in both languages (a file, an address): left out of the word check. */
  data?: string[];
  /** What the message must not contain in either language (a library's own text, kept for the logs). */
  absent?: string[];
}

describe('every error the API answers speaks the request language', () => {
  let server: TestServer;
  let limited: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let admin: ApiClient;
  let coordinator: ApiClient;
  let reader: ApiClient;
  let adminId: string;

  const signedIn = async (email: string) => {
    const client = new ApiClient(server.baseUrl);
    expect((await client.login(email, TEST_PASSWORD)).status).toBe(200);
    return client;
  };

  const uploadEvidence = (
    client: ApiClient,
    name: string,
    bytes: Uint8Array,
    headers: Record<string, string>,
  ) => {
    const form = new FormData();
    form.append('file', new Blob([bytes.slice()]), name);
    return fetch(`${server.baseUrl}/api/v1/actions/${seeded.actions.lln}/evidence`, {
      method: 'POST',
      headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken!, ...headers },
      body: form,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
      headers: response.headers,
    }));
  };

  /** A plan file uploaded to the importers, as the import page sends it (multipart). */
  const uploadImport = (name: string, bytes: Uint8Array, headers: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob([bytes.slice()]), name);
    return fetch(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: coordinator.cookie!, 'x-csrf-token': coordinator.csrfToken!, ...headers },
      body: form,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
      headers: response.headers,
    }));
  };

  const planRevision = async () =>
    (await coordinator.get(`/api/v1/plans/${seeded.planId}`)).body.planRevision as number;

  const revisionOf = async (actionId: string) =>
    (await coordinator.get(`/api/v1/plans/${seeded.planId}`)).body.revisions[actionId] as number;

  beforeAll(async () => {
    server = await startTestServer('pglite', { evidenceMaxBytes: 1024 * 1024 });
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = await signedIn(users.admin);
    coordinator = await signedIn(users.coordinator);
    reader = await signedIn(users.reader);
    adminId = (await findUserByEmail(server.database.db, users.admin))!.id;
    // One attempt a minute: the second is refused by the rate limit.
    limited = await startTestServer('pglite', { loginPerMinute: 1 });
  });

  afterAll(async () => {
    await server?.close();
    await limited?.close();
  });

  const cases: ErrorCase[] = [
    {
      code: 'BAD_INPUT',
      status: 400,
      what: 'a request that does not follow its schema (worded by us, not by the validation library)',
      send: (h) =>
        coordinator.request(
          'PATCH',
          `/api/v1/actions/${seeded.actions.lln}`,
          { revision: 'one', changes: {} },
          h,
        ),
    },
    {
      code: 'BAD_INPUT',
      status: 400,
      what: 'an administrator deleting their own account',
      send: (h) => admin.request('DELETE', `/api/v1/users/${adminId}`, undefined, h),
    },
    {
      code: 'BAD_INPUT',
      status: 400,
      what: 'a plan listing a site twice',
      send: async (h) =>
        coordinator.request(
          'PATCH',
          `/api/v1/plans/${seeded.planId}`,
          {
            revision: await planRevision(),
            changes: { sites: [...seeded.plan.sites, seeded.plan.sites[0]] },
          },
          h,
        ),
    },
    {
      code: 'BAD_INPUT',
      status: 400,
      what: 'a plan dropping a site its actions still name',
      send: async (h) =>
        coordinator.request(
          'PATCH',
          `/api/v1/plans/${seeded.planId}`,
          { revision: await planRevision(), changes: { sites: seeded.plan.sites.slice(1) } },
          h,
        ),
    },
    {
      code: 'FILE_TOO_LARGE',
      status: 413,
      what: 'evidence over the size limit',
      send: (h) => uploadEvidence(coordinator, 'gros.pdf', new Uint8Array(1.5 * 1024 * 1024), h),
      data: ['gros.pdf'],
    },
    {
      code: 'UNSUPPORTED_FORMAT',
      status: 415,
      what: 'evidence of a refused type',
      send: (h) =>
        uploadEvidence(coordinator, 'page.html', new TextEncoder().encode('<script>alert(1)</script>'), h),
      data: ['page.html'],
    },
    {
      code: 'NO_TABLE_HEADER',
      status: 422,
      what: 'an import with no recognisable table',
      send: (h) =>
        coordinator.request(
          'POST',
          '/api/v1/imports',
          { text: 'Couleur,Saveur\nrouge,sucré\nvert,amer\n', format: 'csv', fileName: 'fruits.csv' },
          h,
        ),
      data: ['fruits.csv'],
    },
    {
      code: 'INVALID_PLAN',
      status: 422,
      what: 'a JSON plan that does not follow the plan format',
      send: (h) =>
        coordinator.request(
          'POST',
          '/api/v1/imports',
          { text: '{"title": 5, "axes": "none"}', format: 'json', fileName: 'plan-faux.json' },
          h,
        ),
      data: ['plan-faux.json'],
    },
    {
      code: 'FILE_UNREADABLE',
      status: 400,
      what: 'a CSV text whose quoted field never closes',
      send: (h) =>
        coordinator.request(
          'POST',
          '/api/v1/imports',
          { text: 'Actions,Responsable\n"jamais fermé,DAE\n', format: 'csv', fileName: 'coupe.csv' },
          h,
        ),
      data: ['coupe.csv'],
    },
    {
      code: 'FILE_UNREADABLE',
      status: 400,
      what: 'an uploaded Word file whose zip archive is damaged (cut short)',
      send: (h) =>
        uploadImport(
          'plan-abime.docx',
          new Uint8Array([
            0x50,
            0x4b,
            0x03,
            0x04,
            1,
            2,
            3,
            4,
            ...new TextEncoder().encode('word/document.xml'),
          ]),
          h,
        ),
      data: ['plan-abime.docx'],
    },
    {
      code: 'FILE_UNREADABLE',
      status: 400,
      what: 'an uploaded JSON plan that is not valid JSON (worded by us, not by JSON.parse)',
      send: (h) =>
        uploadImport('plan.json', new TextEncoder().encode('{\n  "title": "Plan",\n  "axes": [,]\n}\n'), h),
      data: ['plan.json'],
      // JSON.parse's words (Node 20: "Unexpected token ','…", later "… in JSON at position …").
      absent: ['Unexpected', 'position'],
    },
    {
      code: 'UNAUTHENTICATED',
      status: 401,
      what: 'a request without a session',
      send: (h) => new ApiClient(server.baseUrl).request('GET', '/api/v1/plans', undefined, h),
    },
    {
      code: 'UNAUTHENTICATED',
      status: 401,
      what: 'a wrong password',
      send: (h) =>
        new ApiClient(server.baseUrl).request(
          'POST',
          '/api/v1/auth/login',
          { email: users.reader, password: 'not the password at all' },
          h,
        ),
    },
    {
      code: 'FORBIDDEN',
      status: 403,
      what: 'a coordinator listing the accounts',
      send: (h) => coordinator.request('GET', '/api/v1/users', undefined, h),
    },
    {
      code: 'FORBIDDEN',
      status: 403,
      what: 'a reader editing an action',
      send: async (h) =>
        reader.request(
          'PATCH',
          `/api/v1/actions/${seeded.actions.lln}`,
          { revision: await revisionOf(seeded.actions.lln), changes: { text: 'Autre texte' } },
          h,
        ),
    },
    {
      code: 'NOT_FOUND',
      status: 404,
      what: 'an action that does not exist',
      send: (h) =>
        coordinator.request('GET', `/api/v1/actions/${globalThis.crypto.randomUUID()}/history`, undefined, h),
    },
    {
      code: 'NOT_FOUND',
      status: 404,
      what: 'an address the API does not have',
      send: (h) => coordinator.request('GET', '/api/v1/nowhere', undefined, h),
      data: ['/api/v1/nowhere'],
    },
    {
      code: 'CONFLICT',
      status: 409,
      what: 'an edit of an action at a stale revision',
      send: async (h) =>
        coordinator.request(
          'PATCH',
          `/api/v1/actions/${seeded.actions.common}`,
          { revision: (await revisionOf(seeded.actions.common)) - 1, changes: { text: 'Trop tard' } },
          h,
        ),
    },
    {
      code: 'RATE_LIMITED',
      status: 429,
      what: 'too many sign-in attempts',
      send: async (h) => {
        const attempt = () =>
          new ApiClient(limited.baseUrl).request(
            'POST',
            '/api/v1/auth/login',
            { email: 'someone@test.example', password: 'wrong password' },
            h,
          );
        const first = await attempt();
        return first.status === 429 ? first : attempt();
      },
    },
  ];

  for (const c of cases) {
    it(`${c.code}: ${c.what}`, async () => {
      // A stale edit must stay stale: make sure the action moved past its first revision.
      if (c.code === 'CONFLICT') {
        const revision = await revisionOf(seeded.actions.common);
        const bump = await coordinator.request('PATCH', `/api/v1/actions/${seeded.actions.common}`, {
          revision,
          changes: { text: 'Action commune : charte de stage revue' },
        });
        expect(bump.status).toBe(200);
      }
      const answers = {} as Record<Language, string>;
      for (const lang of ['fr', 'en'] as const) {
        const response = await c.send({ 'accept-language': lang });
        expect(response.status, JSON.stringify(response.body)).toBe(c.status);
        expect(response.body.error.code).toBe(c.code);
        answers[lang] = response.body.error.message;
      }
      const data = c.data ?? [];
      for (const named of data) {
        expect(answers.en).toContain(named);
        expect(answers.fr).toContain(named);
      }
      expectLanguage(answers.en, 'en', data);
      expectLanguage(answers.fr, 'fr', data);
      expect(answers.fr).not.toBe(answers.en);
      for (const text of c.absent ?? []) {
        expect(answers.fr).not.toContain(text);
        expect(answers.en).not.toContain(text);
      }
    });
  }

  it('answers French when the request names no language it knows', async () => {
    const [none, other] = await Promise.all([
      new ApiClient(server.baseUrl).request('GET', '/api/v1/plans'),
      new ApiClient(server.baseUrl).request('GET', '/api/v1/plans', undefined, {
        'accept-language': 'de-DE, nl;q=0.8',
      }),
    ]);
    const french = await new ApiClient(server.baseUrl).request('GET', '/api/v1/plans', undefined, {
      'accept-language': 'fr',
    });
    expect(none.body.error.message).toBe(french.body.error.message);
    expect(other.body.error.message).toBe(french.body.error.message);
  });
});

/** A JalonError whose message, right after the code, is a string or a template: one language. */
const plainMessage = /new JalonError\(\s*(?:'[A-Z_]+'|"[A-Z_]+"|[\w.]+)\s*,\s*['"`]/;

describe('no JalonError is written in one language', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const scopes = ['src/server', 'src/db', 'src/export', 'src/cli', 'src/notify', 'src/import'];

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sourceFiles(full);
      return /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
    });
  }

  it(`passes { fr, en } to every JalonError in ${scopes.join(', ')}`, () => {
    const plain = new RegExp(plainMessage.source, 'g');
    const offenders: string[] = [];
    let scanned = 0;
    for (const scope of scopes) {
      for (const file of sourceFiles(path.join(root, scope))) {
        const source = readFileSync(file, 'utf8');
        scanned += 1;
        for (const match of source.matchAll(plain)) {
          const line = source.slice(0, match.index).split('\n').length;
          offenders.push(`${path.relative(root, file)}:${line}`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(50);
    expect(offenders, `JalonErrors with a message in one language:\n${offenders.join('\n')}`).toEqual([]);
  });

  it('recognises a message in one language when it sees one', () => {
    const samples = [
      "new JalonError('BAD_INPUT', 'Programme inconnu.')",
      'new JalonError(\n  "NOT_FOUND",\n  `${name} : introuvable`,\n)',
      'new JalonError(code, "Unknown")',
    ];
    for (const sample of samples) expect(sample).toMatch(plainMessage);
    expect("new JalonError('BAD_INPUT', { fr: 'Programme inconnu.', en: 'Unknown programme.' })").not.toMatch(
      plainMessage,
    );
    expect('new JalonError(code, notFoundText(object))').not.toMatch(plainMessage);
  });
});
