import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.ts';
import { databaseKinds } from '../db/test-database.ts';
import {
  browse,
  CookieJar,
  locationOf,
  signInThroughProvider,
  startTestProvider,
  type TestProvider,
} from './oidc-test-provider.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

describe.each(databaseKinds)('signing in with an OpenID Connect provider on %s', (kind) => {
  let provider: TestProvider;
  let server: TestServer;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let admin: ApiClient;

  /** The Jalon client of a jar that signed in: its session cookie and CSRF token. */
  const clientOf = async (jar: CookieJar) => {
    const c = new ApiClient(server.baseUrl);
    c.cookie = `jalon_session=${jar.get(server.baseUrl, 'jalon_session')}`;
    c.csrfToken = (await c.get('/api/v1/auth/me')).body.csrfToken;
    return c;
  };
  const person = (login: string, email: string, groups: string[] = [], verified = true) =>
    provider.people.set(login, { email, email_verified: verified, name: `Personne ${login}`, groups });

  beforeAll(async () => {
    provider = await startTestProvider();
    server = await startTestServer(kind, {
      signIn: {
        providers: [
          {
            id: 'campus',
            name: 'Campus ID',
            issuer: provider.issuer,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            scopes: ['openid', 'email', 'profile', 'groups'],
            emailClaim: 'email',
            nameClaim: 'name',
            groupsClaim: 'groups',
          },
        ],
        trustedHeader: null,
      },
    });
    provider.configure({
      redirectUri: `${server.baseUrl}/api/v1/auth/oidc/campus/callback`,
      postLogoutRedirectUri: `${server.baseUrl}/`,
    });
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    admin = new ApiClient(server.baseUrl);
    expect((await admin.login(users.admin, TEST_PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('offers the provider on the sign-in page', async () => {
    const options = await new ApiClient(server.baseUrl).get('/api/v1/auth/options');
    expect(options.status).toBe(200);
    expect(options.body).toEqual({
      passwordSignIn: true,
      providers: [{ id: 'campus', name: 'Campus ID' }],
      trustedHeader: null,
    });
  });

  it('runs the full code flow with PKCE: a new account gets the role of the matching group rule', async () => {
    const rule = await admin.request('POST', '/api/v1/sign-in-rules', {
      matchKind: 'group',
      matchValue: 'cellule-qualite',
      role: 'coordinator',
      scope: 'institution',
      scopeId: seeded.institutionId,
    });
    expect(rule.status).toBe(201);
    person('marie', 'marie.dupont@campus.example', ['personnel', 'cellule-qualite']);

    // The authorization request carries PKCE (S256), a state and a nonce.
    const jar = new CookieJar();
    const start = await browse(jar, `${server.baseUrl}/api/v1/auth/oidc/campus/start`);
    expect(start.status).toBe(303);
    const authorize = new URL(locationOf(start, server.baseUrl));
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(start.headers.getSetCookie().join()).toMatch(/jalon_oidc=.*HttpOnly.*SameSite=Lax/i);

    const { callback, jar: signedIn } = await signInThroughProvider(server.baseUrl, 'campus', 'marie');
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/');
    const marie = await clientOf(signedIn);
    const me = await marie.get('/api/v1/auth/me');
    expect(me.body.user).toMatchObject({ email: 'marie.dupont@campus.example', name: 'Personne marie' });
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ scope: 'institution', scopeId: seeded.institutionId, role: 'coordinator' }),
    ]);
    // The role works: the coordinator reads and shapes the institution's plan.
    expect((await marie.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(200);

    // Signing in again finds the same account, without a second one.
    const again = await signInThroughProvider(server.baseUrl, 'campus', 'marie');
    expect(again.callback.status).toBe(303);
    expect((await (await clientOf(again.jar)).get('/api/v1/auth/me')).body.user.id).toBe(me.body.user.id);
    const listed = (await admin.get('/api/v1/users')).body.users.filter(
      (u: { email: string }) => u.email === 'marie.dupont@campus.example',
    );
    expect(listed).toHaveLength(1);
  });

  it('gives an e-mail domain rule its role, and no role at all when no rule matches: the account waits', async () => {
    await admin.request('POST', '/api/v1/sign-in-rules', {
      matchKind: 'email_domain',
      matchValue: '@etudiants.campus.example',
      role: 'reader',
      scope: 'plan',
      scopeId: seeded.planId,
    });
    person('theo', 'theo@etudiants.campus.example');
    const theo = await clientOf((await signInThroughProvider(server.baseUrl, 'campus', 'theo')).jar);
    expect((await theo.get('/api/v1/auth/me')).body.memberships).toEqual([
      expect.objectContaining({ scope: 'plan', scopeId: seeded.planId, role: 'reader' }),
    ]);

    person('invite', 'invite@ailleurs.example');
    const waiting = await clientOf((await signInThroughProvider(server.baseUrl, 'campus', 'invite')).jar);
    const me = await waiting.get('/api/v1/auth/me');
    expect(me.body.memberships).toEqual([]);
    expect((await waiting.get(`/api/v1/plans/${seeded.planId}`)).status).toBe(404);
    // The administration sees it among the accounts, without a role.
    const accounts = (await admin.get('/api/v1/users')).body.users;
    expect(accounts).toContainEqual(
      expect.objectContaining({ email: 'invite@ailleurs.example', role: null }),
    );
    expect((await admin.get(`/api/v1/memberships?userId=${me.body.user.id}`)).body.memberships).toEqual([]);
  });

  it('links an existing account with the same verified e-mail, never duplicating it', async () => {
    const before = (await admin.get('/api/v1/users')).body.users.length;
    person('coord-sso', users.coordinator);
    const { callback, jar } = await signInThroughProvider(server.baseUrl, 'campus', 'coord-sso');
    expect(callback.status).toBe(303);
    const me = await (await clientOf(jar)).get('/api/v1/auth/me');
    expect(me.body.user).toMatchObject({ email: users.coordinator, name: 'Coordination qualité' });
    expect(me.body.memberships).toEqual([expect.objectContaining({ role: 'coordinator' })]);
    expect((await admin.get('/api/v1/users')).body.users).toHaveLength(before);
    const links = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'link' and ${auditLog.objectId} = ${me.body.user.id}`);
    expect(links).toEqual([
      expect.objectContaining({
        after: expect.objectContaining({ provider: 'campus', subject: 'coord-sso' }),
      }),
    ]);
  });

  it('refuses an e-mail the provider has not verified, with a message saying so', async () => {
    person('nonverifie', users.reader, [], false);
    const { callback, jar } = await signInThroughProvider(server.baseUrl, 'campus', 'nonverifie');
    expect(callback.status).toBe(403);
    expect((await callback.json()).error.message).toBe(
      `Le fournisseur d’identité n’a pas vérifié l’adresse ${users.reader} : Jalon ne la relie à aucun compte. Faites-la vérifier chez lui, puis reconnectez-vous.`,
    );
    expect(jar.get(server.baseUrl, 'jalon_session')).toBeUndefined();
  });

  it('refuses a wrong state, and the same callback twice', async () => {
    person('eve', 'eve@campus.example');
    const wrong = await signInThroughProvider(server.baseUrl, 'campus', 'eve', {
      tamper: (url) => url.searchParams.set('state', 'forged-state'),
    });
    expect(wrong.callback.status).toBe(401);
    expect((await wrong.callback.json()).error.message).toContain(
      'ne correspond à aucune connexion commencée',
    );

    const first = await signInThroughProvider(server.baseUrl, 'campus', 'eve');
    expect(first.callback.status).toBe(303);
    // The same answer again (the attempt was taken once): refused before the code is even sent.
    const jar = new CookieJar();
    const replay = await browse(jar, first.callbackUrl);
    expect(replay.status).toBe(401);
  });

  it('refuses a replayed code: the provider will not exchange it twice', async () => {
    person('mallory', 'mallory@campus.example');
    const first = await signInThroughProvider(server.baseUrl, 'campus', 'mallory');
    expect(first.callback.status).toBe(303);
    const usedCode = new URL(first.callbackUrl).searchParams.get('code')!;
    // A new sign-in of this browser, answered with the code already used.
    const replayed = await signInThroughProvider(server.baseUrl, 'campus', 'mallory', {
      tamper: (url) => url.searchParams.set('code', usedCode),
    });
    expect(replayed.callback.status).toBe(401);
    expect((await replayed.callback.json()).error.message).toBe(
      'Campus ID a refusé le code de connexion (invalid_grant) : il a déjà servi ou a expiré. Reconnectez-vous.',
    );
  });

  it('refuses an ID token signed by a key that is not the issuer’s, and an expired one', async () => {
    person('oscar', 'oscar@campus.example');
    try {
      provider.tokenMode = 'foreign-key';
      const forged = await signInThroughProvider(server.baseUrl, 'campus', 'oscar');
      expect(forged.callback.status).toBe(401);
      expect((await forged.callback.json()).error.message).toBe(
        'Le jeton d’identité reçu n’est pas signé par une clé de Campus ID : connexion refusée.',
      );
      provider.tokenMode = 'expired';
      const expired = await signInThroughProvider(server.baseUrl, 'campus', 'oscar');
      expect(expired.callback.status).toBe(401);
      expect((await expired.callback.json()).error.message).toBe(
        'Le jeton d’identité de Campus ID a expiré : vérifiez l’horloge du serveur et reconnectez-vous.',
      );
    } finally {
      provider.tokenMode = 'normal';
    }
    // Neither created the account.
    expect((await admin.get('/api/v1/users')).body.users).not.toContainEqual(
      expect.objectContaining({ email: 'oscar@campus.example' }),
    );
    const ok = await signInThroughProvider(server.baseUrl, 'campus', 'oscar');
    expect(ok.callback.status).toBe(303);
  });

  it('sends a browser back to the sign-in page with the refusal’s code', async () => {
    person('navigateur', 'navigateur@campus.example', [], false);
    const { callback } = await signInThroughProvider(server.baseUrl, 'campus', 'navigateur', {
      accept: 'text/html,application/xhtml+xml',
    });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/?signInError=email_unverified');
  });

  it('signs out of Jalon and offers the provider’s sign-out (RP-initiated logout)', async () => {
    person('sortie', 'sortie@campus.example');
    const { jar } = await signInThroughProvider(server.baseUrl, 'campus', 'sortie');
    const c = await clientOf(jar);
    c.cookie += `; jalon_provider=${jar.get(server.baseUrl, 'jalon_provider')}`;
    const out = await c.request('POST', '/api/v1/auth/logout');
    expect(out.status).toBe(200);
    const end = new URL(out.body.endSessionUrl);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('client_id')).toBe(provider.clientId);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${server.baseUrl}/`);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    // The provider knows the address: it asks to confirm the sign-out of its own session.
    const page = await browse(jar, end.href, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('logout');
  });

  it('refuses a suspended account at the provider’s sign-in too', async () => {
    person('partie', 'partie@campus.example');
    const first = await clientOf((await signInThroughProvider(server.baseUrl, 'campus', 'partie')).jar);
    const id = (await first.get('/api/v1/auth/me')).body.user.id;
    expect((await admin.request('POST', `/api/v1/users/${id}/suspend`)).status).toBe(200);
    expect((await first.get('/api/v1/auth/me')).status).toBe(401);
    const refused = await signInThroughProvider(server.baseUrl, 'campus', 'partie');
    expect(refused.callback.status).toBe(403);
    expect((await refused.callback.json()).error.message).toContain('suspendu');
    expect((await admin.request('POST', `/api/v1/users/${id}/reactivate`)).status).toBe(200);
    expect((await signInThroughProvider(server.baseUrl, 'campus', 'partie')).callback.status).toBe(303);
  });

  it('lets an admin turn password sign-in off, for everyone but administrators', async () => {
    const coordinator = new ApiClient(server.baseUrl);
    await coordinator.login(users.coordinator, TEST_PASSWORD);
    expect(
      (await coordinator.request('PUT', '/api/v1/auth/options/password', { passwordSignIn: false })).status,
    ).toBe(403);
    expect(
      (await admin.request('PUT', '/api/v1/auth/options/password', { passwordSignIn: false })).status,
    ).toBe(200);
    expect((await new ApiClient(server.baseUrl).get('/api/v1/auth/options')).body.passwordSignIn).toBe(false);
    const refused = await new ApiClient(server.baseUrl).login(users.reader, TEST_PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('La connexion par mot de passe est désactivée');
    expect((await new ApiClient(server.baseUrl).login(users.admin, TEST_PASSWORD)).status).toBe(200);
    expect(
      (await admin.request('PUT', '/api/v1/auth/options/password', { passwordSignIn: true })).status,
    ).toBe(200);
    expect((await new ApiClient(server.baseUrl).login(users.reader, TEST_PASSWORD)).status).toBe(200);
  });
});
