import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportQueueResponse } from '../../src/core/api/imports.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { zipExpandsBeyond } from '../../src/import/zip-archive.ts';
import { DEFAULT_IMPORT_MEMORY_MB } from '../../src/import/import-size-limit.ts';
import { largeImport } from '../../src/server/import-plan-file.ts';
import { importQueue, type ImportQueueEvent } from '../../src/server/import-queue.ts';
import { generateOfficeFile } from '../support/generated-office-files.ts';
import { currentRss, megabytes, startRssPhase } from '../support/peak-rss.ts';
import { ApiClient, seedRoleUsers, startTestServer, TEST_PASSWORD, type TestServer } from './test-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * The queue and the memory it guards are the server process's, whatever its database: these
 * run on the embedded one (PGlite), which is the heavier in memory; imports' storage is tested
 * on both databases elsewhere (imports-and-demo, import-mapping-api).
 */
describe('large imports on a real server', () => {
  let server: TestServer;
  let coordinator: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    const users = await seedRoleUsers(server.database, 'no-institution');
    coordinator = new ApiClient(server.baseUrl);
    admin = new ApiClient(server.baseUrl);
    expect((await coordinator.login(users.coordinator, TEST_PASSWORD)).status).toBe(200);
    expect((await admin.login(users.admin, TEST_PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function upload(client: ApiClient, name: string, bytes: Uint8Array) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const response = await fetch(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }

  it('runs five large imports sent at once one at a time, shows each caller its place, and stays under the stated peak', async () => {
    // A plan table of 1,600 rows: a 0.2 MB file whose 4.2 MB of XML make it a large import.
    const bytes = generateOfficeFile('docx-plan', 1600);
    expect(zipExpandsBeyond(bytes, largeImport.expandedBytes)).toBe(true);
    const events: ImportQueueEvent[] = [];
    const stopObserving = importQueue.observe((event) => events.push(event));
    const idle = currentRss();
    const phase = startRssPhase();
    try {
      const adminPolls: ImportQueueResponse[] = [];
      const polling = { on: true };
      const poller = (async () => {
        while (polling.on) {
          adminPolls.push((await admin.get<ImportQueueResponse>('/api/v1/imports/queue')).body);
          await sleep(50);
        }
      })();
      const coordinatorImports = [1, 2, 3, 4].map((n) => upload(coordinator, `plan-${n}.docx`, bytes));
      // Once the coordinator's four are in the queue, the admin's joins behind those waiting.
      const entered = () =>
        events.filter((e) => e.kind === 'start').length + importQueue.status(null).waiting;
      await until(() => entered() === 4, "the coordinator's four imports to be queued");
      const adminImport = upload(admin, 'plan-admin.docx', bytes);
      await until(() => entered() === 5, "the admin's import to be queued");
      // The admin's is the last of those waiting then; some may have run since.
      const waitingThen = importQueue.status(null).waiting;
      const place = (await admin.get<ImportQueueResponse>('/api/v1/imports/queue')).body;
      expect(place.running).toBe(1);
      expect(place.position).not.toBeNull();
      expect(place.position!).toBeLessThanOrEqual(waitingThen);
      // The coordinator's first waiting import is ahead of the admin's.
      const coordinatorPlace = (await coordinator.get<ImportQueueResponse>('/api/v1/imports/queue')).body;
      if (coordinatorPlace.position !== null) expect(coordinatorPlace.position).toBeLessThan(place.position!);

      const responses = await Promise.all([...coordinatorImports, adminImport]);
      polling.on = false;
      await poller;
      for (const response of responses) {
        expect(response.status).toBe(201);
        expect(listActions(response.body.plan)).toHaveLength(1600);
      }
      // One at a time: each import started after the one before it ended.
      expect(events.map((e) => e.kind)).toEqual([
        'start',
        'end',
        'start',
        'end',
        'start',
        'end',
        'start',
        'end',
        'start',
        'end',
      ]);
      // The admin's place only went down while it waited, then it ran (no place).
      const places = adminPolls.map((p) => p.position).filter((p): p is number => p !== null);
      expect(places.length).toBeGreaterThan(0);
      expect(places).toEqual([...places].sort((a, b) => b - a));
      // Once the last import has left the queue (its answer may go out just before), it is empty.
      await until(
        () => events.filter((e) => e.kind === 'end').length === 5,
        'the last import to leave the queue',
      );
      expect((await admin.get<ImportQueueResponse>('/api/v1/imports/queue')).body).toEqual({
        running: 0,
        waiting: 0,
        position: null,
      });
    } finally {
      stopObserving();
    }
    const peakOverIdle = megabytes(phase.stop() - idle);
    expect(peakOverIdle, `peak ${peakOverIdle.toFixed(0)} MB over idle`).toBeLessThan(
      DEFAULT_IMPORT_MEMORY_MB,
    );
  });

  it('answers the queue to those who may import only', async () => {
    const reader = new ApiClient(server.baseUrl);
    expect((await reader.login('reader@test.example', TEST_PASSWORD)).status).toBe(200);
    expect((await reader.get('/api/v1/imports/queue')).status).toBe(403);
    expect((await new ApiClient(server.baseUrl).get('/api/v1/imports/queue')).status).toBe(401);
    expect((await coordinator.get('/api/v1/imports/queue')).body).toEqual({
      running: 0,
      waiting: 0,
      position: null,
    });
  });
});
