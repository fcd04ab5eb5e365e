import type { FastifyInstance } from 'fastify';
import {
  applyPlanTemplateRequestSchema,
  createTemplateRequestSchema,
  planTemplateChangeRequestSchema,
  updateTemplateRequestSchema,
  type PlanTemplateChangeResponse,
  type TemplatesResponse,
} from '../../core/api/templates.ts';
import { builtInTemplates } from '../../core/built-in-templates.ts';
import { JalonError } from '../../core/errors.ts';
import { findInstitution } from '../../db/repositories/organisations.ts';
import { listTemplates, type StoredTemplate } from '../../db/repositories/templates.ts';
import { requireActor } from '../auth/authenticate.ts';
import type { Actor } from '../auth/actor.ts';
import { applyPlanTemplateChange, previewPlanTemplateChange } from '../commands/change-plan-template.ts';
import { notFound } from '../commands/conflict.ts';
import { createTemplate, removeTemplate, updateTemplate } from '../commands/save-template.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan } from '../plan-authorization.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { canOnPlan } from '../policies/plans.ts';
import { canOnTemplates, institutionRole, type TemplateOperation } from '../policies/templates.ts';
import { validateRequest } from '../validate-request.ts';

type InstitutionParams = { Params: { institutionId: string } };
type TemplateParams = { Params: { institutionId: string; templateId: string } };
type PlanParams = { Params: { planId: string } };

const present = (stored: StoredTemplate) => ({
  id: stored.id,
  institutionId: stored.institutionId,
  programmeId: stored.programmeId,
  revision: stored.revision,
  template: stored.template,
});

/** NOT_FOUND when the actor holds no role over the institution (or it does not exist), FORBIDDEN when theirs does not allow `operation`. */
async function authorizeInstitution(
  ctx: ServerContext,
  actor: Actor,
  institutionId: string,
  operation: TemplateOperation,
) {
  const role = institutionRole(actor, institutionId);
  if (!role || !(await findInstitution(ctx.db, institutionId))) throw notFound('institution');
  if (!canOnTemplates(operation, role))
    throw new JalonError('FORBIDDEN', {
      fr: 'Seuls les administrateurs et la coordination de l’institution créent, modifient ou suppriment ses modèles.',
      en: "Only administrators and the institution's coordinators create, change or delete its templates.",
    });
}

export function registerTemplateRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<InstitutionParams>(
    '/api/v1/institutions/:institutionId/templates',
    async (request): Promise<TemplatesResponse> => {
      const actor = requireActor(request);
      const { institutionId } = request.params;
      await authorizeInstitution(ctx, actor, institutionId, 'read');
      const own = await listTemplates(ctx.db, { institutionId });
      return { builtIn: [...builtInTemplates], own: own.map(present) };
    },
  );

  app.post<InstitutionParams>('/api/v1/institutions/:institutionId/templates', async (request, reply) => {
    const actor = requireActor(request);
    const { institutionId } = request.params;
    await authorizeInstitution(ctx, actor, institutionId, 'manage');
    const body = validateRequest(createTemplateRequestSchema, request.body, { fr: 'Modèle', en: 'Template' });
    const stored = await createTemplate(ctx.db, { actor, scope: { institutionId }, request: body });
    reply.status(201);
    return { template: present(stored) };
  });

  app.put<TemplateParams>('/api/v1/institutions/:institutionId/templates/:templateId', async (request) => {
    const actor = requireActor(request);
    const { institutionId, templateId } = request.params;
    await authorizeInstitution(ctx, actor, institutionId, 'manage');
    const body = validateRequest(updateTemplateRequestSchema, request.body, { fr: 'Modèle', en: 'Template' });
    const stored = await updateTemplate(ctx.db, {
      actor,
      scope: { institutionId },
      templateId,
      revision: body.revision,
      template: body.template,
    });
    return { template: present(stored) };
  });

  app.delete<TemplateParams>('/api/v1/institutions/:institutionId/templates/:templateId', async (request) => {
    const actor = requireActor(request);
    const { institutionId, templateId } = request.params;
    await authorizeInstitution(ctx, actor, institutionId, 'manage');
    await removeTemplate(ctx.db, { actor, scope: { institutionId }, templateId });
    return { ok: true as const };
  });

  /** What giving the plan another template would do to its values; nothing is written. */
  app.post<PlanParams>(
    '/api/v1/plans/:planId/template/preview',
    async (request): Promise<PlanTemplateChangeResponse> => {
      const actor = requireActor(request);
      const access = await accessToPlan(ctx, actor, request.params.planId);
      denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
      const body = validateRequest(planTemplateChangeRequestSchema, request.body, {
        fr: 'Modèle du plan',
        en: "Plan's template",
      });
      return previewPlanTemplateChange(ctx.db, {
        planId: request.params.planId,
        templateId: body.templateId,
      });
    },
  );

  /** Gives the plan another template (409 on a stale revision); every value is kept. */
  app.put<PlanParams>('/api/v1/plans/:planId/template', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('edit', access), access, {
      fr: 'Changer le modèle de ce plan',
      en: "Changing this plan's template",
    });
    const body = validateRequest(applyPlanTemplateRequestSchema, request.body, {
      fr: 'Modèle du plan',
      en: "Plan's template",
    });
    const result = await applyPlanTemplateChange(ctx.db, {
      actor,
      planId: request.params.planId,
      templateId: body.templateId,
      revision: body.revision,
    });
    ctx.plans.invalidate(result.planId);
    return { template: result.template, revision: result.revision, orphanKeys: result.orphanKeys };
  });
}
