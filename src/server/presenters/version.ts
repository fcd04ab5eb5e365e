import type { PlanVersionSummary } from '../../core/api/follow-up.ts';

/** A frozen version as the API lists it: never its snapshot, its public path when published. */
export function presentVersion(row: {
  id: string;
  label: string;
  versionDate: string | null;
  frozenBy: string | null;
  publicSlug: string | null;
  createdAt: string;
}): PlanVersionSummary {
  return {
    id: row.id,
    label: row.label,
    versionDate: row.versionDate,
    frozenBy: row.frozenBy,
    createdAt: new Date(row.createdAt).toISOString(),
    publicPath: row.publicSlug ? `/public/${row.publicSlug}` : null,
  };
}
