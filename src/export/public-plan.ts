import type { Action, Objective, Plan } from '../core/plan-schema.ts';

/** Extra columns whose label says they are for internal use ("Remarques internes", "Commentaire"). */
const internalLabel = /\b(interne?s?|internal|remarques?|commentaires?|comments?|notes?)\b/i;

function keepPublicExtra(extra: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).filter(([label]) => !internalLabel.test(label)));
}

function publishAction(action: Action): Action {
  const { source: _source, ...rest } = action;
  return { ...rest, notes: null, extra: keepPublicExtra(action.extra) };
}

function publishObjective(objective: Objective): Objective {
  const { source: _source, ...rest } = objective;
  return {
    ...rest,
    notes: null,
    extra: keepPublicExtra(objective.extra),
    columns: objective.columns?.filter((c) => !internalLabel.test(c.label) && c.key !== 'notes'),
    objectives: objective.objectives.map(publishObjective),
    actions: objective.actions.map(publishAction),
  };
}

/**
 * The published version of a plan (`--public`): without internal notes, internal extra columns,
 * source locations and import warnings. Returns a new plan; the input is left as it is.
 */
export function makePublicPlan(plan: Plan): Plan {
  return {
    ...plan,
    columns: plan.columns.filter((c) => !internalLabel.test(c.label) && c.key !== 'notes'),
    warnings: [],
    extra: {},
    axes: plan.axes.map((axis) => ({
      ...axis,
      actions: axis.actions.map(publishAction),
      objectives: axis.objectives.map(publishObjective),
      subdimensions: axis.subdimensions.map((sub) => ({
        ...sub,
        actions: sub.actions.map(publishAction),
        objectives: sub.objectives.map(publishObjective),
      })),
    })),
  };
}
