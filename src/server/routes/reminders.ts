import type { FastifyInstance } from 'fastify';
import {
  calendarFeedRequestSchema,
  contactsSchema,
  reminderRunRequestSchema,
  type CalendarFeedResponse,
} from '../../core/api/follow-up.ts';
import { JalonError } from '../../core/errors.ts';
import type { Plan } from '../../core/plan-schema.ts';
import { listActions } from '../../core/plan-walk.ts';
import { findUserById, listMembershipsOfUser } from '../../db/repositories/accounts.ts';
import {
  deleteCalendarFeed,
  findCalendarFeed,
  insertCalendarFeed,
  listCalendarFeeds,
  listResponsibleContacts,
  replaceResponsibleContacts,
} from '../../db/repositories/follow-up.ts';
import { listPlanSummaries } from '../../db/repositories/plans.ts';
import { buildIcalFeed, buildIcalFeedOfPlans } from '../../notify/ical-feed.ts';
import { toMembership, type Actor } from '../auth/actor.ts';
import { requireActor } from '../auth/authenticate.ts';
import { generateSecret, hashSecret } from '../auth/tokens.ts';
import { notFound } from '../commands/conflict.ts';
import { recordChange } from '../commands/record-change.ts';
import { runReminders } from '../commands/run-reminders.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan, planListFilter } from '../plan-authorization.ts';
import { isResponsible } from '../policies/actions.ts';
import { strongestRole } from '../policies/accounts.ts';
import { denyUnless, resolvePlanAccess } from '../policies/plan-access.ts';
import { canOnPlan } from '../policies/plans.ts';
import { requestLanguage } from '../request-language.ts';
import { validateRequest } from '../validate-request.ts';

type PlanParams = { Params: { planId: string } };

function responsiblesOf(plan: Plan): string[] {
  const names = new Map<string, string>();
  for (const { action } of listActions(plan)) {
    for (const name of action.responsibles) names.set(name.trim().toLowerCase(), name.trim());
  }
  return [...names.values()].sort((a, b) => a.localeCompare(b, 'fr'));
}

/** Reminders by e-mail (responsibles' addresses, "send now") and calendar feeds of deadlines. */
export function registerReminderRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<PlanParams>('/api/v1/plans/:planId/contacts', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    // Addresses are personal data: only those who run the plan see them.
    denyUnless(canOnPlan('edit', access), access, {
      fr: 'Adresses des responsables',
      en: "The responsibles' addresses",
    });
    const [rows, cached] = await Promise.all([
      listResponsibleContacts(ctx.db, request.params.planId),
      ctx.plans.get(ctx.db, request.params.planId),
    ]);
    return {
      contacts: rows.map((r) => ({ responsible: r.responsible, email: r.email })),
      responsibles: cached ? responsiblesOf(cached.loaded.plan) : [],
    };
  });

  app.put<PlanParams>('/api/v1/plans/:planId/contacts', async (request) => {
    const actor = requireActor(request);
    const access = await accessToPlan(ctx, actor, request.params.planId);
    denyUnless(canOnPlan('edit', access), access, {
      fr: 'Adresses des responsables',
      en: "The responsibles' addresses",
    });
    const body = validateRequest(contactsSchema, request.body, { fr: 'Adresses', en: 'Addresses' });
    const seen = new Set<string>();
    for (const [i, c] of body.contacts.entries()) {
      const key = c.responsible.trim().toLowerCase();
      if (seen.has(key)) {
        throw new JalonError(
          'BAD_INPUT',
          {
            fr: `« ${c.responsible} » a deux adresses : gardez-en une.`,
            en: `"${c.responsible}" has two addresses: keep one of them.`,
          },
          { location: { field: `contacts.${i}.responsible` } },
        );
      }
      seen.add(key);
    }
    const planId = request.params.planId;
    await ctx.db.transaction(async (tx) => {
      await replaceResponsibleContacts(tx, planId, body.contacts);
      await recordChange(tx, {
        actor,
        planId,
        action: 'contacts.replace',
        objectType: 'plan',
        objectId: planId,
        after: { count: body.contacts.length },
      });
    });
    return { contacts: body.contacts };
  });

  app.post('/api/v1/reminders/send', async (request) => {
    const actor = requireActor(request);
    // Only who coordinates a plan somewhere may send reminders: others are refused whatever they send.
    const role = strongestRole(actor);
    if (role !== 'admin' && role !== 'coordinator')
      throw new JalonError('FORBIDDEN', {
        fr: 'Envoyer les rappels est réservé aux coordinations et aux administrateurs.',
        en: 'Sending reminders is reserved for coordinators and administrators.',
      });
    const body = validateRequest(reminderRunRequestSchema, request.body, { fr: 'Rappels', en: 'Reminders' });
    if (body.planId) {
      const access = await accessToPlan(ctx, actor, body.planId);
      denyUnless(canOnPlan('edit', access), access, { fr: 'Envoyer les rappels', en: 'Sending reminders' });
    } else if (!actor.user.isAdmin) {
      throw new JalonError('FORBIDDEN', {
        fr: 'Envoyer les rappels de tous les plans est réservé aux administrateurs : précisez le plan.',
        en: 'Sending the reminders of every plan is reserved for administrators: name the plan.',
      });
    }
    const result = await runReminders(ctx.db, {
      today: ctx.today(),
      smtp: ctx.smtp,
      manual: true,
      lang: requestLanguage(request),
      ...(body.planId ? { planIds: [body.planId] } : {}),
      ...(ctx.appUrl ? { appUrl: ctx.appUrl } : {}),
    });
    return result;
  });

  app.get('/api/v1/calendar-feeds', async (request) => {
    const actor = requireActor(request);
    const rows = await listCalendarFeeds(ctx.db, actor.user.id);
    return { feeds: rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })) };
  });

  app.post('/api/v1/calendar-feeds', async (request, reply): Promise<CalendarFeedResponse> => {
    const actor = requireActor(request);
    const body = validateRequest(calendarFeedRequestSchema, request.body, {
      fr: 'Calendrier',
      en: 'Calendar',
    });
    if (body.planId) {
      const access = await accessToPlan(ctx, actor, body.planId);
      denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    }
    const token = generateSecret();
    const id = globalThis.crypto.randomUUID();
    await insertCalendarFeed(ctx.db, {
      id,
      tokenHash: hashSecret(token),
      userId: actor.user.id,
      planId: body.planId ?? null,
    });
    reply.status(201);
    return {
      feed: { id, planId: body.planId ?? null, createdAt: new Date().toISOString() },
      path: `/calendar/${token}.ics`,
    };
  });

  app.delete<{ Params: { feedId: string } }>('/api/v1/calendar-feeds/:feedId', async (request) => {
    const actor = requireActor(request);
    if (!(await deleteCalendarFeed(ctx.db, actor.user.id, request.params.feedId)))
      throw notFound('calendarFeed');
    return { ok: true as const };
  });

  /**
   * The feed itself: calendar apps cannot sign in, so the secret address is the credential. It
   * shows what its owner may read today (a revoked role empties it), never more.
   */
  app.get<{ Params: { file: string } }>('/calendar/:file', async (request, reply) => {
    const token = request.params.file.replace(/\.ics$/, '');
    const feed = await findCalendarFeed(ctx.db, hashSecret(token));
    const user = feed ? await findUserById(ctx.db, feed.userId) : null;
    if (!feed || !user) throw notFound('calendarFeed');
    const actor: Actor = {
      user,
      memberships: (await listMembershipsOfUser(ctx.db, user.id)).map(toMembership),
      via: 'token',
      sessionTokenHash: null,
      csrfToken: null,
    };
    const linkBase = ctx.appUrl ? ctx.appUrl.replace(/\/$/, '') : undefined;
    let ics: string;
    if (feed.planId) {
      const scope = await ctx.plans.scope(ctx.db, feed.planId);
      const cached =
        scope && canOnPlan('read', resolvePlanAccess(actor, scope))
          ? await ctx.plans.get(ctx.db, feed.planId)
          : null;
      if (!cached) throw notFound('calendarFeed');
      ics = buildIcalFeed(
        cached.loaded.plan,
        linkBase ? { linkBase: `${linkBase}/plans/${feed.planId}` } : {},
      );
    } else {
      const summaries = await listPlanSummaries(ctx.db, planListFilter(actor));
      const sources: Array<{ plan: Plan; linkBase?: string }> = [];
      for (const summary of summaries) {
        const cached = await ctx.plans.get(ctx.db, summary.id);
        if (cached) {
          sources.push({
            plan: cached.loaded.plan,
            ...(linkBase ? { linkBase: `${linkBase}/plans/${summary.id}` } : {}),
          });
        }
      }
      ics = buildIcalFeedOfPlans(sources, {
        name: `Jalon — ${user.name}`,
        filter: ({ action }) => isResponsible(actor, action),
      });
    }
    return reply
      .header('cache-control', 'private, max-age=300')
      .type('text/calendar; charset=utf-8')
      .send(ics);
  });
}
