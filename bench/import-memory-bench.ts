/**
 * Import memory: the largest DOCX and XLSX files the default limits accept, each imported in a
 * child process of its own through the server's entry to the importers (importPlanFile: large
 * files wait in the import queue and run in a thread with a capped heap), with the process's
 * resident memory before (idle, importers loaded), at its peak during the import (the
 * kernel's high-water mark, threads included) and 6 s after (the result dropped, a garbage
 * collection every 200 ms: V8 gives freed pages back to the system within seconds, not at
 * once). Six files, each sized to the largest the limits let through (file size, expanded
 * XML, cells):
 * - a plan table of realistic rows (Word), and a plan sheet with shared strings (Excel);
 * - a Word "text bomb": paragraphs of one repeated sentence (the 2 MB that expanded to
 *   450 MB), the same above a small plan table (all that text ends in the plan), and "cell
 *   bombs" in Word and Excel: a plan header over rows of one-letter cells, the most objects
 *   per byte.
 * Then five of the largest plan tables, and five of the text above a table, sent at once to a
 * real server (PGlite) in a child process: its queue reads them one at a time.
 * Baseline, same run, same file: zlib inflating every part and keeping nothing, the least any
 * import of the file does. Goal: the peak stays under 512 MB over idle (the default import
 * memory, JALON_IMPORT_MEMORY_MB), and the process comes back within 64 MB of idle.
 *
 * Run: node --expose-gc bin/run-ts bench/import-memory-bench.ts [--only docx-plan,…,server]
 *      [--scale 0.1] [--keep-files]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { listActions } from '../src/core/plan-walk.ts';
import {
  DEFAULT_MAX_EXPANDED_BYTES,
  DEFAULT_MAX_IMPORT_BYTES,
  DEFAULT_MAX_IMPORT_CELLS,
} from '../src/import/import-file.ts';
import {
  generateOfficeFile,
  unitsWithin,
  writeOfficeFile,
  type GeneratedKind,
} from '../test/support/generated-office-files.ts';
import { currentRss, megabytes, startRssPhase } from '../test/support/peak-rss.ts';

const args = process.argv.slice(2);
const peakGoalMb = 512;
const afterGoalMb = 64;
const kinds: GeneratedKind[] = [
  'docx-plan',
  'docx-text-bomb',
  'docx-prose-plan',
  'docx-cell-bomb',
  'xlsx-plan',
  'xlsx-cell-bomb',
];

interface ChildFigures {
  idle: number;
  peak: number;
  after: number;
  elapsed: number;
  outcome: string;
}

/**
 * A full collection each 200 ms for `settleMs`: V8 gives the pages it freed back to the
 * system a few seconds after a large import (its memory reducer), not at once.
 */
async function collectGarbage(settleMs = 400): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let waited = 0; waited < settleMs; waited += 200) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Child process: imports the file (or inflates it, for the baseline) and prints its figures as JSON. */
async function measureInChild(mode: string, path: string): Promise<void> {
  const { importPlanFile } = await import('../src/server/import-plan-file.ts');
  // Load the importers and both readers first: the idle figure includes their code.
  for (const kind of ['docx-plan', 'xlsx-plan'] as const)
    await importPlanFile({ name: `warm.${kind.slice(0, 4)}`, bytes: generateOfficeFile(kind, 3) });
  const bytes = new Uint8Array(readFileSync(path));
  await collectGarbage(2000);
  const idle = currentRss();
  const phase = startRssPhase();
  const started = performance.now();
  let elapsed = 0;
  let peak = 0;
  const stop = () => {
    elapsed = performance.now() - started;
    peak = phase.stop();
  };
  let outcome: string;
  if (mode === '--inflate') {
    const inflated = await inflateEverything(bytes);
    stop();
    outcome = `${megabytes(inflated).toFixed(0)} MB inflated`;
  } else {
    try {
      const result = await importPlanFile({ name: path.split('/').pop()!, bytes });
      stop();
      outcome = `${listActions(result.plan).length.toLocaleString('en')} actions, ${result.warnings.length.toLocaleString('en')} warnings`;
    } catch (error) {
      stop();
      outcome = `refused: ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`;
    }
  }
  await collectGarbage(6000);
  const figures: ChildFigures = { idle, peak, after: currentRss(), elapsed, outcome };
  process.stdout.write(JSON.stringify(figures));
}

/** The databases the server case runs on: the embedded one in a data directory (`jalon serve`'s default), or PostgreSQL. */
type ServerDatabase = 'pglite' | 'postgres';

/**
 * Child process of the server case: a real server as `jalon serve` runs it (the embedded
 * database in a data directory of its own, or a PostgreSQL database made for the run), its
 * coordinator signed in. It tells the parent its address once warm (one small import of each
 * format done), and its figures when the parent says the uploads are over.
 */
async function serveInChild(kind: ServerDatabase): Promise<void> {
  const { mkdtempSync } = await import('node:fs');
  const { buildApp } = await import('../src/server/app.ts');
  const { openDatabase } = await import('../src/db/connection.ts');
  const { openTestDatabase } = await import('../test/db/test-database.ts');
  const { ApiClient, seedRoleUsers, TEST_PASSWORD } = await import('../test/server/test-server.ts');
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'jalon-import-memory-data-')) : null;
  const database = dataDir ? await openDatabase({ dataDir }) : await openTestDatabase('postgres');
  const app = await buildApp({ database, version: 'bench', loginPerMinute: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const users = await seedRoleUsers(database, 'no-institution');
  const coordinator = new ApiClient(baseUrl);
  await coordinator.login(users.coordinator, TEST_PASSWORD);
  const session = { baseUrl, cookie: coordinator.cookie!, csrf: coordinator.csrfToken! };
  for (const file of ['docx-plan', 'xlsx-plan'] as const)
    await uploadPlan(session, `warm.${file.slice(0, 4)}`, generateOfficeFile(file, 3));
  await collectGarbage(2000);
  const idle = currentRss();
  const phase = startRssPhase();
  process.send!({ session });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const peak = phase.stop();
  await collectGarbage(6000);
  const figures: ChildFigures = { idle, peak, after: currentRss(), elapsed: 0, outcome: '' };
  process.send!({ figures });
  await app.close();
  await database.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.disconnect();
}

interface ServerSession {
  baseUrl: string;
  cookie: string;
  csrf: string;
}

/** POST /api/v1/imports of a file, as the web app sends it; the status and the actions read (the answer is not kept). */
async function uploadPlan(session: ServerSession, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${session.baseUrl}/api/v1/imports`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: form,
  });
  const text = await response.text();
  return {
    status: response.status,
    actions: (text.match(/"kind":"action"/g) ?? []).length,
    text: response.ok ? '' : text,
  };
}

/**
 * The server case: `count` of the largest files of a kind uploaded at once to a real server in
 * a child process (the client is here, so that the answers' memory is not the server's). The
 * queue reads them one at a time; what each costs after its reading (the preview stored, the
 * answer sent) is the server's too.
 */
async function benchServer(
  kind: GeneratedKind,
  database: ServerDatabase,
  limits: { maxBytes: number; maxExpandedBytes: number; maxCells: number },
  count: number,
) {
  const units = unitsWithin(kind, limits);
  const bytes = generateOfficeFile(kind, units);
  const child = spawn(
    process.execPath,
    ['--expose-gc', 'bin/run-ts', 'bench/import-memory-bench.ts', '--serve', database],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const message = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const { session } = await message<{ session: ServerSession }>();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => uploadPlan(session, `plan-${i + 1}.${kind.slice(0, 4)}`, bytes)),
  );
  const elapsed = performance.now() - started;
  child.send('done');
  const { figures } = await message<{ figures: ChildFigures }>();
  const statuses = results.map((r) => r.status).join(', ');
  const ok = results.every((r) => r.status === 201 && r.actions > 0);
  report(
    `server on ${database === 'pglite' ? 'PGlite' : 'PostgreSQL'}: ${count} × ${kind} (${mb(bytes.length)}) at once`,
    `${(elapsed / 1000).toFixed(1)} s`,
    ok,
    ok
      ? `all ${count} read (${statuses}), ${results[0]!.actions.toLocaleString('en')} actions each`
      : `answers ${statuses}: ${results.find((r) => r.text)?.text.slice(0, 120)}`,
  );
  const over = figures.peak - figures.idle;
  report(
    '  server peak resident memory over idle',
    mb(over),
    megabytes(over) <= peakGoalMb,
    `goal ≤ ${peakGoalMb} MB; idle ${mb(figures.idle)}, peak ${mb(figures.peak)}`,
  );
  report(
    '  server after the imports and a GC, over idle',
    mb(figures.after - figures.idle),
    true,
    database === 'pglite' ? 'PGlite keeps the WebAssembly memory it grew to' : '',
  );
}

/** The baseline: every part of the zip through zlib's streaming inflater, output discarded. */
async function inflateEverything(bytes: Uint8Array): Promise<number> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let cursor = view.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < view.readUInt16LE(end + 10); i++) {
    const compressed = view.readUInt32LE(cursor + 20);
    const nameLength = view.readUInt16LE(cursor + 28);
    const local = view.readUInt32LE(cursor + 42);
    const start = local + 30 + view.readUInt16LE(local + 26) + view.readUInt16LE(local + 28);
    total += await new Promise<number>((resolve, reject) => {
      let count = 0;
      const inflater = createInflateRaw();
      inflater.on('data', (chunk: Buffer) => (count += chunk.length));
      inflater.on('end', () => resolve(count));
      inflater.on('error', reject);
      inflater.end(view.subarray(start, start + compressed));
    });
    cursor += 46 + nameLength + view.readUInt16LE(cursor + 30) + view.readUInt16LE(cursor + 32);
  }
  return total;
}

function runChild(mode: string, path: string): ChildFigures | string {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', 'bin/run-ts', 'bench/import-memory-bench.ts', mode, path],
    { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 30 * 60_000 },
  );
  if (child.status === 0) return JSON.parse(child.stdout) as ChildFigures;
  const reason = /heap out of memory|ERR_WORKER_OUT_OF_MEMORY/.test(child.stderr)
    ? 'JavaScript heap out of memory'
    : child.signal
      ? `stopped by ${child.signal}`
      : child.stderr.trim().split('\n').slice(-3).join(' ');
  return `the child process failed: ${reason}`;
}

/** Resident memory of a node process that loads nothing: what any server starts from. */
function bareNodeRss(): string {
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      "process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1])",
    ],
    { encoding: 'utf8' },
  );
  return child.status === 0 ? `${(Number(child.stdout) / 1024).toFixed(0)} MB` : 'unknown';
}

let failed = false;
function report(name: string, value: string, ok: boolean, note = ''): void {
  if (!ok) failed = true;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(48)} ${value.padStart(10)}  ${note}\n`);
}
const mb = (bytes: number) => {
  const value = megabytes(bytes);
  return `${Math.abs(value) < 10 ? value.toFixed(1) : value.toFixed(0)} MB`;
};

async function benchKind(
  kind: GeneratedKind,
  limits: { maxBytes: number; maxExpandedBytes: number; maxCells: number },
) {
  const units = unitsWithin(kind, limits);
  const extension = kind.slice(0, 4);
  const path = join(tmpdir(), `jalon-import-memory-${kind}-${units}.${extension}`);
  const size = await writeOfficeFile(path, kind, units);
  try {
    const imported = runChild('--import', path);
    const baseline = runChild('--inflate', path);
    const title = `${kind}: ${mb(size.bytes)} → ${mb(size.expandedBytes)}, ${units.toLocaleString('en')} ${kind.includes('-text-') || kind.includes('-prose-') ? 'paragraphs' : 'rows'}`;
    if (typeof imported === 'string') {
      report(title, 'error', false, imported);
      return;
    }
    const over = imported.peak - imported.idle;
    const baseOver = typeof baseline === 'string' ? Number.NaN : baseline.peak - baseline.idle;
    report(
      title,
      `${(imported.elapsed / 1000).toFixed(1)} s`,
      true,
      imported.outcome.length > 110 ? `${imported.outcome.slice(0, 110)}…` : imported.outcome,
    );
    report(
      '  peak resident memory over idle',
      mb(over),
      megabytes(over) <= peakGoalMb,
      `goal ≤ ${peakGoalMb} MB; idle ${mb(imported.idle)}, peak ${mb(imported.peak)}; ${(over / baseOver).toFixed(1)}× baseline`,
    );
    report(
      '  after the import and a GC, over idle',
      mb(imported.after - imported.idle),
      megabytes(imported.after - imported.idle) <= afterGoalMb,
      `goal ≤ ${afterGoalMb} MB`,
    );
    if (typeof baseline !== 'string')
      report(
        '  baseline: zlib inflate of every part, peak over idle',
        mb(baseOver),
        true,
        `${(baseline.elapsed / 1000).toFixed(1)} s`,
      );
  } finally {
    if (!args.includes('--keep-files') && existsSync(path)) rmSync(path);
  }
}

const childMode = ['--import', '--inflate'].find((flag) => args.includes(flag));
if (args.includes('--serve')) {
  await serveInChild(args[args.indexOf('--serve') + 1] === 'postgres' ? 'postgres' : 'pglite');
} else if (childMode) {
  await measureInChild(childMode, args[args.indexOf(childMode) + 1]!);
} else {
  // --scale 0.1 makes files a tenth of the largest accepted: a quick look, not the figure.
  const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1;
  const limits = {
    maxBytes: scale * DEFAULT_MAX_IMPORT_BYTES,
    maxExpandedBytes: scale * DEFAULT_MAX_EXPANDED_BYTES,
    maxCells: scale * DEFAULT_MAX_IMPORT_CELLS,
  };
  process.stdout.write(
    `default limits: ${mb(limits.maxBytes)} a file, ${mb(limits.maxExpandedBytes)} expanded, ${limits.maxCells.toLocaleString('en')} table cells; a bare node process idles at ${bareNodeRss()}\n`,
  );
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : [...kinds, 'server'];
  for (const kind of kinds.filter((k) => only.includes(k))) await benchKind(kind, limits);
  if (only.includes('server'))
    for (const database of ['pglite', 'postgres'] as const)
      for (const kind of ['docx-plan', 'docx-prose-plan', 'xlsx-plan'] as const)
        await benchServer(kind, database, limits, 5);
  process.exitCode = failed ? 1 : 0;
}
