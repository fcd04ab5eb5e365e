import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseHandle } from '../db/connection.ts';
import type { SessionCache } from './auth/session-cache.ts';
import type { PlanCache } from './plan-cache.ts';

/** Seconds: from a cached read (a few ms) to a large import or a PDF of a big plan (tens of s). */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const FILE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/*
 * What belongs to the process rather than to one app: imports run in a process-wide queue,
 * exports and live streams in this process. Created without a registry, so that counting costs
 * nothing more when /metrics is off; `processRegistry` registers them when an app exposes them.
 */
const sseClients = new Gauge({
  name: 'jalon_sse_clients',
  help: 'Live-update streams (Server-Sent Events) open on this process',
  registers: [],
});
const importDuration = new Histogram({
  name: 'jalon_import_duration_seconds',
  help: 'Reading an uploaded or pasted plan, waiting in the import queue included, by size class and outcome',
  labelNames: ['size', 'outcome'] as const,
  buckets: FILE_BUCKETS,
  registers: [],
});
const exportDuration = new Histogram({
  name: 'jalon_export_duration_seconds',
  help: 'Writing a plan as a file, by format and outcome',
  labelNames: ['format', 'outcome'] as const,
  buckets: FILE_BUCKETS,
  registers: [],
});

let processRegistryInstance: Registry | null = null;

/** The process's own metrics (CPU, memory, event loop, GC) and the process-wide ones above. */
function processRegistry(): Registry {
  if (!processRegistryInstance) {
    processRegistryInstance = new Registry();
    collectDefaultMetrics({ register: processRegistryInstance });
    for (const metric of [sseClients, importDuration, exportDuration]) {
      processRegistryInstance.registerMetric(metric);
    }
  }
  return processRegistryInstance;
}

/**
 * Counts one open live-update stream; call the function it returns once, when the stream ends.
 * (For the SSE route: `const untrack = trackSseClient(); request.raw.on('close', untrack)`.)
 */
export function trackSseClient(): () => void {
  sseClients.inc();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    sseClients.dec();
  };
}

/** Times `task` into the histogram with its outcome ("ok" or "error") added to the labels. */
async function timed<T, L extends string>(
  histogram: Histogram<L | 'outcome'>,
  labels: Record<L, string>,
  task: () => Promise<T>,
): Promise<T> {
  const start = performance.now();
  let outcome = 'error';
  try {
    const result = await task();
    outcome = 'ok';
    return result;
  } finally {
    histogram.observe(
      { ...labels, outcome } as Record<L | 'outcome', string>,
      (performance.now() - start) / 1000,
    );
  }
}

export function timeImport<T>(size: 'small' | 'large', task: () => Promise<T>): Promise<T> {
  return timed(importDuration, { size }, task);
}

export function timeExport<T>(format: string, task: () => Promise<T>): Promise<T> {
  return timed(exportDuration, { format }, task);
}

export interface AppMetrics {
  /** Everything `/metrics` shows for this app: its requests, caches and pool, and the process's. */
  registry: Registry;
}

/**
 * The metrics of one app: requests by route pattern (never the raw URL: ids would make a series
 * each), method and status, its caches' hits and misses, and its database pool on PostgreSQL
 * (the embedded database has one in-process connection and no pool: only its kind is shown).
 */
export function installAppMetrics(
  app: FastifyInstance,
  sources: { database: DatabaseHandle; plans: PlanCache; sessions: SessionCache },
): AppMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'jalon_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'jalon_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status',
    labelNames,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unknown addresses share one series: scanners must not make one per URL they try.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  const { plans, sessions, database } = sources;
  registry.registerMetric(
    new Counter({
      name: 'jalon_cache_lookups_total',
      help: 'Lookups in the plan cache and the session cache, by outcome (a hit skips the database load)',
      labelNames: ['cache', 'outcome'] as const,
      registers: [],
      collect() {
        this.reset();
        this.inc({ cache: 'plan', outcome: 'hit' }, plans.lookups.hit);
        this.inc({ cache: 'plan', outcome: 'miss' }, plans.lookups.miss);
        this.inc({ cache: 'session', outcome: 'hit' }, sessions.lookups.hit);
        this.inc({ cache: 'session', outcome: 'miss' }, sessions.lookups.miss);
      },
    }),
  );
  registry.registerMetric(
    new Gauge({
      name: 'jalon_database_info',
      help: 'The database this server uses: kind is "postgres" or "pglite" (embedded)',
      labelNames: ['kind'] as const,
      registers: [],
      collect() {
        this.set({ kind: database.kind }, 1);
      },
    }),
  );
  const pool = database.poolStats;
  if (pool) {
    registry.registerMetric(
      new Gauge({
        name: 'jalon_db_pool_connections',
        help: 'PostgreSQL connections of the pool: open in all ("total") and of those "idle"',
        labelNames: ['state'] as const,
        registers: [],
        collect() {
          const stats = pool();
          this.set({ state: 'total' }, stats.total);
          this.set({ state: 'idle' }, stats.idle);
        },
      }),
    );
    registry.registerMetric(
      new Gauge({
        name: 'jalon_db_pool_max_connections',
        help: 'The most PostgreSQL connections the pool opens',
        registers: [],
        collect() {
          this.set(pool().max);
        },
      }),
    );
    registry.registerMetric(
      new Gauge({
        name: 'jalon_db_pool_waiting_requests',
        help: 'Queries waiting for a free PostgreSQL connection',
        registers: [],
        collect() {
          this.set(pool().waiting);
        },
      }),
    );
  }
  return { registry: Registry.merge([processRegistry(), registry]) };
}
