import type { Cluster, ClusterPlanRow } from '../../core/api/clusters.ts';
import type { ClusterPlanFigures } from '../../core/cluster-stats.ts';

export function presentCluster(row: {
  id: string;
  name: string;
  programme: string | null;
  evaluationYear: string | null;
  owner: string | null;
  createdAt: string;
  planCount: number;
}): Cluster {
  return {
    id: row.id,
    name: row.name,
    programme: row.programme,
    evaluationYear: row.evaluationYear,
    owner: row.owner,
    createdAt: new Date(row.createdAt).toISOString(),
    planCount: Number(row.planCount),
  };
}

export function presentClusterPlanRow(
  row: {
    planId: string;
    title: string;
    institution: string | null;
    programme: string | null;
    versionLabel: string | null;
    updatedAt: string;
  },
  figures: ClusterPlanFigures,
): ClusterPlanRow {
  return {
    planId: row.planId,
    title: row.title,
    institution: row.institution,
    programme: row.programme,
    versionLabel: row.versionLabel,
    actionCount: figures.actionCount,
    byStatus: figures.byStatus,
    overdue: figures.overdue,
    recommendations: figures.recommendations,
    answered: figures.answered,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
