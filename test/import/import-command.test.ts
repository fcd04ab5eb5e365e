import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../../src/core/plan-schema.ts';

const run = promisify(execFile);
const jalon = fileURLToPath(new URL('../../bin/jalon', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

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

  it('fails with a message naming the file and a non-zero exit code', async () => {
    const error = (await run(jalon, ['import', fixture('missing.csv')]).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('missing.csv');
  });
});
