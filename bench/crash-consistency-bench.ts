/**
 * Crash consistency (issue 11): a real `jalon serve` process killed with SIGKILL (`kill -9`)
 * during a large import and during bursts of writes, on PostgreSQL and on the embedded database
 * (a PGlite data directory), then started again on the same data. After each restart:
 * - the data directory opens (the server starts and answers);
 * - no partial plan: every imported plan holds all the actions of its preview, or is absent;
 * - every acknowledged (2xx-answered) write is present, those of earlier runs included: the
 *   actions created, the markers added to an action, the import previews (a preview acknowledged
 *   but not confirmed can still be confirmed, once; a confirmed one answers 404);
 * - the sessions signed in before the crashes still work (they live in the database).
 * Half the import kills land in the preview (upload, reading, storing the preview), half in
 * the confirmation (storing the plan), at instants spread evenly over each step as a clean run
 * measured it; the burst kills are spread over the first 3 s of each burst.
 *
 * Baseline, same run: the restart after a clean stop (SIGTERM), beside the restart after a kill.
 * Any lost write, partial plan or directory that does not open makes the bench fail (exit 1).
 *
 * Run: node bin/run-ts bench/crash-consistency-bench.ts
 * Environment: JALON_BENCH_CRASH_RUNS (20 of each kind), JALON_BENCH_IMPORT_ROWS (2000 rows of a
 *   Word plan table), JALON_BENCH_WRITERS (10), JALON_BENCH_DATABASES (postgres,pglite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Plan } from '../src/core/plan-schema.ts';
import { listActions } from '../src/core/plan-walk.ts';
import { openDatabase } from '../src/db/connection.ts';
import { createEmptyPostgresDatabase } from '../test/db/test-database.ts';
import { generateOfficeFile } from '../test/support/generated-office-files.ts';
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

const runs = envNumber('JALON_BENCH_CRASH_RUNS', 20);
const importRows = envNumber('JALON_BENCH_IMPORT_ROWS', 2000);
const writerCount = envNumber('JALON_BENCH_WRITERS', 10);
const kinds = (process.env.JALON_BENCH_DATABASES ?? 'postgres,pglite').split(',') as (
  'postgres' | 'pglite'
)[];
const IMPORT_TITLE = 'Import interrompu';

interface Figures {
  kind: string;
  importRuns: number;
  burstRuns: number;
  killPhases: Record<string, number>;
  acknowledgedChecked: number;
  /** Acknowledged writes at the end: actions created, markers added, imports confirmed. */
  distinctAcknowledged: number;
  lost: string[];
  partialPlans: string[];
  didNotOpen: string[];
  /** Writes present though their answer never came (the commit happened before the kill). */
  presentUnacknowledged: number;
  inFlightAtKill: number;
  crashRestartMs: number[];
  cleanRestartMs: number[];
  importMs: { preview: number; confirm: number };
  importActions: number;
}

/** Acknowledged writes, checked after every restart. */
interface Ledger {
  createdActions: { id: string; text: string }[];
  /** Marker → the action whose indicators must hold it. */
  markers: { actionId: string; marker: string }[];
  /** Markers and texts sent whose answer never came. */
  unanswered: Set<string>;
  /** Confirmed imports: plan id → expected action count. */
  importedPlans: Map<string, number>;
}

function isConnectionError(error: unknown): boolean {
  return error instanceof TypeError || (error as { code?: string }).code === 'ECONNRESET';
}

function countActions(plan: Plan): number {
  return listActions(plan).length;
}

async function upload(client: ApiClient, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${client.baseUrl}/api/v1/imports`, {
    method: 'POST',
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
    body: form,
  });
  const body = (await response.json()) as { importId: string; plan: Plan };
  return { status: response.status, body };
}

/** Starts the server on the data; the time from spawning the process to its "ready" line. */
async function startTimed(env: Record<string, string>): Promise<{ server: ServeProcess; ms: number }> {
  const started = performance.now();
  const server = await startServeProcess(env);
  return { server, ms: performance.now() - started };
}

/** Points clients (signed in once, sessions kept in the database) at a new process. */
function repoint(clients: ApiClient[], server: ServeProcess): void {
  for (const client of clients) (client as { baseUrl: string }).baseUrl = server.baseUrl;
}

async function benchKind(kind: 'postgres' | 'pglite'): Promise<Figures> {
  const figures: Figures = {
    kind,
    importRuns: 0,
    burstRuns: 0,
    killPhases: {},
    acknowledgedChecked: 0,
    distinctAcknowledged: 0,
    lost: [],
    partialPlans: [],
    didNotOpen: [],
    presentUnacknowledged: 0,
    inFlightAtKill: 0,
    crashRestartMs: [],
    cleanRestartMs: [],
    importMs: { preview: 0, confirm: 0 },
    importActions: 0,
  };
  const pgDatabase = kind === 'postgres' ? await createEmptyPostgresDatabase() : null;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'jalon-crash-data-')) : null;
  const env: Record<string, string> = pgDatabase
    ? { DATABASE_URL: pgDatabase.url }
    : { JALON_DATA: dataDir! };
  let server: ServeProcess | null = null;
  try {
    // The plan the bursts write to (one action per writer) and the accounts, before any server runs.
    const handle = await openDatabase(
      pgDatabase ? { url: pgDatabase.url, poolSize: 2 } : { dataDir: dataDir! },
    );
    const burstPlan = await storeEditedPlan(handle, buildEditedPlan('Plan des rafales', writerCount));
    const emails = await createEditors(handle, burstPlan.institutionId, writerCount + 1, 'writer');
    await handle.close();
    server = (await startTimed(env)).server;
    const clients = emails.map(() => new ApiClient(server!.baseUrl));
    for (let i = 0; i < clients.length; i++) {
      const login = await clients[i]!.login(emails[i]!, TEST_PASSWORD);
      if (login.status !== 200) throw new Error(`sign-in of ${emails[i]}: ${login.status}`);
    }
    const importer = clients[writerCount]!;
    const writers = clients.slice(0, writerCount);
    const ledger: Ledger = {
      createdActions: [],
      markers: [],
      unanswered: new Set(),
      importedPlans: new Map(),
    };
    const file = generateOfficeFile('docx-plan', importRows);

    const cleanRestart = async () => {
      await server!.stop('SIGTERM');
      const restarted = await startTimed(env);
      server = restarted.server;
      figures.cleanRestartMs.push(restarted.ms);
      repoint(clients, server);
    };
    const crashRestart = async (label: string): Promise<boolean> => {
      await server!.stop('SIGKILL');
      try {
        const restarted = await startTimed(env);
        server = restarted.server;
        figures.crashRestartMs.push(restarted.ms);
        repoint(clients, server);
        return true;
      } catch (error) {
        server = null;
        figures.didNotOpen.push(`${label}: ${(error as Error).message.slice(0, 2000)}`);
        return false;
      }
    };

    const readWhole = new Set<string>();
    /** Everything acknowledged so far is there; imported plans are whole. */
    const check = async (label: string) => {
      const reader = writers[0]!;
      const me = await reader.get('/api/v1/auth/me');
      if (me.status !== 200)
        figures.lost.push(`${label}: a session signed in before the crash answered ${me.status}`);
      const read = await reader.get(`/api/v1/plans/${burstPlan.planId}`);
      if (read.status !== 200) throw new Error(`${label}: reading the burst plan answered ${read.status}`);
      const actions = listActions(read.body.plan as Plan).map((a) => a.action);
      const byId = new Map(actions.map((a) => [a.id!, a]));
      for (const created of ledger.createdActions) {
        figures.acknowledgedChecked++;
        if (byId.get(created.id)?.text !== created.text)
          figures.lost.push(`${label}: created action ${created.text}`);
      }
      for (const { actionId, marker } of ledger.markers) {
        figures.acknowledgedChecked++;
        if (!byId.get(actionId)?.indicators.includes(marker)) figures.lost.push(`${label}: marker ${marker}`);
      }
      const present = new Set([...actions.map((a) => a.text), ...actions.flatMap((a) => a.indicators)]);
      for (const sent of ledger.unanswered) {
        if (present.has(sent)) {
          figures.presentUnacknowledged++;
          ledger.unanswered.delete(sent);
        }
      }
      const list = await importer.get('/api/v1/plans');
      const plans = (list.body.plans as { id: string; title: string; actionCount: number }[]).filter((p) =>
        p.title.startsWith(IMPORT_TITLE),
      );
      for (const [planId] of ledger.importedPlans) {
        figures.acknowledgedChecked++;
        if (!plans.some((p) => p.id === planId)) figures.lost.push(`${label}: confirmed import ${planId}`);
      }
      for (const plan of plans) {
        // The list counts each plan's actions in the database; a plan seen for the first time is read whole too.
        let count = plan.actionCount;
        if (!readWhole.has(plan.id)) {
          const full = await importer.get(`/api/v1/plans/${plan.id}`);
          count = full.status === 200 ? countActions(full.body.plan as Plan) : -1;
          readWhole.add(plan.id);
        }
        if (count !== expectedImportActions)
          figures.partialPlans.push(
            `${label}: ${plan.title} holds ${count} of ${expectedImportActions} actions`,
          );
      }
      return plans;
    };

    // A clean import first: how long each step takes, and how many actions a whole plan holds.
    const t0 = performance.now();
    const calibration = await upload(importer, 'plan.docx', file);
    if (calibration.status !== 201) throw new Error(`calibration preview: ${calibration.status}`);
    const t1 = performance.now();
    const expectedImportActions = countActions(calibration.body.plan);
    figures.importActions = expectedImportActions;
    const confirmed = await importer.request('POST', `/api/v1/imports/${calibration.body.importId}/confirm`, {
      title: `${IMPORT_TITLE} ${kind} calibrage`,
    });
    if (confirmed.status !== 201) throw new Error(`calibration confirm: ${confirmed.status}`);
    ledger.importedPlans.set(confirmed.body.planId, expectedImportActions);
    figures.importMs = { preview: t1 - t0, confirm: performance.now() - t1 };
    for (let i = 0; i < 3; i++) await cleanRestart();
    await check('after clean restarts');

    for (let run = 0; run < runs && figures.didNotOpen.length === 0; run++) {
      // Import: upload and read (preview), then confirm. Even runs are killed during the preview,
      // odd runs during the confirmation (the plan's transaction), at instants spread over each
      // step's clean duration (measured from the step's request).
      const inConfirm = run % 2 === 1;
      const slot = (Math.floor(run / 2) + 0.5) / Math.ceil(runs / 2);
      const killAt = slot * 1.1 * (inConfirm ? figures.importMs.confirm : figures.importMs.preview);
      let phase = 'preview';
      const title = `${IMPORT_TITLE} ${kind} ${run}`;
      let importId: string | null = null;
      const victim = server;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        timer = setTimeout(() => {
          figures.killPhases[phase] = (figures.killPhases[phase] ?? 0) + 1;
          phase = 'killed';
          victim.child.kill('SIGKILL');
        }, killAt);
      };
      try {
        if (!inConfirm) arm();
        const preview = await upload(importer, 'plan.docx', file);
        if (preview.status === 201) {
          importId = preview.body.importId;
          if (phase === 'preview') phase = 'confirm';
          if (inConfirm) arm();
          const done = await importer.request('POST', `/api/v1/imports/${importId}/confirm`, { title });
          if (done.status === 201) {
            ledger.importedPlans.set(done.body.planId, expectedImportActions);
            importId = null;
            if (phase === 'confirm') phase = 'after the import';
          }
        }
      } catch (error) {
        if (!isConnectionError(error)) throw error;
      }
      clearTimeout(timer);
      // An import that ended before its kill instant: the kill lands in an idle server.
      if (phase === 'after the import') figures.killPhases[phase] = (figures.killPhases[phase] ?? 0) + 1;
      await victim.stop('SIGKILL');
      if (!(await crashRestart(`import run ${run}`))) break;
      figures.importRuns++;
      const plans = await check(`import run ${run}`);
      if (importId) {
        // The preview was acknowledged, its confirmation not: it is still there, exactly once.
        const stored = plans.find((p) => p.title === title);
        const again = await importer.request('POST', `/api/v1/imports/${importId}/confirm`, { title });
        figures.acknowledgedChecked++;
        if (stored && again.status !== 404)
          figures.lost.push(`import run ${run}: a committed confirmation confirmed again (${again.status})`);
        if (!stored && again.status !== 201)
          figures.lost.push(`import run ${run}: the acknowledged preview is gone (${again.status})`);
        if (again.status === 201) ledger.importedPlans.set(again.body.planId, expectedImportActions);
      }
    }

    for (let run = 0; run < runs && figures.didNotOpen.length === 0; run++) {
      // Burst: every writer adds markers to its own action and creates actions, as fast as answers come.
      const killAt = 300 + ((run + 0.5) / runs) * 2700;
      const victim = server;
      // Each writer reads its action first; the kill instant counts from when they all start writing.
      const start = await Promise.all(
        writers.map(async (client, w) => {
          const actionId = burstPlan.actionIds[w]!;
          const read = await client.get(`/api/v1/plans/${burstPlan.planId}`);
          if (read.status !== 200) throw new Error(`burst read answered ${read.status}`);
          const action = listActions(read.body.plan as Plan).find((a) => a.action.id === actionId)!.action;
          return { indicators: action.indicators, revision: read.body.revisions[actionId] as number };
        }),
      );
      const burst = { killed: false };
      const timer = setTimeout(() => {
        burst.killed = true;
        victim.child.kill('SIGKILL');
      }, killAt);
      await Promise.all(
        writers.map(async (client, w) => {
          const actionId = burstPlan.actionIds[w]!;
          let { indicators, revision } = start[w]!;
          for (let seq = 0; !burst.killed; seq++) {
            const marker = `b${run}-${w}-${seq}`;
            ledger.unanswered.add(marker);
            try {
              if (seq % 2 === 0) {
                const res = await client.request('PATCH', `/api/v1/actions/${actionId}`, {
                  revision,
                  changes: { indicators: [...indicators, marker] },
                });
                if (res.status !== 200) throw new Error(`burst edit answered ${res.status}`);
                ledger.unanswered.delete(marker);
                ledger.markers.push({ actionId, marker });
                indicators = [...indicators, marker];
                revision = res.body.revision;
              } else {
                const res = await client.request(
                  'POST',
                  `/api/v1/objectives/${burstPlan.objectiveId}/actions`,
                  {
                    action: { text: marker, sites: [] },
                  },
                );
                if (res.status !== 201) throw new Error(`burst creation answered ${res.status}`);
                ledger.unanswered.delete(marker);
                ledger.createdActions.push({ id: res.body.action.id, text: marker });
              }
            } catch (error) {
              if (!isConnectionError(error)) throw error;
              figures.inFlightAtKill++;
              return;
            }
          }
        }),
      );
      clearTimeout(timer);
      await victim.stop('SIGKILL');
      if (!(await crashRestart(`burst run ${run}`))) break;
      figures.burstRuns++;
      await check(`burst run ${run}`);
    }

    figures.distinctAcknowledged =
      ledger.createdActions.length + ledger.markers.length + ledger.importedPlans.size;
    if (server) {
      for (let i = 0; i < 3; i++) await cleanRestart();
      await check('after the last clean restarts');
      await server.stop('SIGTERM');
      server = null;
    }
    // Last, the data read without the server: every imported plan whole, straight from SQL.
    const rows = await countImportedActions(pgDatabase?.url ?? null, dataDir);
    for (const row of rows)
      if (row.actions !== expectedImportActions)
        figures.partialPlans.push(
          `in SQL: ${row.title} holds ${row.actions} of ${expectedImportActions} actions`,
        );
    if (rows.length !== ledger.importedPlans.size)
      figures.lost.push(`in SQL: ${rows.length} imported plans for ${ledger.importedPlans.size} confirmed`);
  } finally {
    await server?.stop('SIGKILL');
    await pgDatabase?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

async function countImportedActions(url: string | null, dataDir: string | null) {
  const query = `select p.title, count(a.id)::int as actions from plans p left join actions a on a.plan_id = p.id
    where p.title like '${IMPORT_TITLE}%' group by p.id, p.title`;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ title: string; actions: number }>(query)).rows;
    } finally {
      await client.end();
    }
  }
  const handle = await openDatabase({ dataDir: dataDir! });
  try {
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    return (await client.query<{ title: string; actions: number }>(query)).rows;
  } finally {
    await handle.close();
  }
}

function report(f: Figures): void {
  const median = (values: number[]) => percentile(values, 50);
  console.log(`${f.kind}:`);
  console.log(
    `  large import (Word, ${importRows} rows, ${f.importActions} actions): clean preview ${(f.importMs.preview / 1000).toFixed(1)} s, confirmation ${(f.importMs.confirm / 1000).toFixed(1)} s`,
  );
  console.log(
    `  runs: ${f.importRuns} killed during an import (${Object.entries(f.killPhases)
      .map(([phase, n]) => `${n} in ${phase}`)
      .join(', ')}), ${f.burstRuns} killed during a burst of writes (${writerCount} writers)`,
  );
  console.log(
    `  acknowledged writes ${f.distinctAcknowledged}, checks of them ${f.acknowledgedChecked} (all of them after each restart), lost ${f.lost.length}, partial plans ${f.partialPlans.length}, ` +
      `data directory did not open ${f.didNotOpen.length}; writes in flight at the kill ${f.inFlightAtKill}, of which found committed ${f.presentUnacknowledged}`,
  );
  const crash = median(f.crashRestartMs);
  const clean = median(f.cleanRestartMs);
  console.log(
    `  restart after kill -9: median ${(crash / 1000).toFixed(2)} s (max ${(Math.max(...f.crashRestartMs) / 1000).toFixed(2)} s); ` +
      `after a clean stop: median ${(clean / 1000).toFixed(2)} s (${f.cleanRestartMs.length} restarts); ratio ${(crash / clean).toFixed(2)}`,
  );
}

console.log(`Crash consistency, ${runs} kills of each kind; load average at start ${loadAverage()}`);
const problems: string[] = [];
for (const kind of kinds) {
  const figures = await benchKind(kind);
  report(figures);
  problems.push(
    ...figures.lost.map((m) => `${kind} lost: ${m}`),
    ...figures.partialPlans.map((m) => `${kind} partial plan: ${m}`),
    ...figures.didNotOpen.map((m) => `${kind} did not open: ${m}`),
  );
}
console.log(`load average at end ${loadAverage()}`);
if (problems.length) {
  console.error(`\nFAILED: ${problems.length} problem(s):\n  ${problems.slice(0, 40).join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('0 lost, 0 partial plans, every data directory opened.');
}
