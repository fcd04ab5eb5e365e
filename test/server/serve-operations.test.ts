import { eq } from 'drizzle-orm';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { pendingImports } from '../../src/db/schema/index.ts';
import { createEmptyPostgresDatabase } from '../db/test-database.ts';
import { SseClient } from '../support/sse-client.ts';
import { timeUntil } from '../support/time-until.ts';
import { startServeProcess, type ServeProcess } from './serve-process.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  TEST_PASSWORD,
  type SeededPlan,
} from './test-server.ts';

const METRICS_TOKEN = 'operations-test-token-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type LogLine = Record<string, any>;

/** Every line the process wrote on stdout, each parsed as JSON (a line that is not JSON fails). */
function logLines(server: ServeProcess): LogLine[] {
  return server
    .logs()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as LogLine);
}

/** A multipart upload of a small TSV plan, as bytes, so that it can be sent in slow pieces. */
async function tsvUpload(): Promise<{ bytes: Buffer; contentType: string }> {
  const form = new FormData();
  const tsv = 'Description des actions\tResponsable(s)\nRevoir les fiches UE\tCoordination\n';
  form.append('file', new Blob([tsv]), 'plan.tsv');
  const request = new Request('http://upload.invalid/', { method: 'POST', body: form });
  return {
    bytes: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

/**
 * Starts an import upload whose body is sent in two halves: the first now, the second when
 * `finish` is called. Resolves `response` with the status and body once the server answered.
 */
async function startSlowUpload(server: ServeProcess, client: ApiClient, requestId: string) {
  const { bytes, contentType } = await tsvUpload();
  const url = new URL('/api/v1/imports', server.baseUrl);
  const request = http.request(url, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': contentType,
      'content-length': String(bytes.length),
      cookie: client.cookie!,
      'x-csrf-token': client.csrfToken!,
      'x-request-id': requestId,
    },
  });
  const response = new Promise<{ status: number; body: string; error?: Error }>((resolve) => {
    request.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', (error) => resolve({ status: 0, body, error }));
    });
    request.on('error', (error) => resolve({ status: 0, body: '', error }));
  });
  const half = Math.floor(bytes.length / 2);
  request.write(bytes.subarray(0, half));
  return { response, finish: () => request.end(bytes.subarray(half)) };
}

async function connectionRefused(server: ServeProcess): Promise<boolean> {
  try {
    await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) });
    return false;
  } catch (error) {
    return /ECONNREFUSED/.test(String((error as { cause?: unknown }).cause ?? error));
  }
}

describe('jalon serve in operation: JSON logs with request ids, metrics, graceful shutdown', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let server: ServeProcess;
  let coordinator: ApiClient;
  const env = () => ({
    // Empty is unset: with stdout a pipe, as under a service manager, JSON logs at "info".
    JALON_LOG: '',
    DATABASE_URL: database.url,
    JALON_METRICS_TOKEN: METRICS_TOKEN,
    // Long, so that the shutdown below can only be quick by finishing, not by cutting.
    JALON_SHUTDOWN_GRACE_S: '30',
  });

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    const handle = await openDatabase({ url: database.url, poolSize: 2 });
    seeded = await seedPermissionPlan(handle);
    users = await seedRoleUsers(handle, seeded.institutionId);
    await handle.close();
    server = await startServeProcess(env());
    coordinator = new ApiClient(server.baseUrl);
    expect((await coordinator.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('gives every request an id, keeping a sane X-Request-Id, and returns it in the response', async () => {
    const kept = await fetch(`${server.baseUrl}/api/health`, {
      headers: { 'x-request-id': 'proxy-7f3a.42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('proxy-7f3a.42');
    const made = await fetch(`${server.baseUrl}/api/health`);
    expect(made.headers.get('x-request-id')).toMatch(UUID);
    for (const insane of ['has spaces in it', 'x'.repeat(129), '<script>']) {
      const replaced = await fetch(`${server.baseUrl}/api/health`, { headers: { 'x-request-id': insane } });
      expect(replaced.headers.get('x-request-id')).toMatch(UUID);
    }
    const twoRequests = [made, await fetch(`${server.baseUrl}/api/health`)];
    expect(twoRequests[0]!.headers.get('x-request-id')).not.toBe(twoRequests[1]!.headers.get('x-request-id'));
  });

  it('writes JSON lines, each line of a request carrying its id, an error with it', async () => {
    const read = await coordinator.request('GET', `/api/v1/plans/${seeded.planId}`, undefined, {
      'x-request-id': 'read-plan-1',
    });
    expect(read.status).toBe(200);
    // A NUL character passes the schemas and PostgreSQL refuses it: logged as the database's refusal.
    const refused = await coordinator.request(
      'PATCH',
      `/api/v1/plans/${seeded.planId}`,
      { revision: read.body.planRevision, changes: { title: 'Plan \u0000 nul' } },
      { 'x-request-id': 'nul-title-1' },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('nul-title-1');
    await timeUntil(
      async () => logLines(server).filter((l) => l.requestId === 'nul-title-1').length >= 3,
      5_000,
    );

    const lines = logLines(server);
    expect(lines.length).toBeGreaterThan(5);
    const ofRead = lines.filter((l) => l.requestId === 'read-plan-1');
    expect(ofRead.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(ofRead[0]!.req).toMatchObject({ method: 'GET', url: `/api/v1/plans/${seeded.planId}` });
    expect(ofRead[1]!.res.statusCode).toBe(200);
    expect(typeof ofRead[1]!.responseTime).toBe('number');
    const ofRefused = lines.filter((l) => l.requestId === 'nul-title-1');
    const error = ofRefused.find((l) => l.err);
    expect(error).toMatchObject({ level: 40, msg: 'value refused by the database' });
    expect(error!.err.stack).toEqual(expect.any(String));
    expect(ofRefused.at(-1)!.res.statusCode).toBe(400);
    // No line of a request lacks its id; the lines of the server itself (listening…) have none.
    expect(lines.filter((l) => l.req || l.res).every((l) => typeof l.requestId === 'string')).toBe(true);
    expect(lines.some((l) => /listening/i.test(l.msg))).toBe(true);
  });

  it('keeps secrets in URLs out of the logs: calendar feed addresses and sign-in callback codes', async () => {
    await fetch(`${server.baseUrl}/calendar/s3cr3t-feed-token.ics`, {
      headers: { 'x-request-id': 'feed-1' },
    });
    await fetch(`${server.baseUrl}/api/v1/auth/oidc/x/callback?code=abc123&state=xyz&lang=fr`, {
      headers: { 'x-request-id': 'callback-1' },
    });
    await timeUntil(async () => logLines(server).some((l) => l.requestId === 'callback-1' && l.res), 5_000);
    expect(server.logs()).not.toContain('s3cr3t-feed-token');
    expect(server.logs()).not.toContain('abc123');
    const feed = logLines(server).find((l) => l.requestId === 'feed-1' && l.req);
    expect(feed!.req.url).toBe('/calendar/[redacted].ics');
    const callback = logLines(server).find((l) => l.requestId === 'callback-1' && l.req);
    expect(callback!.req.url).toBe('/api/v1/auth/oidc/x/callback?code=[redacted]&state=[redacted]&lang=fr');
  });

  it('serves /metrics with JALON_METRICS_TOKEN only', async () => {
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${server.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(
      /^jalon_http_requests_total\{method="GET",route="\/api\/health",status="200"\} [1-9]/m,
    );
    expect(text).toMatch(/^jalon_db_pool_max_connections 10$/m);
  });

  it('on SIGTERM stops accepting connections, finishes the upload under way, ends live streams, and exits 0', async () => {
    const stream = await SseClient.open(`${server.baseUrl}/api/v1/plans/${seeded.planId}/events`, {
      cookie: coordinator.cookie!,
    });
    expect(stream.status).toBe(200);
    const upload = await startSlowUpload(server, coordinator, 'slow-upload-1');
    // The server has the request (its first log line) but not yet its whole body.
    await timeUntil(async () => logLines(server).some((l) => l.requestId === 'slow-upload-1'), 5_000);
    const exitCode = server.stop('SIGTERM');
    await timeUntil(() => connectionRefused(server), 5_000);
    upload.finish();
    const answered = await upload.response;
    expect(answered.error).toBeUndefined();
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.body).plan.title).toEqual(expect.any(String));
    const finished = Date.now();
    expect(await exitCode).toBe(0);
    // Neither the open live stream nor idle keep-alive connections held it until the 30 s grace period.
    expect(Date.now() - finished).toBeLessThan(5_000);
    expect(stream.ended).toBe(true);
    expect(logLines(server).some((l) => /grace period over/.test(l.msg))).toBe(false);
    expect(server.output()).toContain('Jalon arrêté.');
    const lines = logLines(server);
    const shutdownAt = lines.findIndex((l) => /shutting down/.test(l.msg));
    const completedAt = lines.findIndex((l) => l.requestId === 'slow-upload-1' && l.res);
    expect(shutdownAt).toBeGreaterThan(-1);
    expect(completedAt).toBeGreaterThan(shutdownAt);
    expect(lines[completedAt]!.res.statusCode).toBe(201);
    // The preview it answered was stored before the database closed.
    const handle = await openDatabase({ url: database.url, poolSize: 1 });
    try {
      const importId = JSON.parse(answered.body).importId as string;
      const rows = await handle.db.select().from(pendingImports).where(eq(pendingImports.id, importId));
      expect(rows).toHaveLength(1);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('cuts what is still open when the grace period ends, and still exits 0', async () => {
    const short = await startServeProcess({ ...env(), JALON_SHUTDOWN_GRACE_S: '1' });
    try {
      const client = new ApiClient(short.baseUrl);
      expect((await client.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
      // An upload that never finishes, as a stalled client or an open stream would hold a connection.
      const stalled = await startSlowUpload(short, client, 'stalled-1');
      await timeUntil(async () => logLines(short).some((l) => l.requestId === 'stalled-1'), 5_000);
      const started = Date.now();
      expect(await short.stop('SIGTERM')).toBe(0);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect((await stalled.response).status).toBe(0);
      expect(logLines(short).some((l) => /grace period over/.test(l.msg))).toBe(true);
    } finally {
      await short.stop('SIGKILL');
    }
  }, 90_000);
});
