import type { FastifyInstance } from 'fastify';
import {
  commentRequestSchema,
  createActionRequestSchema,
  deleteQuerySchema,
  moveActionRequestSchema,
  patchActionRequestSchema,
  statusUpdateRequestSchema,
  type HistoryEntry,
} from '../../core/api/actions.ts';
import type { Database } from '../../db/connection.ts';
import { findUsersByIds } from '../../db/repositories/accounts.ts';
import { listComments, listEdits, listStatusChanges } from '../../db/repositories/history.ts';
import { requireActor } from '../auth/authenticate.ts';
import { addActionComment } from '../commands/add-comment.ts';
import { createAction } from '../commands/create-action.ts';
import { deleteAction } from '../commands/delete-action.ts';
import { moveAction } from '../commands/move-action.ts';
import { updateAction } from '../commands/update-action.ts';
import { updateActionStatus } from '../commands/update-action-status.ts';
import type { ServerContext } from '../context.ts';
import { accessToAction, accessToPlanOfNode, authorizeAction } from '../plan-authorization.ts';
import { canCreateSomeAction } from '../policies/actions.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { requestLanguage } from '../request-language.ts';
import { presentHistory } from '../presenters/history.ts';
import { presentHistoryFor } from '../presenters/plan-visibility.ts';
import { validateRequest } from '../validate-request.ts';

type ActionParams = { Params: { actionId: string } };

async function userNames(db: Database, ids: Array<string | null>): Promise<Map<string, string>> {
  const users = await findUsersByIds(db, [...new Set(ids.filter((id): id is string => !!id))]);
  return new Map(users.map((u) => [u.id, u.name]));
}

export function registerActionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.patch<ActionParams>('/api/v1/actions/:actionId', async (request) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('update', actor, access, action);
    const body = validateRequest(patchActionRequestSchema, request.body);
    const fields = Object.keys(body.changes);
    const result = await updateAction(ctx.db, {
      actor,
      actionId: request.params.actionId,
      revision: body.revision,
      changes: body.changes,
      authorize: (current, after) => authorizeAction('update', actor, access, current, { fields, after }),
    });
    ctx.plans.invalidate(result.planId);
    return { action: result.action, revision: result.revision };
  });

  app.post<ActionParams>('/api/v1/actions/:actionId/status', async (request) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('status', actor, access, action);
    const body = validateRequest(statusUpdateRequestSchema, request.body);
    const result = await updateActionStatus(ctx.db, {
      ...body,
      actor,
      actionId: request.params.actionId,
      authorize: (current) => authorizeAction('status', actor, access, current),
    });
    ctx.plans.invalidate(result.planId);
    const names = new Map([[actor.user.id, actor.user.name]]);
    const [entry] = presentHistory(names, [], [result.change], []);
    return { action: result.action, revision: result.revision, entry: entry as HistoryEntry };
  });

  app.get<ActionParams>('/api/v1/actions/:actionId/history', async (request) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('read', actor, access, action);
    const id = request.params.actionId;
    const [edits, statuses, comments] = await Promise.all([
      listEdits(ctx.db, 'action', id),
      listStatusChanges(ctx.db, id),
      listComments(ctx.db, 'action', id),
    ]);
    const names = await userNames(
      ctx.db,
      [...edits, ...statuses, ...comments].map((e) => e.userId),
    );
    return {
      entries: presentHistoryFor(
        presentHistory(names, edits, statuses, comments, requestLanguage(request)),
        { actor, access },
        {
          kind: 'action',
          action,
        },
      ),
    };
  });

  app.post<ActionParams>('/api/v1/actions/:actionId/comments', async (request, reply) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('comment', actor, access, action);
    const body = validateRequest(commentRequestSchema, request.body);
    const comment = await addActionComment(ctx.db, {
      actor,
      actionId: request.params.actionId,
      text: body.text,
      authorize: (current) => authorizeAction('comment', actor, access, current),
    });
    reply.status(201);
    const [entry] = presentHistory(new Map([[actor.user.id, actor.user.name]]), [], [], [comment]);
    return { entry };
  });

  app.delete<ActionParams>('/api/v1/actions/:actionId', async (request) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('delete', actor, access, action);
    const query = validateRequest(deleteQuerySchema, request.query);
    const deleted = await deleteAction(ctx.db, {
      actor,
      actionId: request.params.actionId,
      revision: query.revision,
      authorize: (current) => authorizeAction('delete', actor, access, current),
    });
    ctx.plans.invalidate(deleted.planId);
    return { ok: true as const };
  });

  app.post<ActionParams>('/api/v1/actions/:actionId/move', async (request) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('move', actor, access, action);
    const body = validateRequest(moveActionRequestSchema, request.body);
    const result = await moveAction(ctx.db, {
      actor,
      actionId: request.params.actionId,
      ...body,
      authorize: (current) => authorizeAction('move', actor, access, current),
    });
    ctx.plans.invalidate(result.planId);
    return { action: result.action, revision: result.revision };
  });

  // New actions go under an objective, or straight under a sub-dimension or an axis (the AEQES template).
  const parents = [
    ['objective', '/api/v1/objectives/:id/actions'],
    ['subdimension', '/api/v1/subdimensions/:id/actions'],
    ['axis', '/api/v1/axes/:id/actions'],
  ] as const;
  for (const [kind, path] of parents) {
    app.post<{ Params: { id: string } }>(path, async (request, reply) => {
      const actor = requireActor(request);
      const access = await accessToPlanOfNode(ctx, actor, kind, request.params.id);
      // Who may create no action at all is refused before the body is read; the sites are checked below.
      denyUnless(canCreateSomeAction(access), access, { fr: 'Ajouter une action', en: 'Adding an action' });
      const body = validateRequest(createActionRequestSchema, request.body);
      const result = await createAction(ctx.db, {
        actor,
        parent: { kind, id: request.params.id },
        action: body.action,
        position: body.position,
        authorize: (action) => authorizeAction('create', actor, access, action),
      });
      ctx.plans.invalidate(result.planId);
      reply.status(201);
      return { action: result.action, revision: result.revision };
    });
  }
}
