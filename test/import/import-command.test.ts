import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema } from '../../src/core/plan-schema.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedFile } from '../support/shared-files.ts';

const run = promisify(execFile);
const jalon = fileURLToPath(new URL('../../bin/jalon', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const layouts = fileURLToPath(new URL('../fixtures/layouts/', import.meta.url));

describe('jalon import', () => {
  it('prints the plan in the Jalon format with --json', async () => {
    const { stdout } = await run(jalon, ['import', fixture('quality-plan-en.csv'), '--json']);
    const plan = planSchema.parse(JSON.parse(stdout));
    expect(plan.axes.map((a) => a.title)).toEqual(['Teaching and learning', 'Links with the profession']);
  });

  it('prints a summary with actions per site, statuses and located warnings', async () => {
    const { stdout } = await run(jalon, ['import', fixture('plan-de-suivi.md')]);
    expect(stdout).toContain('2 axes, 4 objectives, 6 actions');
    expect(stdout).toContain("Statuses: Réalisé 1, En cours 1, À venir 2, Reporté 1, Plus d'actualité 1");
  });

  it('prints how each column was read, and reads a column as the role given with --map or --map-file', async () => {
    const file = join(layouts, 'chantiers-pdf.pdf');
    const { stdout } = await run(jalon, ['import', file]);
    expect(stdout).toMatch(
      /Chantier +→ objective +medium +header "Chantier" is no known field; merged over 3 rows/,
    );
    expect(stdout).toMatch(/Pilote +→ responsibles +high +header "Pilote"/);

    const mapped = await run(jalon, [
      'import',
      file,
      '--json',
      '--map',
      'Chantier=axe',
      '--map',
      'Indicateurs=extra',
    ]);
    const plan = planSchema.parse(JSON.parse(mapped.stdout));
    expect(plan.axes.map((a) => a.title)).toEqual([
      'Stages et articulation théorie-pratique',
      'Aide à la réussite en première année',
      "TFE et évaluation des acquis d'apprentissage",
      'Culture qualité et participation étudiante',
    ]);
    const action = plan.axes[0]!.actions[0]!;
    expect(action.indicators).toEqual([]);
    expect(Object.keys(action.extra)).toContain('Indicateurs');

    const dir = mkdtempSync(join(tmpdir(), 'jalon-map-'));
    try {
      writeFileSync(join(dir, 'map.txt'), '# columns of the chantiers plan\nChantier = axis\n');
      const fromFile = await run(jalon, ['import', file, '--map-file', join(dir, 'map.txt')]);
      expect(fromFile.stdout).toMatch(/Chantier +→ axis +high +chosen with --map/);
      writeFileSync(join(dir, 'map.json'), JSON.stringify({ Chantier: 'bof' }));
      const refused = (await run(jalon, ['import', file, '--map-file', join(dir, 'map.json')]).catch(
        (e: unknown) => e,
      )) as { code: number; stderr: string };
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('map.json, line 1: "bof" is not a column role');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a message naming the file and a non-zero exit code', async () => {
    const error = (await run(jalon, ['import', fixture('missing.csv')]).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('missing.csv');
  });
});

interface Failure {
  code: number;
  stdout: string;
  stderr: string;
}

const fail = (args: string[], env: Record<string, string> = {}) =>
  run(jalon, args, { env: { ...process.env, ...env } }).then(
    () => {
      throw new Error(`jalon ${args.join(' ')} succeeded`);
    },
    (error: unknown) => error as Failure,
  );

describe('jalon import: the size limit (--max-size, JALON_MAX_IMPORT_MB)', () => {
  const seed002 = seedFile('002_b31f838c1917508f.txt');
  const size = statSync(seed002).size;

  it('refuses a file over --max-size, naming the file and the limit', async () => {
    const error = await fail(['import', seed002, '--max-size', '0.01']);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('002_b31f838c1917508f.txt is');
    expect(error.stderr).toContain('over the 10.2 kB limit');
    expect(error.stdout).toBe('');
  });

  it('refuses a file over JALON_MAX_IMPORT_MB, and --max-size wins over it', async () => {
    const error = await fail(['import', seed002], { JALON_MAX_IMPORT_MB: '0.01' });
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('over the 10.2 kB limit');
    const { stdout } = await run(jalon, ['import', seed002, '--max-size', String(size / 1048576 + 1)], {
      env: { ...process.env, JALON_MAX_IMPORT_MB: '0.01' },
    });
    expect(stdout).toContain('3 axes');
  });

  it('refuses a size that is no number of megabytes', async () => {
    const flag = await fail(['import', seed002, '--max-size', 'beaucoup']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('--max-size beaucoup: expected a size in megabytes');
    const env = await fail(['import', seed002], { JALON_MAX_IMPORT_MB: '-3' });
    expect(env.stderr).toContain('JALON_MAX_IMPORT_MB -3: expected a size in megabytes');
  });
});

describe('jalon import --save, on PostgreSQL', () => {
  let database: DatabaseHandle;
  const dir = mkdtempSync(join(tmpdir(), 'jalon-import-save-'));
  const planTitles = async () => {
    const result = (await database.db.execute(sql`select title from plans order by title`)) as unknown as {
      rows: Array<{ title: string }>;
    };
    return result.rows.map((row) => row.title);
  };
  const env = () => ({ DATABASE_URL: database.location });

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the plan and says where, with its id in --json', async () => {
    const { stdout, stderr } = await run(
      jalon,
      ['import', seedFile('002_b31f838c1917508f.txt'), '--save', '--json'],
      { env: { ...process.env, ...env() } },
    );
    const printed = JSON.parse(stdout) as { id: string; title: string };
    expect(stderr).toContain(`Saved as plan ${printed.id}`);
    expect(await planTitles()).toEqual([printed.title]);
    const actions = (await database.db.execute(
      sql`select count(*)::int as n from actions where plan_id = ${printed.id}`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(Number(actions.rows[0]!.n)).toBeGreaterThan(10);
  });

  it('stores nothing when the file is bad or over the limit, and exits non-zero', async () => {
    const before = await planTitles();
    const corrupt = join(dir, 'corrupt.docx');
    writeFileSync(corrupt, Buffer.from('PK\u0003\u0004 this is no Word document'));
    const bad = await fail(['import', corrupt, '--save'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('corrupt.docx');
    expect(bad.stderr).not.toContain('Saved as plan');
    const large = await fail(
      ['import', seedFile('002_b31f838c1917508f.txt'), '--save', '--max-size', '0.01'],
      env(),
    );
    expect(large.code).toBe(1);
    expect(large.stderr).toContain('limit');
    const headerless = join(dir, 'headerless.txt');
    writeFileSync(headerless, 'Quelques lignes\nsans tableau\n');
    expect((await fail(['import', headerless, '--save'], env())).code).toBe(1);
    expect(await planTitles()).toEqual(before);
  });
});
