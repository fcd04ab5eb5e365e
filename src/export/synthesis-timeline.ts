import type { TermSlot } from '../core/academic-calendar.ts';
import { listObjectives } from '../core/plan-walk.ts';
import type { Objective, Plan } from '../core/plan-schema.ts';

/** The timeline's colour code, as the 2026 plan's legend gives it. */
export const timelineColours = {
  all: '1e7b34',
  some: 'a8d5a2',
  isNew: 'fff2cc',
  general: 'e7e6e6',
} as const;

export const timelineLegend = [
  {
    fill: timelineColours.all,
    marker: '■■',
    label: 'Objectifs poursuivis ou projetés par les trois implantations',
  },
  {
    fill: timelineColours.some,
    marker: '□□',
    label: 'Objectifs poursuivis ou projetés par une ou deux implantations',
  },
  {
    fill: timelineColours.isNew,
    marker: 'Nouveau',
    label: 'Nouvelles actions apparues lors de la mise à jour',
  },
];

/** The academic years of the synthesis timeline: the plan's own, or those its objectives run in. */
export function selectTimelineYears(plan: Plan): string[] {
  if (plan.timelineYears.length) return plan.timelineYears;
  const years = new Set<string>();
  for (const { objective } of listObjectives(plan))
    for (const slot of objective.timeline) years.add(slot.year);
  return [...years].sort();
}

/** Whether the plan has anything to show on a synthesis timeline. */
export function hasTimeline(plan: Plan): boolean {
  return listObjectives(plan).some(
    ({ objective }) =>
      objective.timeline.length > 0 || objective.completionNote !== null || objective.scope !== null,
  );
}

export function runsIn(objective: Objective, slot: TermSlot): boolean {
  return objective.timeline.some((s) => s.year === slot.year && s.term === slot.term);
}

/** Dark green when all sites run the objective, light green when some do. */
export function fillOf(objective: Objective): string {
  return objective.scope === 'some' ? timelineColours.some : timelineColours.all;
}
