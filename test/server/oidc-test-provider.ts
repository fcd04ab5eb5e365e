import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** Someone who can sign in at the test provider: their login is their subject. */
export interface TestPerson {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

/**
 * How the provider answers the token request: normally, or with its ID token re-signed by a key
 * that is not in its JWKS, or re-signed by its own key with an expiry in the past.
 */
export type TokenMode = 'normal' | 'foreign-key' | 'expired';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  people: Map<string, TestPerson>;
  tokenMode: TokenMode;
  /** Creates the provider once the client's redirect address (Jalon's port) is known. */
  configure(client: { redirectUri: string; postLogoutRedirectUri: string }): void;
  close(): Promise<void>;
}

/** A real oidc-provider (the certified OpenID provider library) on 127.0.0.1 and a random port. */
export async function startTestProvider(): Promise<TestProvider> {
  const kid = 'test-signing-key';
  const own = await generateKeyPair('RS256', { extractable: true });
  const rogue = await generateKeyPair('RS256', { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(own.privateKey)), kid, alg: 'RS256', use: 'sig' };
  let provider: Provider | null = null;
  const server = http.createServer((req, res) => {
    if (!provider) {
      res.statusCode = 503;
      res.end('not configured');
      return;
    }
    if (req.url?.startsWith('/token') && harness.tokenMode !== 'normal')
      rewriteIdToken(res, harness.tokenMode);
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Buffers the token response and re-signs its ID token as the mode says. */
  function rewriteIdToken(res: http.ServerResponse, mode: TokenMode) {
    const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
    const setHeader = res.setHeader.bind(res);
    res.setHeader = ((name: string, value: number | string | readonly string[]) =>
      name.toLowerCase() === 'content-length' ? res : setHeader(name, value)) as typeof res.setHeader;
    res.end = ((chunk?: unknown) => {
      void (async () => {
        const body = JSON.parse(String(chunk)) as { id_token?: string };
        if (body.id_token) {
          const claims = decodeJwt(body.id_token);
          const now = Math.floor(Date.now() / 1000);
          const payload = mode === 'expired' ? { ...claims, iat: now - 7200, exp: now - 3600 } : claims;
          body.id_token = await new SignJWT(payload)
            .setProtectedHeader({ alg: 'RS256', kid })
            .sign(mode === 'foreign-key' ? rogue.privateKey : own.privateKey);
        }
        end(JSON.stringify(body));
      })();
      return res;
    }) as typeof res.end;
  }

  const harness: TestProvider = {
    issuer,
    clientId: 'jalon-test',
    clientSecret: 'a-test-client-secret-long-enough-for-hs256',
    people: new Map(),
    tokenMode: 'normal',
    configure({ redirectUri, postLogoutRedirectUri }) {
      provider = new Provider(issuer, {
        clients: [
          {
            client_id: harness.clientId,
            client_secret: harness.clientSecret,
            redirect_uris: [redirectUri],
            post_logout_redirect_uris: [postLogoutRedirectUri],
            response_types: ['code'],
            grant_types: ['authorization_code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [privateJwk] },
        cookies: { keys: ['test-cookie-key'] },
        scopes: ['openid', 'email', 'profile', 'groups'],
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['name'],
          groups: ['groups'],
        },
        // The claims of the granted scopes go into the ID token (what Jalon reads).
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
          const person = harness.people.get(id);
          if (!person) return undefined;
          return { accountId: id, claims: () => ({ sub: id, ...person }) };
        },
        // A first-party client: no consent screen, the scopes asked for are granted.
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const accountId = ctx.oidc.session!.accountId!;
          const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId });
          grant.addOIDCScope('openid email profile groups');
          await grant.save();
          return grant;
        },
      });
      // Its own warnings about development-only interactions are expected here.
      provider.on('server_error', (_ctx: unknown, error: Error) => console.error(error));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return harness;
}

/** A browser's cookies, per host, enough for the redirects of a sign-in. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const expired =
        attributes.some((a) => /^\s*max-age=0/i.test(a)) ||
        attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now());
      if (expired || value.join('=') === '') jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    this.cookies.set(host, jar);
  }

  header(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }
}

/** One request without following redirects, keeping cookies like a browser. */
export async function browse(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string>; accept?: string } = {},
): Promise<Response> {
  const response = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    redirect: 'manual',
    headers: {
      cookie: jar.header(url),
      accept: init.accept ?? 'application/json',
      ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  jar.store(url, response);
  return response;
}

/** Where a redirect goes, as an absolute URL. */
export function locationOf(response: Response, from: string): string {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect from ${from}, got ${response.status}`);
  return new URL(location, from).href;
}

/**
 * Signs in at Jalon with the provider as a browser would: Jalon's start → the provider's login
 * form (filled with the person's login) → back to Jalon's callback, whose URL `tamper` may change.
 * Returns Jalon's answer to the callback and the jar (holding the session cookie on success).
 */
export async function signInThroughProvider(
  jalonUrl: string,
  providerId: string,
  login: string,
  options: { jar?: CookieJar; tamper?: (callback: URL) => void; accept?: string } = {},
): Promise<{ callback: Response; callbackUrl: string; jar: CookieJar }> {
  const jar = options.jar ?? new CookieJar();
  const startUrl = `${jalonUrl}/api/v1/auth/oidc/${providerId}/start`;
  const start = await browse(jar, startUrl);
  let url = locationOf(start, startUrl);
  // The provider: authorization → interaction (login form) → submit → resume → back to Jalon.
  for (let step = 0; step < 8 && !url.startsWith(jalonUrl); step++) {
    const isForm = /\/interaction\/[^/]+$/.test(new URL(url).pathname);
    const page = await browse(jar, url);
    if (isForm && page.status === 200) {
      await page.text();
      const submitted = await browse(jar, url, { form: { prompt: 'login', login, password: 'any' } });
      url = locationOf(submitted, url);
    } else {
      url = locationOf(page, url);
    }
  }
  const callbackUrl = new URL(url);
  options.tamper?.(callbackUrl);
  const callback = await browse(jar, callbackUrl.href, { accept: options.accept ?? 'application/json' });
  return { callback, callbackUrl: callbackUrl.href, jar };
}
