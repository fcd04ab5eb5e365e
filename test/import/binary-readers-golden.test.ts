import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { importFile } from '../../src/import/import-file.ts';
import { englishPlan, frenchSheets } from '../../scripts/fixtures/own-fixture-plans.ts';
import { summarisePlan, type PlanSummary } from '../golden/summarise.ts';
import { compareActionFields } from './action-field-agreement.ts';
import { fixturesDir } from '../support/shared-files.ts';

/**
 * End to end: each office form of the two reference plans goes through its reader and the
 * one table recogniser, and must give the plan the golden summaries describe (reviewed by
 * hand against the source). PDF is also measured field by field against the DOCX.
 */
const fixtures = `${fixturesDir}/`;
const own = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const golden = (name: string): PlanSummary =>
  JSON.parse(readFileSync(new URL(`../golden/${name}.summary.json`, import.meta.url), 'utf8')) as PlanSummary;
const importPlan = async (path: string): Promise<Plan> => (await importFile(path)).plan;

describe('seed 000 (three campuses) from its DOCX and PDF', async () => {
  const docx = await importPlan(`${fixtures}000_408056d1a7750f6e.docx`);
  const pdf = await importPlan(`${fixtures}000_408056d1a7750f6e.pdf`);

  it('DOCX matches the golden summary', () => {
    expect(summarisePlan(docx)).toEqual(golden('seed-000'));
  });

  it('PDF matches the golden summary', () => {
    expect(summarisePlan(pdf)).toEqual(golden('seed-000'));
  });

  it('PDF agrees with the DOCX on at least 99.9 % of action fields (measured: 1364 of 1365)', () => {
    const report = compareActionFields(docx, pdf);
    expect(report.actualActions).toBe(report.referenceActions);
    expect(report.share).toBeGreaterThanOrEqual(0.999);
  });
});

describe('seed 002 (one site) from its DOCX, PDF and XLSX', async () => {
  const docx = await importPlan(`${fixtures}002_b31f838c1917508f.docx`);
  const pdf = await importPlan(`${fixtures}002_b31f838c1917508f.pdf`);
  const xlsx = await importPlan(`${fixtures}002_b31f838c1917508f_actions.xlsx`);

  it('DOCX and PDF match the golden summary', () => {
    expect(summarisePlan(docx)).toEqual(golden('seed-002'));
    expect(summarisePlan(pdf)).toEqual(golden('seed-002'));
    expect(compareActionFields(docx, pdf).share).toBe(1);
  });

  it('XLSX (the action table alone) matches the golden axes, objectives and actions', () => {
    const expected = golden('seed-002');
    const summary = summarisePlan(xlsx);
    expect(summary.axes).toEqual(expected.axes);
    expect(summary.objectives).toEqual(expected.objectives);
    expect(summary.actions).toEqual(expected.actions);
    expect(summary.actions).toHaveLength(17);
  });
});

describe('our own plans in other layouts', () => {
  const englishActions = englishPlan.axes.flatMap((axis) =>
    axis.objectives.flatMap((objective) =>
      objective.actions.map((action) => ({ ...action, objective: objective.title })),
    ),
  );

  it('English DOCX (Objective | Action | Owner | Due | Status | KPI, merged objectives) imports every action', async () => {
    const plan = await importPlan(`${own}own-english-plan.docx`);
    expect(plan.axes.map((axis) => axis.title)).toEqual([
      'Teaching and learning',
      'Student support',
      'Governance and quality culture',
    ]);
    const actions = listActions(plan);
    expect(
      actions.map(({ action, objectives }) => [
        objectives.at(-1)?.title,
        action.text,
        action.responsibles,
        action.deadline,
      ]),
    ).toEqual(englishActions.map((action) => [action.objective, action.action, [action.owner], action.due]));
    expect(actions.map(({ action }) => action.status)).toEqual([
      'done',
      'in_progress',
      'planned',
      'in_progress',
      'postponed',
      'done',
      'in_progress',
      'planned',
      'in_progress',
      'dropped',
      'done',
      'planned',
      'in_progress',
    ]);
  });

  it('the PDF printed from it gives the same plan, field for field', async () => {
    const docx = await importPlan(`${own}own-english-plan.docx`);
    const pdf = await importPlan(`${own}own-english-plan.pdf`);
    expect(compareActionFields(docx, pdf).share).toBe(1);
    expect(summarisePlan(pdf).objectives).toEqual(summarisePlan(docx).objectives);
  });

  it('two-sheet XLSX with merged objective cells gives each action its objective, ISO due dates and statuses', async () => {
    const plan = await importPlan(`${own}own-merged-objectives.xlsx`);
    const expected = frenchSheets.flatMap((sheet) =>
      sheet.objectives.flatMap((objective) =>
        objective.actions.map((action) => [
          objective.title,
          action.action,
          action.due instanceof Date ? action.due.toISOString().slice(0, 10) : action.due,
          action.status,
          action.indicators.split('\n'),
        ]),
      ),
    );
    const actions = listActions(plan).map(({ action, objectives }) => [
      objectives.at(-1)?.title,
      action.text,
      action.deadline,
      action.statusLabel,
      action.indicators,
    ]);
    expect(actions).toEqual(expected);
  });
});
