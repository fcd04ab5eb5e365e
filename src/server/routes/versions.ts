import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  diffQuerySchema,
  freezeVersionRequestSchema,
  progressRecordQuerySchema,
  type DiffResponse,
} from '../../core/api/follow-up.ts';
import type { Language } from '../../core/errors.ts';
import { diffPlans } from '../../core/plan-diff.ts';
import { planSchema, type Plan } from '../../core/plan-schema.ts';
import { buildProgressRecord, type StatusHistoryEntry } from '../../core/progress-record.ts';
import { statusSchema } from '../../core/status.ts';
import { findPlanVersion, findPublishedVersion, listPlanVersions } from '../../db/repositories/follow-up.ts';
import { listStatusChangesOfPlan } from '../../db/repositories/history.ts';
import { findUsersByIds } from '../../db/repositories/accounts.ts';
import { requireActor } from '../auth/authenticate.ts';
import { notFound } from '../commands/conflict.ts';
import { freezeVersion } from '../commands/freeze-version.ts';
import { publishVersion } from '../commands/publish-version.ts';
import type { ServerContext } from '../context.ts';
import { loadExporters } from '../export-plan-file.ts';
import { accessToPlan } from '../plan-authorization.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { requestLanguage } from '../request-language.ts';
import { canOnPlan } from '../policies/plans.ts';
import { sendDownload } from '../presenters/file-download.ts';
import { presentVersion } from '../presenters/version.ts';
import { presentPlanFor } from '../presenters/plan-visibility.ts';
import { validateRequest } from '../validate-request.ts';

type PlanParams = { Params: { planId: string } };
type VersionParams = { Params: { planId: string; versionId: string } };

/** "Plan d'action 2015" → "plan-d-action-2015", for download names. */
function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'plan'
  );
}

export function registerVersionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /**
   * A version's snapshot and label, or the living plan for "current" (labelled in `lang`: the
   * reader's for a JSON answer, the document's, French, for a file).
   */
  async function planState(
    planId: string,
    ref: string,
    lang: Language,
  ): Promise<{ plan: Plan; label: string }> {
    if (ref === 'current') {
      const cached = await ctx.plans.get(ctx.db, planId);
      if (!cached) throw notFound('plan');
      const plan = cached.loaded.plan;
      const own = plan.version.label;
      const label = {
        fr: own ? `${own} (en cours)` : 'Plan en cours',
        en: own ? `${own} (current)` : 'Current plan',
      }[lang];
      return { plan, label };
    }
    const version = await findPlanVersion(ctx.db, planId, ref);
    if (!version) throw notFound('version', ref);
    return { plan: planSchema.parse(version.snapshot), label: version.label };
  }

  async function readAccess(request: FastifyRequest, planId: string) {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    return { actor, access };
  }

  app.get<PlanParams>('/api/v1/plans/:planId/versions', async (request) => {
    await readAccess(request, request.params.planId);
    const rows = await listPlanVersions(ctx.db, request.params.planId);
    return { versions: rows.map(presentVersion) };
  });

  app.post<PlanParams>('/api/v1/plans/:planId/versions', async (request, reply) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('edit', access), access, { fr: 'Figer une version', en: 'Freezing a version' });
    const body = validateRequest(freezeVersionRequestSchema, request.body, { fr: 'Version', en: 'Version' });
    const { id } = await freezeVersion(ctx.db, actor, request.params.planId, body);
    ctx.plans.invalidate(request.params.planId);
    const version = await findPlanVersion(ctx.db, request.params.planId, id);
    reply.status(201);
    return { version: presentVersion(version!) };
  });

  app.get<VersionParams>('/api/v1/plans/:planId/versions/:versionId', async (request) => {
    const viewer = await readAccess(request, request.params.planId);
    const version = await findPlanVersion(ctx.db, request.params.planId, request.params.versionId);
    if (!version) throw notFound('version');
    return {
      version: presentVersion(version),
      plan: presentPlanFor(planSchema.parse(version.snapshot), viewer),
    };
  });

  app.get<PlanParams>('/api/v1/plans/:planId/diff', async (request, reply) => {
    await readAccess(request, request.params.planId);
    const query = validateRequest(diffQuerySchema, request.query, { fr: 'Différences', en: 'Differences' });
    // The exported documents are written in French: their labels too.
    const lang = query.format === 'json' ? requestLanguage(request) : 'fr';
    const [from, to] = await Promise.all([
      planState(request.params.planId, query.from, lang),
      planState(request.params.planId, query.to, lang),
    ]);
    const diff = diffPlans(from.plan, to.plan);
    if (query.format === 'json') {
      const body: DiffResponse = { from: from.label, to: to.label, diff };
      return body;
    }
    const labels = { planTitle: to.plan.title, from: from.label, to: to.label };
    const file = await (await loadExporters()).exportDiff(diff, labels, query.format);
    return sendDownload(reply, {
      ...file,
      fileName: `differences-${slugify(from.label)}-${slugify(to.label)}.${file.extension}`,
    });
  });

  app.get<PlanParams>('/api/v1/plans/:planId/progress', async (request, reply) => {
    await readAccess(request, request.params.planId);
    const query = validateRequest(progressRecordQuerySchema, request.query, {
      fr: 'Suivi',
      en: 'Progress record',
    });
    const version = await findPlanVersion(ctx.db, request.params.planId, query.since);
    if (!version) throw notFound('version');
    const current = await planState(request.params.planId, 'current', 'fr');
    // The status changes made since the version was frozen, per action, oldest first.
    const changes = await listStatusChangesOfPlan(ctx.db, request.params.planId, version.createdAt);
    const users = await findUsersByIds(ctx.db, [
      ...new Set(changes.map((c) => c.userId).filter((id): id is string => !!id)),
    ]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    const history = new Map<string, StatusHistoryEntry[]>();
    for (const change of changes) {
      const list = history.get(change.actionId) ?? [];
      list.push({
        at: change.date,
        status: statusSchema.parse(change.statusAfter),
        statusLabel: change.labelAfter,
        comment: change.comment,
        by: change.userId ? (names.get(change.userId) ?? null) : null,
      });
      history.set(change.actionId, list);
    }
    const record = buildProgressRecord(
      planSchema.parse(version.snapshot),
      current.plan,
      version.label,
      history,
    );
    const file = await (
      await loadExporters()
    ).exportProgressRecord(record, query.format, {
      today: ctx.today(),
    });
    return sendDownload(reply, {
      ...file,
      fileName: `suivi-depuis-${slugify(version.label)}.${file.extension}`,
    });
  });

  for (const publish of [true, false]) {
    const handler = async (request: FastifyRequest<VersionParams>) => {
      const actor = requireActor(request);
      const access = await accessToPlan(ctx, actor, request.params.planId);
      denyUnless(
        canOnPlan('edit', access),
        access,
        publish
          ? { fr: 'Publier une version', en: 'Publishing a version' }
          : { fr: 'Retirer une publication', en: 'Withdrawing a publication' },
      );
      await publishVersion(ctx.db, actor, request.params.planId, request.params.versionId, publish);
      const version = await findPlanVersion(ctx.db, request.params.planId, request.params.versionId);
      return { version: presentVersion(version!) };
    };
    const path = '/api/v1/plans/:planId/versions/:versionId/publication';
    if (publish) app.post<VersionParams>(path, handler);
    else app.delete<VersionParams>(path, handler);
  }

  /**
   * The public page of a published version: the official document's public fields only
   * (timeline, objectives, actions, statuses), read-only, no sign-in, fit to link from the
   * institution's website.
   */
  app.get<{ Params: { slug: string } }>('/public/:slug', async (request, reply) => {
    const version = await findPublishedVersion(ctx.db, request.params.slug);
    if (!version) {
      return reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Plan introuvable</title></head><body><h1>Plan introuvable</h1><p>Cette adresse ne correspond à aucun plan publié (ou sa publication a été retirée).</p></body></html>',
        );
    }
    const exporters = await loadExporters();
    const plan = exporters.makePublicPlan(planSchema.parse(version.snapshot));
    const published = version.publishedAt ? new Date(version.publishedAt).toISOString().slice(0, 10) : '';
    const banner = `<p class="public-notice" role="note">Version publiée : <strong>${exporters.escapeHtml(version.label)}</strong>${published ? `, le ${published}` : ''}. Document en lecture seule.</p>\n`;
    const html = exporters.renderHtmlDocument(exporters.buildPlanDocument(plan, 'original'), { banner });
    // Revalidated on every visit: a withdrawn publication must disappear at once.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(Buffer.from(html));
  });
}
