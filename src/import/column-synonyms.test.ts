import { describe, expect, it } from 'vitest';
import { matchColumn, readTimelineSlotLabel } from './column-synonyms.ts';

describe('matchColumn', () => {
  // Column names of the two reference plans, of the AEQES template and of English plans.
  const cases: Array<[string, string | null]> = [
    ['Référence éventuelle aux recommandations des experts', 'references'],
    ['Niveau de pilotage', 'steeringLevel'],
    ["Garant de l'objectif", 'guarantor'],
    ['Résultats attendus', 'expectedResults'],
    ['Actions locales', 'text'],
    ['Responsables', 'responsibles'],
    ['Indicateurs de suivi', 'indicators'],
    ['Etat de réalisation ¹', 'status'],
    ['Etape', 'step'],
    ['Description des actions', 'text'],
    ['Degré de priorité */**/**', 'priority'],
    ['Responsable(s)', 'responsibles'],
    ['Degré de réalisation / Échéance(s)', 'statusDeadline'],
    ['Conditions de réalisation', 'conditions'],
    ['Action(s)', 'text'],
    ['Objectif', 'objective'],
    ['Axe', 'axis'],
    ['Pilote', 'responsibles'],
    ['Owner', 'responsibles'],
    ['Due', 'deadline'],
    ['Statut', 'status'],
    ['Status', 'status'],
    ['KPI', 'indicators'],
    ['Implantation', 'sites'],
    ['Campus', 'sites'],
    ['Critère', 'references'],
    ['Recommandation', 'references'],
    ['Garant', 'guarantor'],
    ['Sujet', 'objective'],
    ['Échéances', 'deadline'],
    ['Actions\n(à mener)', 'text'],
    ['N°', 'identifier'],
    ['Quinzaine', null],
    ['Remarque', 'notes'],
    ['Couleur', null],
    // Jalon's own flat sheets (docs/export-formats.md).
    ['Code statut', 'statusCode'],
    ['Début', 'periodStart'],
    ['Fin', 'periodEnd'],
    ['Date de fin', 'deadline'],
    ['Type', 'kind'],
    ['Identifiant Jalon', 'actionId'],
    ['Id', 'identifier'],
    ["Garant de l'action", 'actionGuarantor'],
    ["Résultats attendus de l'action", 'actionExpectedResults'],
    ["Références de l'action", 'actionReferences'],
    ["Niveau de pilotage de l'étape", 'actionSteeringLevel'],
    ['Action references', 'actionReferences'],
    ["Responsables de l'action", 'responsibles'],
    ["Description de l'action", 'text'],
    ['Objectif parent', 'parentObjective'],
    ['Portée', 'scope'],
    ['Nouveau', 'isNew'],
    ["Note d'achèvement", 'completionNote'],
    ['2025-2026 Q1', 'timelineSlot'],
    ['Q2 2026-27', 'timelineSlot'],
    ['2025-2026', null],
  ];
  it.each(cases)('%s → %s', (label, key) => {
    expect(matchColumn(label)).toBe(key);
  });
});

describe('readTimelineSlotLabel', () => {
  it('reads the quadrimester a timeline column names', () => {
    expect(readTimelineSlotLabel('2025-2026 Q1')).toEqual({ year: '2025-2026', term: 'Q1' });
    expect(readTimelineSlotLabel('Q2 2026-27')).toEqual({ year: '2026-2027', term: 'Q2' });
    expect(readTimelineSlotLabel('Objectif')).toBeNull();
  });
});
