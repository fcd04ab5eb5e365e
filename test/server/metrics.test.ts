import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackSseClient } from '../../src/server/metrics.ts';
import { databaseKinds } from '../db/test-database.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from './test-server.ts';

const TOKEN = 'a-scraper-token-of-32-characters';

/** One sample of the Prometheus text format: the metric's name, its labels and its value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the sample with that name and (at least) those labels; 0 when there is none yet. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
  return found?.value ?? 0;
}

async function scrape(server: TestServer): Promise<Sample[]> {
  const response = await fetch(`${server.baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

describe.each(databaseKinds)('/metrics on %s', (kind) => {
  let server: TestServer;
  let planId: string;
  let reader: ApiClient;
  let coordinator: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(kind, { metricsToken: TOKEN, poolSize: 3 });
    const seeded = await seedPermissionPlan(server.database);
    planId = seeded.planId;
    const users = await seedRoleUsers(server.database, seeded.institutionId);
    reader = new ApiClient(server.baseUrl);
    expect((await reader.login(users.reader, TEST_PASSWORD)).status).toBe(200);
    coordinator = new ApiClient(server.baseUrl);
    expect((await coordinator.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a scrape without the token, or with another one, with 401', async () => {
    const none = await fetch(`${server.baseUrl}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="jalon-metrics"');
    expect((await none.json()).error.code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(`${server.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    const sessionOnly = await reader.get('/metrics');
    expect(sessionOnly.status).toBe(401);
  });

  it('counts requests by route pattern, method and status, with their latency', async () => {
    const route = { method: 'GET', route: '/api/v1/plans/:planId', status: '200' };
    const before = await scrape(server);
    for (let i = 0; i < 3; i++) expect((await reader.get(`/api/v1/plans/${planId}`)).status).toBe(200);
    expect((await reader.get(`/api/v1/plans/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await reader.get('/api/v1/no-such-thing/123')).status).toBe(404);
    const after = await scrape(server);
    expect(
      valueOf(after, 'jalon_http_requests_total', route) -
        valueOf(before, 'jalon_http_requests_total', route),
    ).toBe(3);
    const count = 'jalon_http_request_duration_seconds_count';
    expect(valueOf(after, count, route) - valueOf(before, count, route)).toBe(3);
    expect(valueOf(after, 'jalon_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    expect(valueOf(after, 'jalon_http_requests_total', { ...route, status: '404' })).toBe(1);
    // An unknown address is one series, not one per URL tried; no raw URL with an id appears.
    expect(valueOf(after, 'jalon_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(after.some((s) => s.labels.route?.includes(planId))).toBe(false);
  });

  it('counts plan and session cache hits and misses', async () => {
    const before = await scrape(server);
    await reader.get(`/api/v1/plans/${planId}`);
    await reader.get(`/api/v1/plans/${planId}`);
    const after = await scrape(server);
    const delta = (labels: Record<string, string>) =>
      valueOf(after, 'jalon_cache_lookups_total', labels) -
      valueOf(before, 'jalon_cache_lookups_total', labels);
    // The plan was loaded by earlier tests and not changed since: both reads are hits.
    expect(delta({ cache: 'plan', outcome: 'hit' })).toBe(2);
    expect(delta({ cache: 'plan', outcome: 'miss' })).toBe(0);
    // Each request looks the session up: a burst is served from the cache.
    expect(delta({ cache: 'session', outcome: 'hit' })).toBeGreaterThanOrEqual(2);
    // A change to the plan: the next read loads it again.
    const patch = await coordinator.request('PATCH', `/api/v1/plans/${planId}`, {
      revision: (await coordinator.get(`/api/v1/plans/${planId}`)).body.planRevision,
      changes: { title: 'Plan renommé' },
    });
    expect(patch.status).toBe(200);
    const beforeRead = await scrape(server);
    await reader.get(`/api/v1/plans/${planId}`);
    const afterRead = await scrape(server);
    const miss = { cache: 'plan', outcome: 'miss' };
    expect(
      valueOf(afterRead, 'jalon_cache_lookups_total', miss) -
        valueOf(beforeRead, 'jalon_cache_lookups_total', miss),
    ).toBe(1);
  });

  it('times exports by format and imports by size, and shows open live streams', async () => {
    const before = await scrape(server);
    expect((await reader.get(`/api/v1/plans/${planId}/export?format=csv`)).status).toBe(200);
    const tsv = 'Description des actions\tResponsable(s)\nRevoir les fiches UE\tCoordination\n';
    expect((await coordinator.request('POST', '/api/v1/imports', { text: tsv, format: 'tsv' })).status).toBe(
      201,
    );
    const untrack = [trackSseClient(), trackSseClient()];
    const during = await scrape(server);
    untrack.forEach((end) => end());
    untrack[0]!(); // ending twice counts once
    const after = await scrape(server);
    const exportCount = { format: 'csv', outcome: 'ok' };
    expect(
      valueOf(during, 'jalon_export_duration_seconds_count', exportCount) -
        valueOf(before, 'jalon_export_duration_seconds_count', exportCount),
    ).toBe(1);
    const importCount = { size: 'small', outcome: 'ok' };
    expect(
      valueOf(during, 'jalon_import_duration_seconds_count', importCount) -
        valueOf(before, 'jalon_import_duration_seconds_count', importCount),
    ).toBe(1);
    expect(valueOf(during, 'jalon_sse_clients') - valueOf(after, 'jalon_sse_clients')).toBe(2);
    expect(valueOf(during, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('shows the database, and the PostgreSQL pool where there is one', async () => {
    const samples = await scrape(server);
    expect(valueOf(samples, 'jalon_database_info', { kind })).toBe(1);
    if (kind === 'postgres') {
      expect(valueOf(samples, 'jalon_db_pool_max_connections')).toBe(3);
      const total = valueOf(samples, 'jalon_db_pool_connections', { state: 'total' });
      expect(total).toBeGreaterThanOrEqual(1);
      expect(total).toBeLessThanOrEqual(3);
      expect(samples.some((s) => s.name === 'jalon_db_pool_waiting_requests')).toBe(true);
    } else {
      expect(samples.some((s) => s.name.startsWith('jalon_db_pool'))).toBe(false);
    }
  });
});

describe('/metrics without a token configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 404 (not the web app), whatever token is sent', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const response = await fetch(`${server.baseUrl}/metrics`, { headers });
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('NOT_FOUND');
    }
  });
});
