import http from 'node:http';
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

/** A GET from a chosen local address: 127.0.0.1 is the proxy, 127.0.0.2 anyone else on the machine. */
function getFrom(
  localAddress: string,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

describe.each(databaseKinds)('signing in behind a SAML service provider (trusted headers) on %s', (kind) => {
  let server: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let admin: ApiClient;
  const url = () => `${server.baseUrl}/api/v1/auth/header/sign-in`;
  // What mod_auth_mellon or Shibboleth sets (UTF-8 bytes of the name, as Node reads them: Latin-1).
  const samlHeaders = (email: string, groups = '') => ({
    'x-remote-email': email,
    'x-remote-name': Buffer.from('Élise Lefèvre', 'utf8').toString('latin1'),
    'x-remote-groups': groups,
    accept: 'application/json',
  });

  beforeAll(async () => {
    server = await startTestServer(kind, {
      signIn: {
        providers: [],
        trustedHeader: {
          emailHeader: 'X-Remote-Email',
          nameHeader: 'X-Remote-Name',
          groupsHeader: 'X-Remote-Groups',
          groupsSeparator: ';',
          proxies: ['127.0.0.1'],
          name: 'Fédération SAML',
        },
      },
    });
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = new ApiClient(server.baseUrl);
    expect((await admin.login(users.admin, TEST_PASSWORD)).status).toBe(200);
    await admin.request('POST', '/api/v1/sign-in-rules', {
      provider: 'header',
      matchKind: 'group',
      matchValue: 'staff-qualite',
      role: 'coordinator',
      scope: 'institution',
      scopeId: seeded.institutionId,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes the user from the proxy’s headers, with the role its group gives', async () => {
    const options = await new ApiClient(server.baseUrl).get('/api/v1/auth/options');
    expect(options.body.trustedHeader).toEqual({
      name: 'Fédération SAML',
      url: '/api/v1/auth/header/sign-in',
    });

    const answer = await getFrom(
      '127.0.0.1',
      url(),
      samlHeaders('elise@campus.example', 'staff;staff-qualite'),
    );
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const cookie = answer.headers['set-cookie']!.find((c) => c.startsWith('jalon_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    const elise = new ApiClient(server.baseUrl);
    elise.cookie = cookie.split(';')[0]!;
    const me = await elise.get('/api/v1/auth/me');
    expect(me.body.user).toMatchObject({ email: 'elise@campus.example', name: 'Élise Lefèvre' });
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ role: 'coordinator', scope: 'institution' }),
    ]);
  });

  it('links the account of the same e-mail', async () => {
    const answer = await getFrom('127.0.0.1', url(), samlHeaders(users.reader));
    expect(answer.status).toBe(303);
    const c = new ApiClient(server.baseUrl);
    c.cookie = answer.headers['set-cookie']!.find((v) => v.startsWith('jalon_session='))!.split(';')[0]!;
    expect((await c.get('/api/v1/auth/me')).body.user).toMatchObject({
      email: users.reader,
      name: 'Lecteur',
    });
  });

  it('refuses the same headers from any other address, even claiming to be forwarded by the proxy', async () => {
    const other = await getFrom('127.0.0.2', url(), {
      ...samlHeaders('intrus@campus.example', 'staff-qualite'),
      'x-forwarded-for': '127.0.0.1',
    });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).error.message).toBe(
      'Connexion par en-têtes refusée : la requête vient de 127.0.0.2, qui n’est pas le proxy de confiance configuré.',
    );
    expect(other.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a request without the e-mail header, and a suspended account', async () => {
    const missing = await getFrom('127.0.0.1', url(), { accept: 'application/json' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.message).toContain('X-Remote-Email');

    const contributorId = (await admin.get('/api/v1/users')).body.users.find(
      (u: { email: string }) => u.email === users.contributor,
    ).id;
    expect((await admin.request('POST', `/api/v1/users/${contributorId}/suspend`)).status).toBe(200);
    const suspended = await getFrom('127.0.0.1', url(), samlHeaders(users.contributor));
    expect(suspended.status).toBe(403);
    expect(JSON.parse(suspended.body).error.message).toContain('suspendu');
  });

  it('is not there when the mode is off', async () => {
    const plain = await startTestServer(kind);
    try {
      const answer = await getFrom('127.0.0.1', `${plain.baseUrl}/api/v1/auth/header/sign-in`, {
        'x-remote-email': 'a@b.example',
        accept: 'application/json',
      });
      expect(answer.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
