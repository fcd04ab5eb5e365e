import { describe, expect, it } from 'vitest';
import { planSchema } from './plan-schema.ts';
import { assignIds } from './plan-walk.ts';
import { buildProgressRecord } from './progress-record.ts';

describe('buildProgressRecord', () => {
  it('gives each action its status then and now, its history, and the actions added or removed', () => {
    const since = assignIds(
      planSchema.parse({
        title: "Plan d'action 2015",
        axes: [
          {
            title: 'Axe 1',
            actions: [
              {
                text: 'Désigner un coordonnateur de secteur',
                status: 'in_progress',
                statusLabel: 'Action en cours',
              },
              { text: 'Utiliser l’E-campus', status: 'planned', statusLabel: 'Action à planifier' },
              { text: 'Constituer une liste des lieux de stage', status: null },
            ],
          },
        ],
      }),
    );
    const current = structuredClone(since);
    current.title = 'Plan actualisé 2020';
    const [first, second] = current.axes[0]!.actions;
    first!.status = 'implemented';
    first!.statusLabel = 'Implémenté';
    second!.status = 'dropped';
    current.axes[0]!.actions.splice(2, 1, {
      ...first!,
      id: 'n1',
      text: 'Former les enseignants à Moodle',
      status: 'planned',
    });
    const history = new Map([
      [
        first!.id!,
        [
          {
            at: '2017-06-30',
            status: 'done' as const,
            statusLabel: 'Réalisé',
            comment: 'Nommé en septembre',
            by: 'coordination',
          },
        ],
      ],
    ]);

    const record = buildProgressRecord(since, current, "Plan d'action 2015", history);
    expect(
      record.rows.map((r) => [r.text, r.before?.status ?? null, r.after?.status ?? null, r.change]),
    ).toEqual([
      ['Désigner un coordonnateur de secteur', 'in_progress', 'implemented', 'progressed'],
      ['Utiliser l’E-campus', 'planned', 'dropped', 'changed'],
      ['Former les enseignants à Moodle', null, 'planned', 'new'],
      ['Constituer une liste des lieux de stage', null, null, 'removed'],
    ]);
    expect(record.rows[0]!.history).toHaveLength(1);
    expect(record.counts).toEqual({ unchanged: 0, progressed: 1, changed: 1, new: 1, removed: 1 });
  });
});
