import { listActions, listObjectives } from '../../src/core/plan-walk.ts';
import type { Objective, Plan } from '../../src/core/plan-schema.ts';

/**
 * A readable, format-independent summary of an imported plan, for golden tests: what a
 * coordinator checks against the source (axes, objectives, every action with its campus,
 * status, priority and counts), without what depends on the file format (row numbers,
 * warning locations, timeline colours). The same golden file serves the text, DOCX, XLSX and
 * PDF forms of a plan.
 */
export interface PlanSummary {
  title: string;
  institution: string | null;
  department: string | null;
  programme: string | null;
  version: { label: string | null; date: string | null; kind: string | null };
  sites: Array<{ code: string; name: string }>;
  timelineYears: string[];
  statusLegend: string | null;
  sections: string[];
  signatories: string[];
  axes: Array<{ number: string | null; title: string; subdimensions: string[] }>;
  objectives: Array<{
    axis: string | null;
    subdimension?: string;
    path: string[];
    references: string[];
    steeringLevel: string | null;
    guarantor: string | null;
    expectedResults: number;
    completionNote: string | null;
    columns?: string[];
    actions: number;
  }>;
  /** Objectives found only in the synthesis timeline: where they hang depends on colours, so only their titles are compared. */
  timelineOnlyObjectives: string[];
  actions: Array<{
    axis: string | null;
    subdimension?: string;
    objective: string[];
    kind: string;
    sites: string[];
    text: string;
    status: string | null;
    statusLabel: string | null;
    priority: number | null;
    responsibles: number;
    indicators: number;
    expectedResults: number;
    deadline: string | null;
    references: string[];
    tasks?: number;
    steeringLevel?: string | null;
    guarantor?: string | null;
  }>;
}

const start = (text: string, n = 70) => {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > n ? `${clean.slice(0, n)}…` : clean;
};

/** An objective with a title only, as are its sub-objectives (no actions nor detailed fields): rows of the synthesis timeline alone. */
function isTimelineOnly(objective: Objective): boolean {
  return (
    objective.actions.length === 0 &&
    objective.references.length === 0 &&
    !objective.steeringLevel &&
    !objective.guarantor &&
    objective.expectedResults.length === 0 &&
    !objective.columns &&
    objective.objectives.every(isTimelineOnly)
  );
}

export function summarisePlan(plan: Plan): PlanSummary {
  const objectives = listObjectives(plan);
  const timelineOnly = objectives.filter((o) => isTimelineOnly(o.objective));
  const timelineOnlySet = new Set(timelineOnly.map((o) => o.objective));
  return {
    title: plan.title,
    institution: plan.institution,
    department: plan.department,
    programme: plan.programme,
    version: { label: plan.version.label, date: plan.version.date, kind: plan.version.kind },
    sites: plan.sites.map((s) => ({ code: s.code, name: s.name })),
    timelineYears: plan.timelineYears,
    statusLegend: plan.statusLegend,
    sections: plan.sections.map(
      (s) => `${start(s.title, 60)}${s.footnotes.length ? ` [${s.footnotes.length} footnotes]` : ''}`,
    ),
    signatories: plan.signatories.map((s) => `${s.role}: ${s.name}`),
    axes: plan.axes.map((a) => ({
      number: a.number,
      title: a.title,
      subdimensions: a.subdimensions.map((s) => `${s.number ?? ''} ${s.title}`.trim()),
    })),
    objectives: objectives
      .filter((o) => !timelineOnlySet.has(o.objective))
      .map((o) => ({
        axis: o.axis.number,
        ...(o.subdimension ? { subdimension: o.subdimension.number ?? o.subdimension.title } : {}),
        path: [...o.parents, o.objective].map((p) => start(p.title)),
        references: o.objective.references,
        steeringLevel: o.objective.steeringLevel?.value ?? null,
        guarantor: o.objective.guarantor,
        expectedResults: o.objective.expectedResults.length,
        completionNote: o.objective.completionNote,
        ...(o.objective.columns ? { columns: o.objective.columns.map((c) => c.key) } : {}),
        actions: o.objective.actions.length,
      })),
    timelineOnlyObjectives: timelineOnly.map((o) => start(o.objective.title)).sort(),
    actions: listActions(plan).map(({ action, axis, subdimension, objectives: path }) => ({
      axis: axis.number,
      ...(subdimension ? { subdimension: subdimension.number ?? subdimension.title } : {}),
      objective: path.map((o) => start(o.title, 50)),
      kind: action.kind,
      sites: action.sites,
      text: start(action.text),
      status: action.status,
      statusLabel: action.statusLabel,
      priority: action.priority,
      responsibles: action.responsibles.length,
      indicators: action.indicators.length,
      expectedResults: action.expectedResults.length,
      deadline: action.deadline,
      references: action.references,
      ...(action.tasks.length ? { tasks: action.tasks.length } : {}),
      ...(action.kind === 'step'
        ? { steeringLevel: action.steeringLevel?.value ?? null, guarantor: action.guarantor }
        : {}),
    })),
  };
}

/** The colour-dependent part of a plan (synthesis timeline slots, scope, new flag), for formats that carry colours. */
export function summariseTimeline(
  plan: Plan,
): Array<{ objective: string; slots: string[]; scope: string | null; isNew: boolean }> {
  return listObjectives(plan)
    .filter(({ objective }) => objective.timeline.length > 0 || objective.isNew || objective.scope)
    .map(({ objective }) => ({
      objective: start(objective.title),
      slots: objective.timeline.map((s) => `${s.year} ${s.term}`),
      scope: objective.scope,
      isNew: objective.isNew,
    }));
}

/** The summary as JSON with one line per section, axis, objective and action, so that a review reads it row by row. */
export function formatSummary(summary: PlanSummary): string {
  const lines = Object.entries(summary).map(([key, value]) => {
    if (Array.isArray(value) && value.length > 0) {
      return `  ${JSON.stringify(key)}: [\n${value.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}
