/**
 * What the benchmarks that drive real `jalon serve` processes share (no-lost-update, crash
 * consistency, idle memory): the processes themselves come from test/server/serve-process.ts,
 * the accounts and the signed-in client from test/server/test-server.ts; here are a small plan
 * to edit, editors' accounts, percentiles and a process's resident memory.
 */
import { readFileSync } from 'node:fs';
import { planSchema, type Plan } from '../src/core/plan-schema.ts';
import type { DatabaseHandle } from '../src/db/connection.ts';
import { createUser } from '../src/server/commands/create-user.ts';
import { storeNewPlan } from '../src/server/commands/store-plan.ts';
import { listActions } from '../src/core/plan-walk.ts';
import { TEST_PASSWORD } from '../test/server/test-server.ts';

export { TEST_PASSWORD };

/** A positive number from the environment, or the fallback. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name}=${raw}: a positive number is expected`);
  return value;
}

/** One axis, one objective, `actionCount` actions of the three campuses: a plan small enough that reading it costs little. */
export function buildEditedPlan(title: string, actionCount: number): Plan {
  const sites = ['LLN', 'MONS', 'MONTIGNIES'];
  return planSchema.parse({
    title,
    institution: 'Haute École du banc d’essai',
    programme: `Bachelier ${title}`,
    sites: [
      { code: 'LLN', name: 'Louvain-la-Neuve' },
      { code: 'MONS', name: 'Mons' },
      { code: 'MONTIGNIES', name: 'Montignies-sur-Sambre' },
    ],
    axes: [
      {
        number: '1',
        title: 'Axe 1 : accompagner les étudiants',
        objectives: [
          {
            title: 'Objectif 1.1 : suivre la réussite',
            actions: Array.from({ length: actionCount }, (_, i) => ({
              text: `Action ${i + 1} : ateliers de méthode`,
              sites: [sites[i % 3]!],
              status: 'planned',
              statusLabel: 'À venir',
            })),
          },
        ],
      },
    ],
  });
}

/** Stores the plan; its id, institution, first objective and action ids in plan order. */
export async function storeEditedPlan(database: DatabaseHandle, plan: Plan) {
  const stored = await storeNewPlan(database.db, { actor: null, plan });
  return {
    planId: stored.planId,
    institutionId: stored.institutionId,
    objectiveId: stored.plan.axes[0]!.objectives[0]!.id!,
    actionIds: listActions(stored.plan).map((a) => a.action.id!),
  };
}

/** `count` coordinators of the institution, one e-mail each (sign-in is limited per address and e-mail). */
export async function createEditors(
  database: DatabaseHandle,
  institutionId: string,
  count: number,
  prefix = 'editor',
): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}@bench.example`;
    await createUser(database.db, {
      actor: null,
      email,
      name: `Éditeur ${prefix} ${i}`,
      role: 'coordinator',
      password: TEST_PASSWORD,
      scope: { kind: 'institution', id: institutionId, sites: [] },
    });
    emails.push(email);
  }
  return emails;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident memory of another process, in bytes (Linux /proc). */
export function processRss(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
