import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JalonError } from '../../src/core/errors.ts';
import { importPlanFile } from '../../src/server/import-plan-file.ts';
import { seedFile } from '../support/shared-files.ts';
import {
  ApiClient,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../server/test-server.ts';

const seed002 = seedFile('002_b31f838c1917508f.txt');

/** The server's import reads JALON_MAX_IMPORT_MB on each import, as the CLI does. */
describe("the server's import size limit (JALON_MAX_IMPORT_MB)", () => {
  const saved = process.env.JALON_MAX_IMPORT_MB;
  afterEach(() => {
    if (saved === undefined) delete process.env.JALON_MAX_IMPORT_MB;
    else process.env.JALON_MAX_IMPORT_MB = saved;
  });

  it('refuses an uploaded file over the limit, naming the file and the limit', async () => {
    process.env.JALON_MAX_IMPORT_MB = '0.01';
    const error = await importPlanFile({ name: 'plan 2015.txt', bytes: readFileSync(seed002) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JalonError);
    expect((error as JalonError).code).toBe('FILE_TOO_LARGE');
    expect((error as JalonError).message).toMatch(/^plan 2015\.txt is .* over the 10\.2 kB limit\.$/);
    process.env.JALON_MAX_IMPORT_MB = '1';
    const { plan } = await importPlanFile({ name: 'plan 2015.txt', bytes: readFileSync(seed002) });
    expect(plan.axes).toHaveLength(3);
  });

  describe('over HTTP', () => {
    let server: TestServer;
    let coordinator: ApiClient;
    beforeAll(async () => {
      server = await startTestServer('pglite');
      const users = await seedRoleUsers(server.database, 'no-institution');
      coordinator = new ApiClient(server.baseUrl);
      await coordinator.login(users.coordinator, TEST_PASSWORD);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers 413 with the file and the limit, and keeps no pending import', async () => {
      process.env.JALON_MAX_IMPORT_MB = '0.01';
      const send = (lang: string) =>
        coordinator.request(
          'POST',
          '/api/v1/imports',
          { text: readFileSync(seed002, 'utf8'), format: 'txt', fileName: 'plan 2015.txt' },
          { 'accept-language': lang },
        );
      const response = await send('en');
      expect(response.status).toBe(413);
      expect(JSON.stringify(response.body)).toContain('plan 2015.txt is');
      expect(JSON.stringify(response.body)).toContain('over the 10.2 kB limit');
      const french = await send('fr');
      expect(french.status).toBe(413);
      expect(french.body.error.message).toMatch(
        /^plan 2015\.txt fait 2\d,\d ko, au-delà de la limite de 10,2 ko\.$/,
      );
      const pending = (await server.database.db.execute(
        sql`select count(*)::int as n from pending_imports`,
      )) as unknown as { rows: Array<{ n: number }> };
      expect(Number(pending.rows[0]!.n)).toBe(0);
    });
  });
});
