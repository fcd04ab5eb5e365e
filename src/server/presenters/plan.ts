import type { PlanSummary } from '../../core/api/plans.ts';

export function presentPlanSummary(row: {
  id: string;
  title: string;
  institution: string | null;
  programme: string | null;
  versionLabel: string | null;
  updatedAt: string;
  siteCodes: string[];
  actionCount: number;
}): PlanSummary {
  return {
    id: row.id,
    title: row.title,
    institution: row.institution,
    programme: row.programme,
    versionLabel: row.versionLabel,
    updatedAt: new Date(row.updatedAt).toISOString(),
    actionCount: Number(row.actionCount),
    siteCodes: row.siteCodes,
  };
}
