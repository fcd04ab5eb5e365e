/**
 * Idle memory of one `jalon serve` process (issue 11), on PostgreSQL (an empty database made for
 * the run) and on the embedded database (a new PGlite data directory), each started as an
 * operator does, demo data loaded: its resident set (the kernel's VmRSS) when ready, after a
 * few requests (sign in, the plans, each plan, its dashboard, its timeline of changes; 5 rounds)
 * and settled (20 s idle after them).
 * Baselines, same run, same measure: a bare `node -e` process, and a plain fastify server
 * answering one JSON route after as many requests.
 *
 * Run: node bin/run-ts bench/idle-memory-bench.ts
 * Environment: JALON_BENCH_SETTLE_SECONDS (20), JALON_TEST_PG_URL (the PostgreSQL server).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyPostgresDatabase } from '../test/db/test-database.ts';
import { startServeProcess } from '../test/server/serve-process.ts';
import { ApiClient } from '../test/server/test-server.ts';
import { envNumber, loadAverage, mb, processRss } from './serve-support.ts';

const settleSeconds = envNumber('JALON_BENCH_SETTLE_SECONDS', 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  label: string;
  ready: number;
  afterRequests: number;
  settled: number;
}

/** A child node process running `code` that prints its port (or "ready") once listening. */
async function startNode(code: string): Promise<{ pid: number; port: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: process.cwd(),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`baseline process exited: ${out}`)));
  });
  return {
    pid: child.pid!,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function baseline(label: string, code: string, requests: (port: number) => Promise<void>) {
  const child = await startNode(code);
  try {
    const ready = processRss(child.pid);
    await requests(child.port);
    const afterRequests = processRss(child.pid);
    await sleep(settleSeconds * 1000);
    return { label, ready, afterRequests, settled: processRss(child.pid) };
  } finally {
    await child.stop();
  }
}

/** The demo's admin account, as the first start prints it (the one time its password shows). */
function demoAdmin(output: string): { email: string; password: string } {
  const match = /^\s+admin\s+(\S+@\S+)\s+(\S+)/m.exec(output);
  if (!match) throw new Error(`no demo admin account in the start output:\n${output}`);
  return { email: match[1]!, password: match[2]! };
}

async function jalon(label: string, env: Record<string, string>): Promise<Figures> {
  const server = await startServeProcess(env, []);
  try {
    const pid = server.child.pid!;
    await sleep(1000);
    const ready = processRss(pid);
    const admin = demoAdmin(server.output());
    const client = new ApiClient(server.baseUrl);
    const login = await client.login(admin.email, admin.password);
    if (login.status !== 200) throw new Error(`demo admin sign-in: ${login.status}`);
    for (let round = 0; round < 5; round++) {
      const plans = await client.get('/api/v1/plans');
      if (plans.status !== 200) throw new Error(`plans: ${plans.status}`);
      for (const plan of plans.body.plans as { id: string }[]) {
        for (const path of ['', '/dashboard', '/changes']) {
          const read = await client.get(`/api/v1/plans/${plan.id}${path}`);
          if (read.status !== 200) throw new Error(`plan${path}: ${read.status}`);
        }
      }
    }
    const afterRequests = processRss(pid);
    await sleep(settleSeconds * 1000);
    return { label, ready, afterRequests, settled: processRss(pid) };
  } finally {
    await server.stop();
  }
}

const fetchTimes = async (url: string, times: number) => {
  for (let i = 0; i < times; i++) await (await fetch(url)).text();
};

console.log(
  `Idle memory (VmRSS), settled = ${settleSeconds} s after the requests; load average ${loadAverage()}`,
);
const results: Figures[] = [];
results.push(
  await baseline(
    'bare node -e (an idle timer)',
    "setInterval(() => {}, 1000); process.stdout.write('ready 0\\n');",
    async () => {},
  ),
);
results.push(
  await baseline(
    'plain fastify, one JSON route',
    `import Fastify from 'fastify';
     const app = Fastify();
     app.get('/', async () => ({ plans: Array.from({ length: 50 }, (_, i) => ({ id: i, title: 'Plan ' + i })) }));
     await app.listen({ port: 0, host: '127.0.0.1' });
     process.stdout.write('ready ' + app.server.address().port + '\\n');`,
    (port) => fetchTimes(`http://127.0.0.1:${port}/`, 100),
  ),
);
const database = await createEmptyPostgresDatabase();
try {
  results.push(await jalon('jalon serve, PostgreSQL, demo data', { DATABASE_URL: database.url }));
} finally {
  await database.drop();
}
const dataDir = mkdtempSync(join(tmpdir(), 'jalon-idle-data-'));
try {
  results.push(await jalon('jalon serve, embedded PGlite data dir, demo data', { JALON_DATA: dataDir }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const bare = results[0]!.settled;
const fastify = results[1]!.settled;
for (const r of results) {
  console.log(
    `  ${r.label.padEnd(50)} ready ${mb(r.ready).padStart(7)}, after requests ${mb(r.afterRequests).padStart(7)}, ` +
      `settled ${mb(r.settled).padStart(7)}  (×${(r.settled / bare).toFixed(1)} bare node, ×${(r.settled / fastify).toFixed(1)} plain fastify)`,
  );
}
console.log(`load average at end ${loadAverage()}`);
