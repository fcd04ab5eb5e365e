import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase } from '../db/test-database.ts';

const jalon = path.resolve('bin/jalon');
const work = mkdtempSync(path.join(tmpdir(), 'jalon-cluster-cli-'));
const folder = path.join(work, 'envois');
mkdirSync(path.join(folder, 'mons'), { recursive: true });
copyFileSync('/work/shared/fixtures/002_b31f838c1917508f.docx', path.join(folder, 'mons', 'promsoc.docx'));
copyFileSync('/work/shared/fixtures/000_408056d1a7750f6e.pdf', path.join(folder, 'helha.pdf'));
copyFileSync('/work/shared/fixtures/002_b31f838c1917508f_actions.xlsx', path.join(folder, 'actions.xlsx'));
copyFileSync('test/fixtures/layouts/themes-colles.txt', path.join(folder, 'colle.txt'));
// A Word file cut short, and a note that is no plan file (a folder is searched for plan files only).
writeFileSync(path.join(folder, 'abime.docx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]));
writeFileSync(path.join(folder, 'lisez-moi.rtf'), 'not a plan');

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, [jalon, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const targets = [
  {
    name: 'embedded',
    env: async () => ({
      env: { ...process.env, JALON_DATA: path.join(work, 'data'), DATABASE_URL: '' },
      drop: async () => {},
    }),
  },
  {
    name: 'PostgreSQL',
    env: async () => {
      const database = await createEmptyPostgresDatabase();
      return { env: { ...process.env, DATABASE_URL: database.url, JALON_DATA: '' }, drop: database.drop };
    },
  },
];

describe.each(targets)('jalon cluster and jalon import --cluster on the $name database', (target) => {
  it('imports a folder file by file: the damaged file reported with where, the others stored under their institution; exit 1', async () => {
    const { env, drop } = await target.env();
    try {
      const created = run(
        env,
        'cluster',
        'create',
        'Assistant social 2026',
        '--owner',
        'AEQES',
        '--year',
        '2025-2026',
        '--json',
      );
      expect(created.status, created.stderr).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({
        name: 'Assistant social 2026',
        owner: 'AEQES',
        planCount: 0,
      });

      const imported = run(
        env,
        'import',
        '--cluster',
        'assistant social 2026',
        '--institution',
        'actions.xlsx=Haute École Libre de Bruxelles',
        '--institution',
        'Haute École des Deux Vallées',
        folder,
        '--json',
      );
      expect(imported.status, imported.stderr).toBe(1);
      const report = JSON.parse(imported.stdout);
      expect(report).toMatchObject({ stored: 4, failed: 1 });
      const byName = Object.fromEntries(report.files.map((f: any) => [path.basename(f.file), f]));
      expect(Object.keys(byName).sort()).toEqual([
        'abime.docx',
        'actions.xlsx',
        'colle.txt',
        'helha.pdf',
        'promsoc.docx',
      ]);
      expect(byName['abime.docx']).toMatchObject({
        ok: false,
        planId: null,
        error: { code: 'FILE_UNREADABLE', location: { file: 'abime.docx' } },
      });
      expect(byName['promsoc.docx']).toMatchObject({
        ok: true,
        institution: 'PROMSOC Supérieur Mons-Borinage',
        institutionFrom: 'document',
        format: 'docx',
        actions: 17,
      });
      expect(byName['helha.pdf']).toMatchObject({
        ok: true,
        institution: 'Haute Ecole Louvain en Hainaut',
        format: 'pdf',
      });
      expect(byName['actions.xlsx']).toMatchObject({
        ok: true,
        institution: 'Haute École Libre de Bruxelles',
        institutionFrom: 'fallback',
      });
      expect(byName['colle.txt']).toMatchObject({
        ok: true,
        institution: 'Haute École des Deux Vallées',
        institutionFrom: 'fallback',
      });
      expect(byName['helha.pdf'].warnings.some((w: any) => w.location?.page)).toBe(true);
      // Progress on stderr, one file after the other, the failure among them.
      expect(imported.stderr).toContain('[1/5]');
      expect(imported.stderr).toContain('[5/5]');
      expect(imported.stderr).toMatch(/abime\.docx…\n\s+FAILED/);

      const shown = run(env, 'cluster', 'show', 'Assistant social 2026', '--json');
      expect(shown.status, shown.stderr).toBe(0);
      const page = JSON.parse(shown.stdout);
      expect(page.cluster.planCount).toBe(4);
      const stored = report.files.filter((f: any) => f.ok);
      expect(page.plans.map((p: any) => [p.planId, p.institution, p.actionCount]).sort()).toEqual(
        stored.map((f: any) => [f.planId, f.institution, f.actions]).sort(),
      );

      // Without the fallback, a spreadsheet naming no institution is that file's error, in words.
      const nameless = run(
        env,
        'import',
        '--cluster',
        'Assistant social 2026',
        path.join(folder, 'actions.xlsx'),
      );
      expect(nameless.status).toBe(1);
      expect(nameless.stdout).toMatch(
        /FAILED .*actions\.xlsx .*does not name its institution: give it with --institution/,
      );
      const unknown = run(env, 'import', '--cluster', 'Nulle part', path.join(folder, 'colle.txt'));
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('No cluster "Nulle part"');
    } finally {
      await drop();
    }
  }, 240_000);
});
