import type { Actor } from '../auth/actor.ts';

/**
 * What an actor is on a cluster: an admin; its coordinator (who created it, or was given the
 * role: adds and removes plans); its reader, the agency's analyst (sees the cluster and the
 * plans in it, as a reader of each: no internal notes, no edits). Any role over the cluster
 * other than coordinator makes a reader.
 */
export type ClusterRole = 'admin' | 'coordinator' | 'reader';
export type ClusterOperation = 'read' | 'manage';

export const clusterPolicy: Record<ClusterOperation, Record<ClusterRole, 'allow' | 'deny'>> = {
  read: { admin: 'allow', coordinator: 'allow', reader: 'allow' },
  manage: { admin: 'allow', coordinator: 'allow', reader: 'deny' },
};

export function resolveClusterRole(actor: Actor, clusterId: string): ClusterRole | null {
  if (actor.user.isAdmin) return 'admin';
  let role: ClusterRole | null = null;
  for (const m of actor.memberships) {
    if (m.scope !== 'cluster' || m.scopeId !== clusterId) continue;
    if (m.role === 'coordinator' || m.role === 'admin') role = 'coordinator';
    else role ??= 'reader';
  }
  return role;
}

export function canOnCluster(operation: ClusterOperation, role: ClusterRole | null): boolean {
  return role !== null && clusterPolicy[operation][role] === 'allow';
}

/**
 * Creating a cluster: an admin, or a coordinator of something (an institution's quality unit
 * grouping its own programmes), who becomes the new cluster's coordinator.
 */
export function canCreateCluster(actor: Actor): boolean {
  return actor.user.isAdmin || actor.memberships.some((m) => m.role === 'coordinator');
}

/** The clusters the actor holds a role over; null for an admin (all of them). */
export function reachableClusterIds(actor: Actor): string[] | null {
  if (actor.user.isAdmin) return null;
  return [...new Set(actor.memberships.filter((m) => m.scope === 'cluster').map((m) => m.scopeId))];
}
