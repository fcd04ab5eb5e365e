/**
 * Live latency (issue 11): two real `jalon serve` processes on one PostgreSQL database; SSE
 * clients hold the plan's stream open on B while a coordinator writes on A. Figure: the time
 * from the start of a write on A (the PATCH sent) to its `change` event at each client on B,
 * p50/p99 over every (write, client) pair, with 1 and with 50 open streams. Writes are one after
 * the other, the next once every client got the previous one, so events pair with writes.
 *
 * Baselines measured in the same run:
 * - polling: the same write read back on B by GET /plans/:id in a tight loop (no pause) until
 *   its revision shows, timed from the same start: the best a polling page could do;
 * - bare NOTIFY: a pg_notify on one connection heard by a LISTEN on another, no Jalon at all:
 *   the floor under anything built on LISTEN/NOTIFY.
 *
 * Run: node bin/run-ts bench/live-latency-bench.ts
 * Environment: JALON_BENCH_WRITES (200), JALON_BENCH_STREAMS (50), JALON_TEST_PG_URL.
 */
import pg from 'pg';
import { openDatabase } from '../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../test/db/test-database.ts';
import { SseClient } from '../test/support/sse-client.ts';
import { startServeProcess, type ServeProcess } from '../test/server/serve-process.ts';
import { ApiClient } from '../test/server/test-server.ts';
import {
  buildEditedPlan,
  createEditors,
  envNumber,
  loadAverage,
  percentile,
  storeEditedPlan,
  TEST_PASSWORD,
} from './serve-support.ts';

const writeCount = envNumber('JALON_BENCH_WRITES', 200);
const streamCount = envNumber('JALON_BENCH_STREAMS', 50);
const EVENT_TIMEOUT_MS = 5_000;

function summary(label: string, values: number[]): string {
  return `${label}: p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;
}

async function signIn(server: ServeProcess, email: string): Promise<ApiClient> {
  const client = new ApiClient(server.baseUrl);
  const res = await client.login(email, TEST_PASSWORD);
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}`);
  return client;
}

/** Writes one after the other on A; returns, per write, the delay to its event at every stream. */
async function measureStreams(
  writer: ApiClient,
  reader: ApiClient,
  b: ServeProcess,
  planId: string,
  actionIds: string[],
  revisions: Record<string, number>,
  streams: number,
  writes: number,
): Promise<{ delays: number[]; acks: number[] }> {
  const clients = await Promise.all(
    Array.from({ length: streams }, () =>
      SseClient.open(`${b.baseUrl}/api/v1/plans/${planId}/events`, { cookie: reader.cookie! }),
    ),
  );
  await Promise.all(clients.map((c) => c.until((events) => events.some((e) => e.event === 'presence'))));
  const delays: number[] = [];
  const acks: number[] = [];
  for (let k = 0; k < writes; k++) {
    const actionId = actionIds[k % actionIds.length]!;
    const started = performance.now();
    const res = await writer.request('PATCH', `/api/v1/actions/${actionId}`, {
      revision: revisions[actionId],
      changes: { priority: (k % 3) + 1 },
    });
    acks.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`write ${k} answered ${res.status}: ${JSON.stringify(res.body)}`);
    revisions[actionId] = res.body.revision;
    const arrivals = await Promise.all(
      clients.map((c) =>
        c.until((events) => events.filter((e) => e.event === 'change')[k], EVENT_TIMEOUT_MS),
      ),
    );
    for (const event of arrivals) {
      if (event.data.change.objectId !== actionId) throw new Error(`event ${k} names another action`);
      delays.push(event.at - started);
    }
  }
  await Promise.all(clients.map((c) => c.close()));
  return { delays, acks };
}

/** The same writes, read back on B by polling GET until the plan's revision shows them. */
async function measurePolling(
  writer: ApiClient,
  reader: ApiClient,
  planId: string,
  actionIds: string[],
  revisions: Record<string, number>,
  writes: number,
): Promise<number[]> {
  const delays: number[] = [];
  for (let k = 0; k < writes; k++) {
    const actionId = actionIds[k % actionIds.length]!;
    const started = performance.now();
    const res = await writer.request('PATCH', `/api/v1/actions/${actionId}`, {
      revision: revisions[actionId],
      changes: { priority: (k % 3) + 1 },
    });
    if (res.status !== 200) throw new Error(`write ${k} answered ${res.status}`);
    revisions[actionId] = res.body.revision;
    const expected = res.body.revision as number;
    for (;;) {
      const read = await reader.get(`/api/v1/plans/${planId}`);
      if (read.body.revisions[actionId] >= expected) break;
    }
    delays.push(performance.now() - started);
  }
  return delays;
}

/** A pg_notify on one connection heard by LISTEN on another. */
async function measureBareNotify(url: string, count: number): Promise<number[]> {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  await listener.query('LISTEN bench_live');
  const delays: number[] = [];
  for (let k = 0; k < count; k++) {
    const heard = new Promise<number>((resolve) =>
      listener.once('notification', () => resolve(performance.now())),
    );
    const started = performance.now();
    await sender.query(`select pg_notify('bench_live', $1)`, [String(k)]);
    delays.push((await heard) - started);
  }
  await Promise.all([listener.end(), sender.end()]);
  return delays;
}

async function main() {
  const database = await createEmptyPostgresDatabase();
  const handle = await openDatabase({ url: database.url, poolSize: 2 });
  const stored = await storeEditedPlan(handle, buildEditedPlan('Latence', 10));
  const [writerEmail, readerEmail] = await createEditors(handle, stored.institutionId, 2, 'live');
  await handle.close();
  const env = { DATABASE_URL: database.url };
  const [a, b] = await Promise.all([startServeProcess(env), startServeProcess(env)]);
  try {
    const writer = await signIn(a, writerEmail!);
    const reader = await signIn(b, readerEmail!);
    const revisions = (await writer.get(`/api/v1/plans/${stored.planId}`)).body.revisions as Record<
      string,
      number
    >;
    // Warm both servers up (plan cache, connections, JIT) before measuring.
    await measureStreams(writer, reader, b, stored.planId, stored.actionIds, revisions, 1, 20);
    const notify = await measureBareNotify(database.url, writeCount);
    const polling = await measurePolling(
      writer,
      reader,
      stored.planId,
      stored.actionIds,
      revisions,
      writeCount,
    );
    const one = await measureStreams(
      writer,
      reader,
      b,
      stored.planId,
      stored.actionIds,
      revisions,
      1,
      writeCount,
    );
    const many = await measureStreams(
      writer,
      reader,
      b,
      stored.planId,
      stored.actionIds,
      revisions,
      streamCount,
      writeCount,
    );
    console.log(`live latency, write on A → event on B, ${writeCount} writes one after the other`);
    console.log(`  ${summary('baseline, bare pg NOTIFY → LISTEN', notify)}`);
    console.log(`  ${summary('baseline, polling GET on B until the write shows', polling)}`);
    console.log(`  ${summary('the write itself answered on A (PATCH round trip)', many.acks)}`);
    console.log(`  ${summary('SSE, 1 open stream', one.delays)}`);
    console.log(`  ${summary(`SSE, ${streamCount} open streams (every stream, every write)`, many.delays)}`);
    console.log(
      `  ratio p50 SSE(${streamCount}) / polling: ${(percentile(many.delays, 50) / percentile(polling, 50)).toFixed(2)}`,
    );
    console.log(`load average at end ${loadAverage()}`);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await database.drop();
  }
}

await main();
