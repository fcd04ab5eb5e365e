import { describe, expect, it } from 'vitest';
import { listObjectives } from '../../src/core/plan-walk.ts';
import { importFile } from '../../src/import/import-file.ts';
import { fixtureFile } from '../support/shared-files.ts';

const docx = fixtureFile('000_408056d1a7750f6e.docx');

describe('the coloured synthesis timeline of seed 000 (Word)', async () => {
  const { plan } = await importFile(docx);
  const objectives = listObjectives(plan).map((o) => o.objective);
  const byTitle = (start: string) => objectives.find((o) => o.title.startsWith(start))!;

  it('gives each objective the quadrimesters shaded on its row: dark green for all sites, light green for some', () => {
    const slots = objectives.flatMap((o) => o.timeline.map(() => o.scope));
    // Every shaded term cell of the document: 159 dark green and 98 light green.
    expect(slots.filter((s) => s === 'all')).toHaveLength(159);
    expect(slots.filter((s) => s === 'some')).toHaveLength(98);
    expect(byTitle('Fournir les outils').timeline).toHaveLength(10);
    expect(byTitle('Fournir les outils').scope).toBe('all');
    expect(byTitle('Partager les données').scope).toBe('some');
  });

  it('merges timeline rows into the detailed objectives, even when worded differently', () => {
    // "Après une phase diagnostic (2018-19)" in the timeline, "Après la phase diagnostic (18-19)" in the detailed table.
    const diagnostic = byTitle('Après la phase diagnostic');
    expect(diagnostic.completionNote).toBe('Action terminée en 2020-2021');
    expect(diagnostic.timeline.length).toBeGreaterThan(0);
    expect(diagnostic.actions).toHaveLength(1);
    expect(objectives.filter((o) => o.title.startsWith('Après'))).toHaveLength(1);
  });

  it('marks the six objectives whose label is highlighted as new since the update', () => {
    expect(objectives.filter((o) => o.isNew).map((o) => o.title.slice(0, 30))).toEqual([
      'Porter attention au profil de ',
      'Élaborer un référentiel commun',
      'Renforcer auprès des étudiant·',
      'Organiser des débats et une co',
      'Analyser le programme de forma',
      'Accentuer les initiatives et l',
    ]);
  });

  it('hangs objectives found only in the timeline under the general objective shaded grey above them', () => {
    const general = plan.axes[1]!.objectives.find((o) => o.title.startsWith('Promouvoir auprès des MDP'))!;
    expect(general.objectives.map((o) => o.title)).toEqual([
      "Prévoir une présentation de l'ensemble des services généraux HELHa lors d'une réunion du personnel",
    ]);
  });
});
