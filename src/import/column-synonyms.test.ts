import { describe, expect, it } from 'vitest';
import { matchColumn } from './column-synonyms.ts';

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
  ];
  it.each(cases)('%s → %s', (label, key) => {
    expect(matchColumn(label)).toBe(key);
  });
});
