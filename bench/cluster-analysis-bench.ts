/**
 * Cluster page and cross-plan analysis of 50 plans × 300 actions on PostgreSQL (issue 13).
 *
 * 1. GET /api/v1/clusters/:id (the cluster page, one row per plan with its dashboard's figures),
 *    signed in as an admin, sequential calls after a first view (timed on its own: it computes
 *    every plan's figures, which later views reuse while the plan's revision stays); baseline: a bare node:http server
 *    sending the same bytes, measured the same way in the same run. Goal: p95 < 200 ms.
 * 2. GET /api/v1/clusters/:id/analysis: first call (plans read from the database) and warm calls
 *    (plans in the cache); and analyseCrossPlanThemes alone, with the BM25 weighting alone
 *    (weighCorpus over the same actions) as the baseline, so what the clustering adds shows.
 *    Goal: analysis < 10 s. Resident memory and heap reported before and after.
 *
 * Texts are drawn from 24 disjoint five-word topics (each objective one, its actions mostly it) plus stray
 * words (seeded), so plans share themes as a cluster's plans do; the plan's shape is the factory's.
 * Run: node --expose-gc bin/run-ts bench/cluster-analysis-bench.ts [--plans N] [--actions M]
 * It creates and drops its own database (JALON_BENCH_PG_URL or JALON_TEST_PG_URL); not part of `npm test`.
 */
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import pg from 'pg';
import { analyseCrossPlanThemes, type ThemePlanInput } from '../src/analysis/cross-plan-themes.ts';
import { weighCorpus } from '../src/analysis/term-weights.ts';
import type { Plan } from '../src/core/plan-schema.ts';
import { listActions } from '../src/core/plan-walk.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts';
import { loadPlan } from '../src/db/repositories/plan-tree.ts';
import { buildApp } from '../src/server/app.ts';
import { createUser } from '../src/server/commands/create-user.ts';
import { storeNewPlan } from '../src/server/commands/store-plan.ts';
import { buildPlan } from '../test/factories/build-plan.ts';
import { ApiClient } from '../test/server/test-server.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const planCount = option('plans', 50);
const actionsPerPlan = option('actions', 300);

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

async function timeCalls(calls: number, run: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const memory = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}`;
};

/**
 * A plan of the factory's shape whose texts are drawn from topics shared across plans: each
 * objective gets a topic (its title from the topic's words), and its actions mostly its topic
 * (one in four another one), as the actions under an objective share its subject in real plans.
 */
function clusterPlan(index: number, random: () => number): Plan {
  const plan = buildPlan({ actionCount: actionsPerPlan, institution: `Haute École ${index + 1}` });
  const topicSize = 5;
  const topics = 24;
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
  const topicWords = (topic: number, n: number) =>
    Array.from({ length: n }, () => vocabulary[topic * topicSize + Math.floor(random() * topicSize)]!);
  const objectiveTopic = new Map<object, number>();
  for (const { action, objectives } of listActions(plan)) {
    const objective = objectives.at(-1);
    let topic = objective ? objectiveTopic.get(objective) : undefined;
    if (topic === undefined) {
      topic = Math.floor(random() * topics);
      if (objective) {
        objectiveTopic.set(objective, topic);
        objective.title = `Objectif : ${topicWords(topic, 3).join(' ')}`;
        for (const parent of objectives.slice(0, -1))
          parent.title = `Axe stratégique ${Math.floor(random() * 6)}`;
      }
    }
    const own = random() < 0.25 ? Math.floor(random() * topics) : topic;
    const words = topicWords(own, 5);
    action.text = `${words.join(' ')} ${pick()} ${pick()}`;
    action.expectedResults = [`${words.slice(0, 2).join(' ')} ${pick()}`];
    action.notes = 'Note interne';
  }
  return plan;
}

const adminUrl =
  process.env.JALON_BENCH_PG_URL ??
  process.env.JALON_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const name = 'jalon_bench_cluster_analysis';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
let handle: DatabaseHandle | null = null;
let ok = false;
try {
  process.stdout.write(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  handle = await openDatabase({ url: url.toString(), poolSize: 4 });
  await createUser(handle.db, {
    actor: null,
    email: 'bench@jalon.example',
    role: 'admin',
    password: 'bench-password-1',
  });
  const random = pseudoRandom(13);
  const planIds: string[] = [];
  const seeding = performance.now();
  for (let p = 0; p < planCount; p++) {
    const stored = await storeNewPlan(handle.db, { actor: null, plan: clusterPlan(p, random) });
    planIds.push(stored.planId);
  }
  process.stdout.write(
    `${planCount} plans × ${actionsPerPlan} actions stored in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`,
  );
  const app = await buildApp({ database: handle, version: 'bench', loginPerMinute: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const client = new ApiClient(base);
  await client.login('bench@jalon.example', 'bench-password-1');
  const cluster = await client.request('POST', '/api/v1/clusters', { name: 'Bench cluster', owner: 'AEQES' });
  const clusterId = cluster.body.cluster.id as string;
  const added = await client.request('POST', `/api/v1/clusters/${clusterId}/plans`, { planIds });
  if (added.status !== 200) throw new Error(`adding plans: ${added.status}`);
  const headers = { cookie: client.cookie! };

  // 2 first (cold: the plans are not in the cache yet).
  process.stdout.write(`before the analysis: ${memory()}\n`);
  let started = performance.now();
  const cold = await fetch(`${base}/api/v1/clusters/${clusterId}/analysis`, { headers });
  const analysis = (await cold.json()) as any;
  const coldMs = performance.now() - started;
  process.stdout.write(`after the analysis: ${memory()}\n`);
  const warm = await timeCalls(3, async () =>
    (await fetch(`${base}/api/v1/clusters/${clusterId}/analysis`, { headers })).arrayBuffer(),
  );

  // 1. The cluster page against bare node:http sending the same bytes.
  const pageUrl = `${base}/api/v1/clusters/${clusterId}`;
  // The first view computes every plan's figures (kept per plan revision); the later ones reuse them.
  started = performance.now();
  const bytes = Buffer.from(await (await fetch(pageUrl, { headers })).arrayBuffer());
  const firstPageMs = performance.now() - started;
  const bare = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': bytes.length,
    });
    response.end(bytes);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareAddress = bare.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}/`;
  const bare1 = await timeCalls(50, async () => (await fetch(bareUrl)).arrayBuffer());
  const page = await timeCalls(100, async () => (await fetch(pageUrl, { headers })).arrayBuffer());
  const bare2 = await timeCalls(50, async () => (await fetch(bareUrl)).arrayBuffer());
  bare.close();

  // The pure analysis, and BM25 weighting alone as its baseline, on the same plans.
  const inputs: ThemePlanInput[] = [];
  for (const planId of planIds) {
    const plan = (await loadPlan(handle.db, planId))!;
    inputs.push({ planId, institution: plan.institution, plan });
  }
  started = performance.now();
  const pure = analyseCrossPlanThemes(inputs);
  const pureMs = performance.now() - started;
  started = performance.now();
  weighCorpus(
    inputs.flatMap(({ planId, plan }) =>
      listActions(plan).map(({ action, objectives }, i) => ({
        id: `${planId}:${action.id ?? i}`,
        parts: [
          { text: action.text, weight: 1 },
          { text: action.expectedResults.join('\n'), weight: 0.5 },
          ...objectives.map((o) => ({ text: o.title, weight: 0.5 })),
        ],
      })),
    ),
  );
  const weighMs = performance.now() - started;
  await app.close();

  const a = analysis.analysis;
  process.stdout.write(
    `Cluster page (${planCount} plans, ${bytes.length} bytes): p50 ${page.p50.toFixed(1)} ms, p95 ${page.p95.toFixed(1)} ms, max ${page.max.toFixed(0)} ms, first view ${firstPageMs.toFixed(0)} ms; ` +
      `bare node:http same bytes p95 ${bare1.p95.toFixed(1)} / ${bare2.p95.toFixed(1)} ms\n`,
  );
  process.stdout.write(
    `Analysis over HTTP of ${a.actionCount} actions: first call ${(coldMs / 1000).toFixed(2)} s (plans read from PostgreSQL), warm p50 ${(warm.p50 / 1000).toFixed(2)} s; ` +
      `${a.themes.length} themes (${a.themes.filter((t: any) => t.institutionCount >= 2).length} across institutions), ${a.unthemed} unthemed, ${a.byCriterion.length} criteria\n`,
  );
  process.stdout.write(
    `analyseCrossPlanThemes alone ${(pureMs / 1000).toFixed(2)} s (${pure.themes.length} themes) against BM25 weighting alone ${(weighMs / 1000).toFixed(2)} s\n`,
  );
  process.stdout.write(
    `at the end: ${memory()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const pageOk = page.p95 < 200;
  const analysisOk = coldMs < 10_000;
  process.stdout.write(
    `${pageOk ? 'OK' : 'FAIL'} cluster page p95 ${page.p95.toFixed(1)} ms (goal < 200 ms); ${analysisOk ? 'OK' : 'FAIL'} analysis ${(coldMs / 1000).toFixed(2)} s (goal < 10 s)\n`,
  );
  ok = pageOk && analysisOk;
} finally {
  await handle?.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
process.exitCode = ok ? 0 : 1;
