import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  deleteQuerySchema,
  patchAxisRequestSchema,
  patchObjectiveRequestSchema,
} from '../../core/api/actions.ts';
import {
  createAxisRequestSchema,
  createObjectiveRequestSchema,
  createSubdimensionRequestSchema,
  patchSubdimensionRequestSchema,
} from '../../core/api/plan-nodes.ts';
import { findUsersByIds } from '../../db/repositories/accounts.ts';
import { listEdits } from '../../db/repositories/history.ts';
import { requireActor } from '../auth/authenticate.ts';
import { createAxis, createObjective, createSubdimension } from '../commands/create-plan-node.ts';
import { deleteAxis, deleteObjective, deleteSubdimension } from '../commands/delete-plan-node.ts';
import { updateAxis, updateObjective, updateSubdimension } from '../commands/update-plan-node.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan, accessToPlanOfNode } from '../plan-authorization.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { requestLanguage } from '../request-language.ts';
import { canOnPlan } from '../policies/plans.ts';
import { presentHistory } from '../presenters/history.ts';
import { presentHistoryFor } from '../presenters/plan-visibility.ts';
import { validateRequest } from '../validate-request.ts';

type NodeKind = 'axis' | 'subdimension' | 'objective';
type IdParams = { Params: { id: string } };

const readNode: Record<NodeKind, { fr: string; en: string }> = {
  axis: { fr: 'Lire cet axe', en: 'Reading this axis' },
  subdimension: { fr: 'Lire cette sous-dimension', en: 'Reading this sub-dimension' },
  objective: { fr: 'Lire cet objectif', en: 'Reading this objective' },
};

/**
 * The plan's structure: axes, sub-dimensions and objectives (general, and operational under a
 * general one). Coordinators shape it (the plan's "edit" permission); everyone who reads the
 * plan reads their history.
 */
export function registerPlanNodeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** The actor, once allowed to edit the plan the node belongs to. */
  async function authorizeEditOfNode(
    request: FastifyRequest<IdParams>,
    kind: NodeKind,
    what: { fr: string; en: string },
  ) {
    const actor = requireActor(request);
    const access = await accessToPlanOfNode(ctx, actor, kind, request.params.id);
    denyUnless(canOnPlan('edit', access), access, what);
    return actor;
  }

  app.post<{ Params: { planId: string } }>('/api/v1/plans/:planId/axes', async (request, reply) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('edit', access), access, { fr: 'Ajouter un axe', en: 'Adding an axis' });
    const body = validateRequest(createAxisRequestSchema, request.body, { fr: 'Axe', en: 'Axis' });
    const result = await createAxis(ctx.db, { actor, planId: request.params.planId, ...body });
    ctx.plans.invalidate(result.planId);
    reply.status(201);
    return { axis: result.axis, revision: result.revision };
  });

  app.post<IdParams>('/api/v1/axes/:id/subdimensions', async (request, reply) => {
    const actor = await authorizeEditOfNode(request, 'axis', {
      fr: 'Ajouter une sous-dimension',
      en: 'Adding a sub-dimension',
    });
    const body = validateRequest(createSubdimensionRequestSchema, request.body, {
      fr: 'Sous-dimension',
      en: 'Sub-dimension',
    });
    const result = await createSubdimension(ctx.db, { actor, axisId: request.params.id, ...body });
    ctx.plans.invalidate(result.planId);
    reply.status(201);
    return { subdimension: result.subdimension, revision: result.revision };
  });

  // Objectives go straight under an axis or a sub-dimension, or under a general objective (operational objectives).
  const objectiveParents = [
    ['axis', '/api/v1/axes/:id/objectives'],
    ['subdimension', '/api/v1/subdimensions/:id/objectives'],
    ['objective', '/api/v1/objectives/:id/objectives'],
  ] as const;
  for (const [kind, path] of objectiveParents) {
    app.post<IdParams>(path, async (request, reply) => {
      const actor = await authorizeEditOfNode(request, kind, {
        fr: 'Ajouter un objectif',
        en: 'Adding an objective',
      });
      const body = validateRequest(createObjectiveRequestSchema, request.body, {
        fr: 'Objectif',
        en: 'Objective',
      });
      const result = await createObjective(ctx.db, {
        actor,
        parent: { kind, id: request.params.id },
        ...body,
      });
      ctx.plans.invalidate(result.planId);
      reply.status(201);
      return { objective: result.objective, revision: result.revision };
    });
  }

  app.patch<IdParams>('/api/v1/objectives/:id', async (request) => {
    const actor = await authorizeEditOfNode(request, 'objective', {
      fr: 'Modifier cet objectif',
      en: 'Changing this objective',
    });
    const body = validateRequest(patchObjectiveRequestSchema, request.body);
    const result = await updateObjective(ctx.db, {
      actor,
      objectiveId: request.params.id,
      revision: body.revision,
      changes: body.changes,
      authorize: () => {},
    });
    ctx.plans.invalidate(result.planId);
    return { objective: result.objective, revision: result.revision };
  });

  app.patch<IdParams>('/api/v1/subdimensions/:id', async (request) => {
    const actor = await authorizeEditOfNode(request, 'subdimension', {
      fr: 'Modifier cette sous-dimension',
      en: 'Changing this sub-dimension',
    });
    const body = validateRequest(patchSubdimensionRequestSchema, request.body);
    const result = await updateSubdimension(ctx.db, {
      actor,
      subdimensionId: request.params.id,
      revision: body.revision,
      changes: body.changes,
    });
    ctx.plans.invalidate(result.planId);
    return { subdimension: result.subdimension, revision: result.revision };
  });

  app.patch<IdParams>('/api/v1/axes/:id', async (request) => {
    const actor = await authorizeEditOfNode(request, 'axis', {
      fr: 'Modifier cet axe',
      en: 'Changing this axis',
    });
    const body = validateRequest(patchAxisRequestSchema, request.body);
    const result = await updateAxis(ctx.db, {
      actor,
      axisId: request.params.id,
      revision: body.revision,
      changes: body.changes,
      authorize: () => {},
    });
    ctx.plans.invalidate(result.planId);
    return { axis: result.axis, revision: result.revision };
  });

  const deletions = [
    ['axis', '/api/v1/axes/:id', deleteAxis, { fr: 'Supprimer cet axe', en: 'Deleting this axis' }],
    [
      'subdimension',
      '/api/v1/subdimensions/:id',
      deleteSubdimension,
      { fr: 'Supprimer cette sous-dimension', en: 'Deleting this sub-dimension' },
    ],
    [
      'objective',
      '/api/v1/objectives/:id',
      deleteObjective,
      { fr: 'Supprimer cet objectif', en: 'Deleting this objective' },
    ],
  ] as const;
  for (const [kind, path, remove, what] of deletions) {
    app.delete<IdParams>(path, async (request) => {
      const actor = await authorizeEditOfNode(request, kind, what);
      const query = validateRequest(deleteQuerySchema, request.query);
      const result = await remove(ctx.db, { actor, id: request.params.id, revision: query.revision });
      ctx.plans.invalidate(result.planId);
      return { ok: true as const };
    });
  }

  // Axes, sub-dimensions and objectives have no status or comments: their history is their edits.
  const histories = [
    ['axis', '/api/v1/axes/:id/history'],
    ['subdimension', '/api/v1/subdimensions/:id/history'],
    ['objective', '/api/v1/objectives/:id/history'],
  ] as const;
  for (const [kind, path] of histories) {
    app.get<IdParams>(path, async (request) => {
      const actor = requireActor(request);
      const access = await accessToPlanOfNode(ctx, actor, kind, request.params.id);
      denyUnless(canOnPlan('read', access), access, readNode[kind], kind);
      const edits = await listEdits(ctx.db, kind, request.params.id);
      const users = await findUsersByIds(ctx.db, [
        ...new Set(edits.map((e) => e.userId).filter((id): id is string => !!id)),
      ]);
      const entries = presentHistory(
        new Map(users.map((u) => [u.id, u.name])),
        edits,
        [],
        [],
        requestLanguage(request),
      );
      return { entries: presentHistoryFor(entries, { actor, access }, { kind: 'node' }) };
    });
  }
}
