/**
 * Server benchmarks.
 *
 * 1. HTTP: GET /api/v1/plans/:id of a generated 300-action plan, signed in, 50 connections
 *    (autocannon), on the embedded database; the baseline is a bare node:http server sending the
 *    same bytes in the same run. Goal: ratio ≥ 0.5, p99 < 50 ms.
 * 2. Scale (PostgreSQL at JALON_BENCH_PG_URL or JALON_TEST_PG_URL): 10,000 plans and 1,000,000
 *    actions generated with batched multi-row inserts, then the dashboard aggregates and French
 *    full-text search, p95 over many calls. Goal: p95 < 100 ms.
 *
 * Run: node bin/run-ts bench/server-bench.ts [http|scale] [--plans N] [--actions-per-plan M]
 * It creates and drops its own database on the server; it is not part of `npm test`.
 */
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts';
import {
  countByAxis,
  countBySite,
  countByStatus,
  listOverdueActions,
  searchActions,
} from '../src/db/repositories/dashboard.ts';
import { buildApp } from '../src/server/app.ts';
import { createUser } from '../src/server/commands/create-user.ts';
import { storeNewPlan } from '../src/server/commands/store-plan.ts';
import { buildPlan } from '../test/factories/build-plan.ts';

const args = process.argv.slice(2);
const only = args.find((a) => a === 'http' || a === 'scale');
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

async function cannon(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections: 50, duration: seconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function benchHttp(): Promise<void> {
  const seconds = option('seconds', 10);
  const database = await openDatabase({ dataDir: 'memory' });
  const stored = await storeNewPlan(database.db, { actor: null, plan: buildPlan({ actionCount: 300 }) });
  await createUser(database.db, {
    actor: null,
    email: 'bench@jalon.example',
    role: 'admin',
    password: 'bench-password-1',
  });
  const app = await buildApp({ database, version: 'bench', loginPerMinute: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const jalonUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${jalonUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@jalon.example', password: 'bench-password-1' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const planUrl = `${jalonUrl}/api/v1/plans/${stored.planId}`;
  const sample = await fetch(planUrl, { headers: { cookie } });
  const bytes = Buffer.from(await sample.arrayBuffer());
  const actionCount = (JSON.stringify(JSON.parse(bytes.toString())).match(/"kind":/g) ?? []).length;

  const bare = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': bytes.length,
    });
    response.end(bytes);
  });
  const barePort = await listen(bare);

  // Warm both up, then measure bare, Jalon, bare again (the machine is shared: the mean of the two bare runs is the baseline).
  await cannon(`http://127.0.0.1:${barePort}/`, {}, 2);
  await cannon(planUrl, { cookie }, 2);
  const bare1 = await cannon(`http://127.0.0.1:${barePort}/`, {}, seconds);
  const jalon = await cannon(planUrl, { cookie }, seconds);
  const bare2 = await cannon(`http://127.0.0.1:${barePort}/`, {}, seconds);
  const baseline = (bare1.requestsPerSecond + bare2.requestsPerSecond) / 2;
  bare.close();
  await app.close();
  await database.close();

  console.log(
    `GET plan (${actionCount} actions, ${(bytes.length / 1024).toFixed(0)} KiB JSON), 50 connections, ${seconds} s each`,
  );
  console.log(
    `  bare node:http  ${baseline.toFixed(0)} req/s (runs: ${bare1.requestsPerSecond.toFixed(0)}, ${bare2.requestsPerSecond.toFixed(0)}), p99 ${bare1.p99} / ${bare2.p99} ms`,
  );
  console.log(
    `  Jalon           ${jalon.requestsPerSecond.toFixed(0)} req/s, p50 ${jalon.p50} ms, p99 ${jalon.p99} ms, non-2xx ${jalon.non2xx}, errors ${jalon.errors}`,
  );
  console.log(
    `  ratio           ${(jalon.requestsPerSecond / baseline).toFixed(2)} (goal ≥ 0.5); p99 goal < 50 ms: ${jalon.p99 < 50 ? 'met' : 'NOT met'}`,
  );
}

const vocabulary = (
  'tutorat stage mémoire évaluation accompagnement étudiants enseignants réussite méthode atelier ' +
  'cours programme compétences référentiel fiche unité apprentissage épreuve intégrée jury ' +
  'coordination qualité implantation campus direction département communication plateforme ' +
  'numérique bibliothèque recherche mobilité international partenariat employeurs alumni ' +
  'enquête satisfaction questionnaire indicateurs tableau bord suivi calendrier horaire charge ' +
  'travail formation continue pédagogie innovation projet collectif terrain professionnel ' +
  'supervision maîtres superviseurs portfolio réflexivité écriture lecture langues anglais ' +
  'néerlandais inclusion handicap aménagements raisonnables bien-être santé mentale remédiation ' +
  'orientation information futurs inscription admission valorisation acquis expérience ' +
  'archives procédures règlement études transparence diffusion résultats analyse transversale'
).split(' ');

function pseudoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeCalls(calls: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run(i + 5);
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

/** Inserts rows `batch` at a time as multi-row INSERT statements. */
async function insertRows(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  rows: unknown[][],
  batch: number,
) {
  for (let i = 0; i < rows.length; i += batch) {
    const slice = rows.slice(i, i + batch);
    const values: unknown[] = [];
    const tuples = slice.map((row) => `(${row.map((v) => `$${values.push(v)}`).join(',')})`);
    await client.query(`insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`, values);
  }
}

async function benchScale(): Promise<void> {
  const plans = option('plans', 10_000);
  const actionsPerPlan = option('actions-per-plan', 100);
  const adminUrl =
    process.env.JALON_BENCH_PG_URL ??
    process.env.JALON_TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/test';
  const name = 'jalon_bench_scale';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | null = null;
  try {
    handle = await openDatabase({ url: url.toString(), poolSize: 4 });
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    const client = await pool.connect();
    const random = pseudoRandom(42);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const statuses = ['planned', 'in_progress', 'done', 'implemented', 'postponed', 'dropped', null];
    const siteCodes = ['LLN', 'MONS', 'MONTIGNIES'];
    const started = performance.now();
    await client.query(`insert into institutions (id, name) values ('inst', 'Haute École de bench')`);
    await client.query(
      `insert into programmes (id, institution_id, name) values ('prog', 'inst', 'Bachelier')`,
    );
    let actionTotal = 0;
    const chunkPlans = 500;
    for (let p0 = 0; p0 < plans; p0 += chunkPlans) {
      const planRows: unknown[][] = [];
      const axisRows: unknown[][] = [];
      const objectiveRows: unknown[][] = [];
      const actionRows: unknown[][] = [];
      for (let p = p0; p < Math.min(plans, p0 + chunkPlans); p++) {
        const planId = `p${p}`;
        planRows.push([
          planId,
          'prog',
          `Plan ${p}`,
          '{LLN,MONS,MONTIGNIES}',
          JSON.stringify({ title: `Plan ${p}`, sites: [] }),
        ]);
        for (let a = 0; a < 4; a++) {
          const axisId = `${planId}a${a}`;
          axisRows.push([
            axisId,
            planId,
            a,
            `Axe ${a + 1}`,
            JSON.stringify({ number: String(a + 1), title: `Axe ${a + 1}` }),
          ]);
          for (let o = 0; o < 5; o++) {
            const objectiveId = `${axisId}o${o}`;
            objectiveRows.push([
              objectiveId,
              planId,
              axisId,
              o,
              `Objectif ${a + 1}.${o + 1}`,
              JSON.stringify({ title: `Objectif ${a + 1}.${o + 1}` }),
            ]);
            const perObjective = Math.round(actionsPerPlan / 20);
            for (let k = 0; k < perObjective; k++) {
              const words = Array.from({ length: 8 + Math.floor(random() * 6) }, () => pick(vocabulary));
              const text = `${words.join(' ')} ${p}-${k}`;
              const sites = random() < 0.3 ? [] : [pick(siteCodes)];
              const status = pick(statuses);
              const year = 2024 + Math.floor(random() * 4);
              const month = 1 + Math.floor(random() * 12);
              const to = `${year}-${String(month).padStart(2, '0')}-28`;
              actionRows.push([
                `${objectiveId}x${k}`,
                planId,
                axisId,
                objectiveId,
                k,
                text,
                status,
                `{${sites.join(',')}}`,
                `{"Coordination ${pick(siteCodes)}"}`,
                to,
                JSON.stringify({ text, sites, status, deadline: to }),
              ]);
            }
          }
        }
      }
      await client.query('begin');
      await insertRows(
        client,
        'plans',
        ['id', 'programme_id', 'title', 'site_codes', 'data'],
        planRows,
        1000,
      );
      await insertRows(client, 'axes', ['id', 'plan_id', 'position', 'title', 'data'], axisRows, 1000);
      await insertRows(
        client,
        'objectives',
        ['id', 'plan_id', 'axis_id', 'position', 'title', 'data'],
        objectiveRows,
        1000,
      );
      await insertRows(
        client,
        'actions',
        [
          'id',
          'plan_id',
          'axis_id',
          'objective_id',
          'position',
          'text',
          'status',
          'sites',
          'responsibles',
          'deadline_to',
          'data',
        ],
        actionRows,
        1000,
      );
      await client.query('commit');
      actionTotal += actionRows.length;
      if ((p0 / chunkPlans) % 4 === 0)
        process.stderr.write(
          `  ${Math.min(plans, p0 + chunkPlans)} plans, ${actionTotal} actions, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
        );
    }
    await client.query('analyze');
    const generation = (performance.now() - started) / 1000;
    client.release();
    await pool.end();
    console.log(
      `Generated ${plans} plans, ${actionTotal} actions on PostgreSQL in ${generation.toFixed(1)} s (multi-row inserts of 1,000 rows, indexes in place)`,
    );

    const db = handle.db;
    const planIds = Array.from({ length: 400 }, (_, i) => `p${Math.floor(pseudoRandom(i + 7)() * plans)}`);
    const today = '2026-11-23';
    const dashboard = await timeCalls(200, (i) =>
      Promise.all([
        countByStatus(db, planIds[i % planIds.length]!),
        countByAxis(db, planIds[i % planIds.length]!),
        countBySite(db, planIds[i % planIds.length]!),
        listOverdueActions(db, planIds[i % planIds.length]!, today),
      ]),
    );
    console.log(
      `  dashboard of one plan (status, by axis, by site, overdue; 4 queries in parallel): p50 ${dashboard.p50.toFixed(1)} ms, p95 ${dashboard.p95.toFixed(1)} ms`,
    );
    const byAxis = await timeCalls(200, (i) => countByAxis(db, planIds[i % planIds.length]!));
    console.log(`  status by axis, one plan: p95 ${byAxis.p95.toFixed(1)} ms`);
    const bySite = await timeCalls(200, (i) => countBySite(db, planIds[i % planIds.length]!));
    console.log(`  status by site, one plan: p95 ${bySite.p95.toFixed(1)} ms`);
    const overdue = await timeCalls(200, (i) => listOverdueActions(db, planIds[i % planIds.length]!, today));
    console.log(`  overdue actions, one plan: p95 ${overdue.p95.toFixed(1)} ms`);

    const rare = vocabulary.filter((_, i) => i % 9 === 0);
    const searchAll = await timeCalls(100, (i) =>
      searchActions(db, `${rare[i % rare.length]} ${vocabulary[(i * 7) % vocabulary.length]}`, null, 20),
    );
    console.log(
      `  full-text search, two words, all ${actionTotal} actions, top 20 by rank: p50 ${searchAll.p50.toFixed(1)} ms, p95 ${searchAll.p95.toFixed(1)} ms`,
    );
    const searchOne = await timeCalls(100, (i) =>
      searchActions(db, vocabulary[i % vocabulary.length]!, null, 20),
    );
    console.log(
      `  full-text search, one common word, all ${actionTotal} actions: p50 ${searchOne.p50.toFixed(1)} ms, p95 ${searchOne.p95.toFixed(1)} ms`,
    );
    const scoped = Array.from({ length: 20 }, (_, i) => `p${i * 37}`);
    const searchScoped = await timeCalls(100, (i) =>
      searchActions(db, vocabulary[i % vocabulary.length]!, scoped, 20),
    );
    console.log(
      `  full-text search, one word, within the 20 plans a user reaches: p50 ${searchScoped.p50.toFixed(1)} ms, p95 ${searchScoped.p95.toFixed(1)} ms`,
    );
  } finally {
    await handle?.close();
    if (!args.includes('--keep')) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (!only || only === 'http') await benchHttp();
if (!only || only === 'scale') await benchScale();
