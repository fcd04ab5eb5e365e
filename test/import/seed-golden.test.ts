import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import type { Plan } from '../../src/core/plan-schema.ts';
import { importText } from '../../src/import/import-file.ts';
import { summarisePlan, type PlanSummary } from '../golden/summarise.ts';
import { seedsDir } from '../support/shared-files.ts';

const seeds = `${seedsDir}/`;
const golden = (name: string) =>
  JSON.parse(readFileSync(new URL(`../golden/${name}.summary.json`, import.meta.url), 'utf8')) as PlanSummary;
const importSeed = (file: string): Plan =>
  importText(readFileSync(seeds + file, 'utf8'), { name: file, format: 'txt' }).plan;

describe('seed 000 (updated plan 2026, three campuses) pasted as text', () => {
  const plan = importSeed('000_408056d1a7750f6e.txt');
  const actions = listActions(plan).map((a) => a.action);

  it('matches the golden summary reviewed against the source', () => {
    expect(summarisePlan(plan)).toEqual(golden('seed-000'));
  });

  it('finds the four axes, the three campuses and every local action per campus', () => {
    expect(plan.axes.map((a) => a.number)).toEqual(['1', '2', '3', '4']);
    expect(plan.sites).toEqual([
      { code: 'LLN', name: 'Louvain-la-Neuve' },
      { code: 'MONS', name: 'Mons' },
      { code: 'MONTIGNIES', name: 'Montignies-sur-Sambre' },
    ]);
    const perSite = (code: string) => actions.filter((a) => a.sites.includes(code)).length;
    expect([perSite('LLN'), perSite('MONS'), perSite('MONTIGNIES')]).toEqual([30, 16, 30]);
    // Joint follow-up rows of objectives in reinforced coordination, and the five steps, are common to all sites.
    expect(actions.filter((a) => a.sites.length === 0 && a.kind === 'action' && a.text === '')).toHaveLength(
      10,
    );
  });

  it('reads the road map steps with their period, steering level and sub-tasks', () => {
    const steps = actions.filter((a) => a.kind === 'step');
    expect(steps.map((s) => s.deadlinePeriod)).toEqual([
      { from: '2026-09-01', to: '2026-12-31' },
      { from: '2026-11-01', to: '2027-01-31' },
      { from: '2027-02-01', to: '2027-04-30' },
      { from: '2027-05-01', to: '2029-08-31' },
      { from: '2029-09-01', to: '2029-12-31' },
    ]);
    expect(steps[0]!.tasks).toEqual([
      "Constitution d'un GT inter-implantations (6–9 pers.)",
      '3 demi-journées collaboratives',
      'Analyse documentaire des grilles et fiches ECTS',
    ]);
    expect(steps[3]!.steeringLevel?.value).toBe('institutional');
    expect(steps[0]!.references).toEqual(['Analyse Transversale Cursus Assistant Social p.14']);
  });

  it('keeps a local action written over several paragraphs ("+ …") as one action', () => {
    const montignies = actions.find((a) => a.text.startsWith("poursuite des ateliers d'écriture"))!;
    expect(montignies.text.split('\n')).toHaveLength(4);
    expect(montignies.sites).toEqual(['MONTIGNIES']);
  });

  it('merges the synthesis timeline into the detailed objectives and reports the missing year', () => {
    expect(plan.timelineYears).toEqual(['2023-2024', '2024-2025', '2025-2026', '2027-2028', '2028-2029']);
    const warning = plan.warnings.find((w) => w.code === 'timeline-year-missing');
    expect(warning?.message).toContain('2026-2027');
    expect(warning?.location).toMatchObject({ table: 1, row: 58 });
  });

  it('warns, with table and row, about the objective repeated over two tables and the shifted cells', () => {
    const repeated = plan.warnings.filter((w) => w.code === 'repeated-objective');
    expect(repeated.map((w) => w.location?.row)).toEqual([174, 189]);
    expect(plan.warnings.find((w) => w.code === 'shifted-cells')?.location).toMatchObject({
      table: 8,
      row: 150,
    });
    expect(plan.statusLegend).toBe(
      "Etat de Réalisation : Réalisé; Implémenté; Reporté; En cours; Plus d'actualité",
    );
  });
});

describe('seed 002 (AEQES template, December 2015, one site) pasted as text', () => {
  const plan = importSeed('002_b31f838c1917508f.txt');
  const actions = listActions(plan);

  it('matches the golden summary reviewed against the source', () => {
    expect(summarisePlan(plan)).toEqual(golden('seed-002'));
  });

  it('puts the actions of axis 2 under its three sub-dimensions', () => {
    expect(plan.axes).toHaveLength(3);
    expect(plan.axes[1]!.subdimensions.map((s) => [s.number, s.actions.length])).toEqual([
      ['2.1', 1],
      ['2.2', 3],
      ['2.3', 4],
    ]);
  });

  it('reads priorities from stars and status and deadline from the one "Degré de réalisation / Échéance(s)" column', () => {
    expect(actions.map((a) => a.action.priority)).toEqual([
      3, 3, 2, 3, 3, 3, 3, 2, 3, 2, 2, 3, 2, 2, 2, 2, 1,
    ]);
    const planned = actions.find((a) => a.action.statusLabel === 'Action planifiée en janvier 2016')!.action;
    expect(planned.status).toBe('planned');
    expect(planned.deadlinePeriod).toEqual({ from: '2016-01-01', to: '2016-01-31' });
  });

  it('reads the cover, the narrative with its footnotes and the signatures', () => {
    expect(plan.institution).toBe('PROMSOC Supérieur Mons-Borinage');
    expect(plan.version).toMatchObject({ date: 'Décembre 2015', kind: 'initial' });
    const introduction = plan.sections.find((s) => s.title === 'Introduction')!;
    expect(introduction.footnotes[0]).toContain('Conseil des Pouvoirs organisateurs');
    // The paragraph cut by the page break is joined again.
    expect(introduction.text).toContain("un projet propre à la section. En d'autres termes");
    expect(plan.signatories).toEqual([
      { role: 'La coordination qualité interne', name: 'HUPEZ Valentine' },
      { role: 'La coordination qualité interne', name: 'DUPONT Annie' },
      { role: "Le chef d'établissement", name: 'BLONDEAU Alain' },
    ]);
  });
});
