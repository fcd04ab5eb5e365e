import type { FastifyInstance } from 'fastify';
import '@fastify/multipart';
import {
  clusterPlansRequestSchema,
  createClusterRequestSchema,
  type BulkImportFileReport,
  type Cluster,
  type ClusterResponse,
  type ClustersResponse,
} from '../../core/api/clusters.ts';
import { JalonError } from '../../core/errors.ts';
import { listActions } from '../../core/plan-walk.ts';
import { findCluster, listClusters, listPlansOfCluster } from '../../db/repositories/clusters.ts';
import { requireActor } from '../auth/authenticate.ts';
import type { Actor } from '../auth/actor.ts';
import { announceAccountChange } from '../change-bus.ts';
import { addPlansToCluster, removePlanFromCluster } from '../commands/change-cluster-plans.ts';
import { notFound } from '../commands/conflict.ts';
import { createCluster } from '../commands/create-cluster.ts';
import { institutionOfImport, storePlanInCluster } from '../commands/store-plan-in-cluster.ts';
import { clusterPlanFigures } from '../cluster-figures-cache.ts';
import type { ServerContext } from '../context.ts';
import { importPlanFile, MAX_UPLOAD_BYTES } from '../import-plan-file.ts';
import { accessToPlan, accessToPlans } from '../plan-authorization.ts';
import { canOnAccounts } from '../policies/accounts.ts';
import {
  canCreateCluster,
  canOnCluster,
  reachableClusterIds,
  resolveClusterRole,
  type ClusterOperation,
} from '../policies/clusters.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { canOnPlan } from '../policies/plans.ts';
import { presentCluster, presentClusterPlanRow } from '../presenters/cluster.ts';
import { validateRequest } from '../validate-request.ts';

type ClusterParams = { Params: { clusterId: string } };

/** The cluster, if the actor may do `operation` to it: NOT_FOUND when they hold no role over it, FORBIDDEN otherwise. */
export async function authorizeCluster(
  ctx: ServerContext,
  actor: Actor,
  clusterId: string,
  operation: ClusterOperation,
) {
  const role = resolveClusterRole(actor, clusterId);
  const cluster = role ? await findCluster(ctx.db, clusterId) : null;
  if (!cluster) throw notFound('cluster');
  if (!canOnCluster(operation, role))
    throw new JalonError('FORBIDDEN', {
      fr: 'Seuls la coordination du groupe de plans et les administrateurs y ajoutent ou en retirent des plans.',
      en: "Only the cluster's coordinators and administrators add plans to it or take them out.",
    });
  return { cluster, role };
}

export function registerClusterRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/clusters', async (request): Promise<ClustersResponse> => {
    const actor = requireActor(request);
    const rows = await listClusters(ctx.db, reachableClusterIds(actor));
    return { clusters: rows.map(presentCluster) };
  });

  app.post('/api/v1/clusters', async (request, reply): Promise<{ cluster: Cluster }> => {
    const actor = requireActor(request);
    if (!canCreateCluster(actor))
      throw new JalonError('FORBIDDEN', {
        fr: 'Créer un groupe de plans est réservé aux coordinations et aux administrateurs.',
        en: 'Creating a cluster is reserved for coordinators and administrators.',
      });
    const body = validateRequest(createClusterRequestSchema, request.body, {
      fr: 'Groupe de plans',
      en: 'Cluster',
    });
    const created = await createCluster(ctx.db, { actor, cluster: body });
    // The creator now coordinates the cluster: cached memberships are out of date.
    if (!actor.user.isAdmin) ctx.sessions.clear();
    reply.status(201);
    return { cluster: presentCluster(created) };
  });

  /**
   * The cluster page: one row per plan the actor may read, with its dashboard's figures. Plans
   * of the cluster the actor may not read are only counted.
   */
  app.get<ClusterParams>('/api/v1/clusters/:clusterId', async (request): Promise<ClusterResponse> => {
    const actor = requireActor(request);
    const { cluster, role } = await authorizeCluster(ctx, actor, request.params.clusterId, 'read');
    const today = ctx.today();
    const plans: ClusterResponse['plans'] = [];
    let hiddenPlans = 0;
    const rows = await listPlansOfCluster(ctx.db, cluster.id);
    // One access decision for all the plans, and figures kept per plan revision: the page costs
    // two queries plus a load for each plan changed since it was last shown, a few at a time.
    const access = await accessToPlans(ctx, actor, rows);
    const readable = rows.filter((row) => canOnPlan('read', access.get(row.planId)!));
    const figuresByPlan = await clusterPlanFigures(ctx, readable, today);
    for (const row of rows) {
      const figures = figuresByPlan.get(row.planId);
      if (!figures) {
        hiddenPlans++;
        continue;
      }
      plans.push(presentClusterPlanRow(row, figures));
    }
    return {
      cluster: presentCluster(cluster),
      plans,
      hiddenPlans,
      permissions: { canManage: canOnCluster('manage', role) },
    };
  });

  /**
   * Adds plans to the cluster. Putting a plan in a cluster lets the cluster's readers read it,
   * so it takes someone who may edit the plan as well as manage the cluster.
   */
  app.post<ClusterParams>('/api/v1/clusters/:clusterId/plans', async (request) => {
    const actor = requireActor(request);
    const { cluster } = await authorizeCluster(ctx, actor, request.params.clusterId, 'manage');
    const body = validateRequest(clusterPlansRequestSchema, request.body, {
      fr: 'Plans du groupe',
      en: "Cluster's plans",
    });
    for (const planId of body.planIds) {
      const access = await accessToPlan(ctx, actor, planId);
      denyUnless(canOnPlan('edit', access), access, {
        fr: 'Mettre ce plan dans un groupe de plans',
        en: 'Putting this plan in a cluster',
      });
    }
    const added = await addPlansToCluster(ctx.db, { actor, clusterId: cluster.id, planIds: body.planIds });
    return { added };
  });

  app.delete<{ Params: { clusterId: string; planId: string } }>(
    '/api/v1/clusters/:clusterId/plans/:planId',
    async (request) => {
      const actor = requireActor(request);
      const { cluster } = await authorizeCluster(ctx, actor, request.params.clusterId, 'manage');
      const removed = await removePlanFromCluster(ctx.db, {
        actor,
        clusterId: cluster.id,
        planId: request.params.planId,
      });
      if (!removed) throw notFound('plan');
      return { ok: true as const };
    },
  );

  /**
   * One file of a bulk import (the web sends each dropped file on its own): read, stored under
   * the institution its document names (or the `institution` field sent before the file) and
   * put in the cluster. A refused file is answered with the usual error, its location included.
   */
  app.post<ClusterParams>(
    '/api/v1/clusters/:clusterId/imports',
    { bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024 },
    async (request, reply): Promise<{ report: BulkImportFileReport }> => {
      const actor = requireActor(request);
      const { cluster } = await authorizeCluster(ctx, actor, request.params.clusterId, 'manage');
      if (!canOnAccounts('import', actor))
        throw new JalonError('FORBIDDEN', {
          fr: 'Importer un plan est réservé aux coordinations et aux administrateurs.',
          en: 'Importing a plan is reserved for coordinators and administrators.',
        });
      const file = request.isMultipart()
        ? await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })
        : undefined;
      if (!file || file.fieldname !== 'file')
        throw new JalonError(
          'BAD_INPUT',
          { fr: 'Envoyez le fichier dans le champ « file ».', en: 'Send the file in the "file" field.' },
          { location: { field: 'file' } },
        );
      const bytes = await file.toBuffer();
      if (file.file.truncated)
        throw new JalonError(
          'FILE_TOO_LARGE',
          {
            fr: `${file.filename} dépasse la taille maximale d’import (${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} Mo).`,
            en: `${file.filename} is larger than the import size limit (${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB).`,
          },
          { location: { file: file.filename } },
        );
      const field = file.fields.institution;
      const fallback =
        field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
      const read = await importPlanFile({ name: file.filename, bytes: new Uint8Array(bytes) }, undefined, {
        owner: actor.user.id,
      });
      const { institution, from } = institutionOfImport(read.plan, file.filename, fallback, {
        fr: 'choisissez l’institution de ce fichier.',
        en: 'choose the institution of this file.',
      });
      const plan = { ...read.plan, institution, warnings: read.warnings };
      const stored = await storePlanInCluster(ctx.db, {
        actor,
        clusterId: cluster.id,
        plan,
        ownerUserId: actor.user.isAdmin ? undefined : actor.user.id,
      });
      if (!actor.user.isAdmin) {
        // The importer now coordinates the new plan: cached memberships are out of date.
        ctx.sessions.clear();
        await announceAccountChange(ctx.db, actor.user.id);
      }
      reply.status(201);
      return {
        report: {
          file: file.filename,
          ok: true,
          planId: stored.planId,
          title: plan.title,
          institution,
          institutionFrom: from,
          format: null,
          actions: listActions(plan).length,
          warnings: read.warnings,
          error: null,
        },
      };
    },
  );
}
