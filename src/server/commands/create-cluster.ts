import type { CreateClusterRequest } from '../../core/api/clusters.ts';
import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { insertMembership } from '../../db/repositories/accounts.ts';
import { findCluster, findClusterByName, insertCluster } from '../../db/repositories/clusters.ts';
import type { Actor } from '../auth/actor.ts';
import { announceAccountChange } from '../change-bus.ts';
import { recordChange } from './record-change.ts';

/**
 * Creates a cluster; names are unique regardless of case (the command line finds clusters by
 * name). A creator who is not an admin becomes the cluster's coordinator.
 */
export async function createCluster(
  db: Database,
  input: { actor: Actor | null; cluster: CreateClusterRequest },
) {
  const { name } = input.cluster;
  return db.transaction(async (tx) => {
    if (await findClusterByName(tx, name)) {
      throw new JalonError(
        'CONFLICT',
        {
          fr: `Le groupe de plans « ${name} » existe déjà.`,
          en: `The cluster "${name}" already exists.`,
        },
        { location: { field: 'name' } },
      );
    }
    const row = await insertCluster(tx, {
      id: globalThis.crypto.randomUUID(),
      name,
      programme: input.cluster.programme ?? null,
      evaluationYear: input.cluster.evaluationYear ?? null,
      owner: input.cluster.owner ?? null,
      createdBy: input.actor?.user.id ?? null,
    });
    if (input.actor && !input.actor.user.isAdmin) {
      await insertMembership(tx, {
        id: globalThis.crypto.randomUUID(),
        userId: input.actor.user.id,
        scope: 'cluster',
        scopeId: row.id,
        role: 'coordinator',
      });
      await announceAccountChange(tx, input.actor.user.id);
    }
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'create',
      objectType: 'cluster',
      objectId: row.id,
      after: input.cluster,
    });
    return (await findCluster(tx, row.id))!;
  });
}
