/**
 * No lost update (issue 11): many editors, two real `jalon serve` processes on one PostgreSQL
 * database. Each editor is a loop of read (GET the plan) → change (add its own marker to an
 * action's indicators) → write (PATCH with the revision it read), and on 409 reads again and
 * retries, as the web app's conflict flow has a person do. Editors are spread over both
 * instances and over 10 actions, so that editors of one action sit on both instances.
 *
 * At the end every accepted write (200) is checked in the database itself (the action's row:
 * its indicators hold every accepted marker once and nothing else, its revision counts one per
 * write) and in the action's history as the API shows it (one edit per accepted write, each
 * adding its marker, each starting from the state the previous one left). A lost write makes
 * the bench fail (exit code 1) with the markers missing.
 *
 * Baselines measured in the same run: the same loop with 1 editor on one instance, and
 * (for what a second instance brings on this machine) the 50 editors on one instance.
 *
 * Run: node bin/run-ts bench/no-lost-update-bench.ts
 * Environment: JALON_BENCH_SECONDS (60), JALON_BENCH_BASELINE_SECONDS (20),
 *   JALON_BENCH_EDITORS (50), JALON_BENCH_ACTIONS (10), JALON_TEST_PG_URL (the PostgreSQL server).
 */
import pg from 'pg';
import type { Plan } from '../src/core/plan-schema.ts';
import { listActions } from '../src/core/plan-walk.ts';
import { openDatabase } from '../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../test/db/test-database.ts';
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

const seconds = envNumber('JALON_BENCH_SECONDS', 60);
const baselineSeconds = envNumber('JALON_BENCH_BASELINE_SECONDS', Math.min(20, seconds));
const editorCount = envNumber('JALON_BENCH_EDITORS', 50);
const actionCount = envNumber('JALON_BENCH_ACTIONS', 10);

interface Accepted {
  actionId: string;
  marker: string;
  revision: number;
}

interface RunFigures {
  label: string;
  editors: number;
  instances: number;
  seconds: number;
  accepted: Accepted[];
  conflicts: number;
  retriedWrites: number;
  maxAttempts: number;
  otherErrors: string[];
  /** One PATCH round trip, ms. */
  writeLatency: number[];
  /** A whole update: read → change → write, retried until accepted, ms. */
  updateLatency: number[];
}

function actionIndicators(plan: Plan, actionId: string): string[] {
  const found = listActions(plan).find((a) => a.action.id === actionId);
  if (!found) throw new Error(`action ${actionId} missing from the plan read`);
  return found.action.indicators;
}

/** Editors signed in (one account each), the i-th on instance floor(i·n/editors), editing action i mod actions. */
async function runEditors(
  label: string,
  servers: ServeProcess[],
  emails: string[],
  planId: string,
  actionIds: string[],
  duration: number,
  tag: string,
): Promise<RunFigures> {
  const clients: ApiClient[] = [];
  for (let i = 0; i < emails.length; i++) {
    const client = new ApiClient(servers[Math.floor((i * servers.length) / emails.length)]!.baseUrl);
    const login = await client.login(emails[i]!, TEST_PASSWORD);
    if (login.status !== 200) throw new Error(`sign-in of ${emails[i]} answered ${login.status}`);
    clients.push(client);
  }
  const figures: RunFigures = {
    label,
    editors: emails.length,
    instances: servers.length,
    seconds: duration,
    accepted: [],
    conflicts: 0,
    retriedWrites: 0,
    maxAttempts: 0,
    otherErrors: [],
    writeLatency: [],
    updateLatency: [],
  };
  const started = performance.now();
  const end = started + duration * 1000;
  const editor = async (i: number) => {
    const client = clients[i]!;
    const actionId = actionIds[i % actionIds.length]!;
    for (let seq = 0; performance.now() < end; seq++) {
      const marker = `${tag}${i}-${seq}`;
      const updateStarted = performance.now();
      for (let attempt = 1; ; attempt++) {
        const read = await client.get(`/api/v1/plans/${planId}`);
        if (read.status !== 200) throw new Error(`${label}: read answered ${read.status}`);
        const indicators = actionIndicators(read.body.plan, actionId);
        const writeStarted = performance.now();
        const written = await client.request('PATCH', `/api/v1/actions/${actionId}`, {
          revision: read.body.revisions[actionId],
          changes: { indicators: [...indicators, marker] },
        });
        figures.writeLatency.push(performance.now() - writeStarted);
        if (written.status === 200) {
          figures.accepted.push({ actionId, marker, revision: written.body.revision });
          figures.maxAttempts = Math.max(figures.maxAttempts, attempt);
          if (attempt > 1) figures.retriedWrites++;
          break;
        }
        if (written.status === 409) {
          figures.conflicts++;
          continue;
        }
        // Anything else is not the conflict flow: counted and shown, the editor moves on.
        figures.otherErrors.push(`${written.status} ${JSON.stringify(written.body).slice(0, 200)}`);
        break;
      }
      figures.updateLatency.push(performance.now() - updateStarted);
    }
  };
  await Promise.all(clients.map((_, i) => editor(i)));
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}

interface Verification {
  checked: number;
  lostInDatabase: string[];
  lostInHistory: string[];
  /** Markers present though no write of them was acknowledged (none expected: every request got its answer). */
  unacknowledged: string[];
  duplicated: string[];
  revisionMismatches: string[];
  brokenChains: string[];
}

/** Every accepted write in the database row and in the history the API shows (read on the last instance). */
async function verify(
  databaseUrl: string,
  reader: ApiClient,
  planId: string,
  actionIds: string[],
  accepted: Accepted[],
): Promise<Verification> {
  const result: Verification = {
    checked: accepted.length,
    lostInDatabase: [],
    lostInHistory: [],
    unacknowledged: [],
    duplicated: [],
    revisionMismatches: [],
    brokenChains: [],
  };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (
      await client.query<{ id: string; revision: number; indicators: string[] }>(
        `select id, revision, data->'indicators' as indicators from actions where plan_id = $1`,
        [planId],
      )
    ).rows;
    for (const actionId of actionIds) {
      const mine = accepted.filter((a) => a.actionId === actionId);
      const expected = new Set(mine.map((a) => a.marker));
      const row = rows.find((r) => r.id === actionId);
      const inRow = row?.indicators ?? [];
      for (const marker of expected) if (!inRow.includes(marker)) result.lostInDatabase.push(marker);
      for (const marker of inRow) if (!expected.has(marker)) result.unacknowledged.push(marker);
      if (new Set(inRow).size !== inRow.length) result.duplicated.push(actionId);
      // Revision 1 at creation, one more per accepted write; each write answered the revision it made.
      if (row?.revision !== 1 + mine.length)
        result.revisionMismatches.push(`${actionId}: ${row?.revision} for ${mine.length} writes`);
      const answered = mine.map((a) => a.revision).sort((a, b) => a - b);
      if (answered.some((r, k) => r !== k + 2))
        result.revisionMismatches.push(`${actionId}: answered revisions not 2…${mine.length + 1}`);

      const history = await reader.get(`/api/v1/actions/${actionId}/history`);
      if (history.status !== 200) throw new Error(`history of ${actionId} answered ${history.status}`);
      const edits = (
        history.body.entries as { kind: string; before?: any; after?: any; at?: string }[]
      ).filter((e) => e.kind === 'edit' && e.after?.indicators);
      const added = new Set<string>();
      let previous: string[] = [];
      for (const edit of edits) {
        const before: string[] = edit.before?.indicators ?? [];
        const after: string[] = edit.after.indicators;
        if (JSON.stringify(before) !== JSON.stringify(previous))
          result.brokenChains.push(
            `${actionId}: an edit starts from ${before.length} indicators, not ${previous.length}`,
          );
        for (const marker of after) if (!before.includes(marker)) added.add(marker);
        previous = after;
      }
      for (const marker of expected) if (!added.has(marker)) result.lostInHistory.push(marker);
      if (edits.length !== mine.length)
        result.lostInHistory.push(`${actionId}: ${edits.length} edits for ${mine.length} accepted writes`);
    }
  } finally {
    await client.end();
  }
  return result;
}

function report(run: RunFigures, check: Verification | null, baseline: RunFigures | null): void {
  const throughput = run.accepted.length / run.seconds;
  const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
  console.log(
    `${run.label}: ${run.editors} editor(s) on ${run.instances} instance(s), ${run.seconds.toFixed(1)} s`,
  );
  console.log(
    `  accepted writes ${run.accepted.length}, 409 answers ${run.conflicts} (each followed by a retry: read again, write again), ` +
      `writes that needed a retry ${run.retriedWrites}, most attempts for one write ${run.maxAttempts}, other errors ${run.otherErrors.length}`,
  );
  console.log(
    `  throughput ${throughput.toFixed(1)} accepted writes/s; PATCH p50 ${p(run.writeLatency, 50)} ms, p99 ${p(run.writeLatency, 99)} ms; ` +
      `whole update (read → write, retries included) p50 ${p(run.updateLatency, 50)} ms, p99 ${p(run.updateLatency, 99)} ms`,
  );
  if (baseline) {
    const base = baseline.accepted.length / baseline.seconds;
    console.log(
      `  ratio to ${baseline.label}: throughput ×${(throughput / base).toFixed(2)}, ` +
        `PATCH p50 ×${(percentile(run.writeLatency, 50) / percentile(baseline.writeLatency, 50)).toFixed(2)}`,
    );
  }
  if (run.otherErrors.length) console.log(`  first other errors: ${run.otherErrors.slice(0, 3).join(' | ')}`);
  if (check) {
    const lost = check.lostInDatabase.length + check.lostInHistory.length;
    console.log(
      `  checked ${check.checked} accepted writes: lost ${lost} (database ${check.lostInDatabase.length}, history ${check.lostInHistory.length}), ` +
        `unacknowledged present ${check.unacknowledged.length}, duplicated ${check.duplicated.length}, ` +
        `revision mismatches ${check.revisionMismatches.length}, broken history chains ${check.brokenChains.length}`,
    );
  }
}

function failures(check: Verification): string[] {
  return [
    ...check.lostInDatabase.map((m) => `lost in the database: ${m}`),
    ...check.lostInHistory.map((m) => `lost in the history: ${m}`),
    ...check.unacknowledged.map((m) => `present without an acknowledged write: ${m}`),
    ...check.duplicated.map((m) => `duplicated markers on ${m}`),
    ...check.revisionMismatches,
    ...check.brokenChains,
  ];
}

const database = await createEmptyPostgresDatabase();
const servers: ServeProcess[] = [];
let failed: string[] = [];
try {
  const handle = await openDatabase({ url: database.url, poolSize: 2 });
  const main = await storeEditedPlan(handle, buildEditedPlan('Plan édité à plusieurs', actionCount));
  const alone = await storeEditedPlan(handle, buildEditedPlan('Plan édité seul', 1));
  const crowd = await storeEditedPlan(handle, buildEditedPlan('Plan édité sur une instance', actionCount));
  const editors = await createEditors(handle, main.institutionId, editorCount);
  await handle.close();
  const env = { DATABASE_URL: database.url };
  servers.push(...(await Promise.all([startServeProcess(env), startServeProcess(env)])));
  const [a, b] = servers as [ServeProcess, ServeProcess];
  console.log(
    `No lost update, PostgreSQL, ${editorCount} editors over ${actionCount} actions; load average at start ${loadAverage()}`,
  );

  // Warm-up: a few updates on each instance, not counted.
  const warm = await runEditors(
    'warm-up',
    [a, b],
    editors.slice(0, 2),
    alone.planId,
    alone.actionIds,
    2,
    'w',
  );

  const single = await runEditors(
    'baseline, 1 editor',
    [a],
    editors.slice(0, 1),
    alone.planId,
    alone.actionIds,
    baselineSeconds,
    's',
  );
  const reader = new ApiClient(b.baseUrl);
  if ((await reader.login(editors[0]!, TEST_PASSWORD)).status !== 200) throw new Error('reader sign-in');
  const singleCheck = await verify(database.url, reader, alone.planId, alone.actionIds, [
    ...warm.accepted,
    ...single.accepted,
  ]);
  report(single, singleCheck, null);

  const oneInstance = await runEditors(
    `${editorCount} editors, one instance`,
    [a],
    editors,
    crowd.planId,
    crowd.actionIds,
    baselineSeconds,
    'o',
  );
  const oneCheck = await verify(database.url, reader, crowd.planId, crowd.actionIds, oneInstance.accepted);
  report(oneInstance, oneCheck, single);

  const both = await runEditors(
    `${editorCount} editors, two instances`,
    [a, b],
    editors,
    main.planId,
    main.actionIds,
    seconds,
    'e',
  );
  const bothCheck = await verify(database.url, reader, main.planId, main.actionIds, both.accepted);
  report(both, bothCheck, single);
  console.log(
    `  two instances vs one: throughput ×${(both.accepted.length / both.seconds / (oneInstance.accepted.length / oneInstance.seconds)).toFixed(2)}`,
  );
  console.log(`load average at end ${loadAverage()}`);
  failed = [...failures(singleCheck), ...failures(oneCheck), ...failures(bothCheck)];
  if (both.otherErrors.length || oneInstance.otherErrors.length)
    failed.push(
      `${both.otherErrors.length + oneInstance.otherErrors.length} writes answered neither 200 nor 409`,
    );
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await database.drop();
}
if (failed.length) {
  console.error(`\nFAILED: ${failed.length} problem(s):\n  ${failed.slice(0, 40).join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('0 lost: every accepted write is in the database and in the history.');
}
