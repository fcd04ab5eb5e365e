import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { importText } from '../../src/import/import-file.ts';

const actionsOf = (text: string) => {
  const result = importText(text);
  return { ...result, actions: listActions(result.plan).map((a) => a.action) };
};

describe('campus prefixes of local actions', () => {
  it('reads a capitalised place used once ("TOURNAI : …") as a campus, and says so where', () => {
    const { plan, actions, warnings } = actionsOf(
      [
        'Objectif\tActions locales\tResponsables\tEtat de réalisation',
        'Améliorer les stages\tTOURNAI : Former les tuteurs\tCoordination\tEn cours',
      ].join('\n'),
    );
    expect(actions[0]).toMatchObject({ text: 'Former les tuteurs', sites: ['TOURNAI'] });
    expect(plan.sites).toEqual([{ code: 'TOURNAI', name: 'TOURNAI' }]);
    const warning = warnings.find((w) => w.code === 'site-prefix-guessed');
    expect(warning?.message).toContain('TOURNAI');
    expect(warning?.location).toMatchObject({ table: 1, row: 2, column: 'Actions locales' });
  });

  it('knows a campus from a site column elsewhere in the plan ("MOUSCRON : …" where the site cell is empty)', () => {
    const { actions, warnings } = actionsOf(
      [
        'Objectif\tActions\tSite\tStatut',
        'Améliorer les stages\tRédiger un guide\tMouscron\tEn cours',
        'Améliorer les stages\tMOUSCRON : Former les tuteurs\t\tÀ venir',
        'Mieux informer\tPublier une lettre\t\tÀ venir',
      ].join('\n'),
    );
    expect(actions.map((a) => [a.text, a.sites])).toEqual([
      ['Rédiger un guide', ['MOUSCRON']],
      ['Former les tuteurs', ['MOUSCRON']],
      // An empty site cell without prefix: common to all sites, not the campus of the row above.
      ['Publier une lettre', []],
    ]);
    expect(warnings.filter((w) => w.code === 'site-prefix-guessed' || w.code === 'inherited-site')).toEqual(
      [],
    );
  });

  it('never takes a note or an acronym for a campus ("NB", "N.B.", "PS", "Remarque", "Attention", "CERSO")', () => {
    const { plan, actions } = actionsOf(
      [
        'Objectif\tActions locales\tEtat de réalisation',
        'Objectif A\tNB : à confirmer en juin\tEn cours',
        'Objectif B\tN.B. : voir le rapport\tEn cours',
        'Objectif C\tPS : une seule fois\tEn cours',
        'Objectif D\tRemarque : reporté\tReporté',
        'Objectif E\tATTENTION : budget à trouver\tÀ venir',
        'Objectif F\tCERSO : organiser des midis\tÀ venir',
        'Objectif G\tNB : une autre note\tEn cours',
      ].join('\n'),
    );
    expect(plan.sites).toEqual([]);
    expect(actions.map((a) => a.sites)).toEqual([[], [], [], [], [], [], []]);
    expect(actions[0]!.text).toBe('NB : à confirmer en juin');
    expect(actions[5]!.text).toBe('CERSO : organiser des midis');
  });

  it('warns, with the row, when a row without prefix takes the campus of the row above ("NB : …")', () => {
    const { actions, warnings } = actionsOf(
      [
        'Campus : Louvain-la-Neuve, Mons',
        '',
        'Objectif\tActions locales\tEtat de réalisation',
        'Améliorer les stages\tLLN : Former les tuteurs\tEn cours',
        '\tNB : à confirmer en juin\tEn cours',
        '\tMONS : Ouvrir une bourse aux stages\tÀ venir',
      ].join('\n'),
    );
    expect(actions.map((a) => [a.text, a.sites])).toEqual([
      ['Former les tuteurs', ['LLN']],
      ['NB : à confirmer en juin', ['LLN']],
      ['Ouvrir une bourse aux stages', ['MONS']],
    ]);
    const inherited = warnings.filter((w) => w.code === 'inherited-site');
    expect(inherited).toHaveLength(1);
    expect(inherited[0]!.message).toContain('LLN');
    expect(inherited[0]!.location).toMatchObject({ table: 1, row: 5, column: 'Actions locales' });
  });
});
