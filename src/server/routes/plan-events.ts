import type { FastifyInstance } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import type { PresenceResponse } from '../../core/api/plan-events.ts';
import { planEventsQuerySchema, presenceRequestSchema } from '../../core/api/plan-events.ts';
import { requireActor } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { accessToPlan } from '../plan-authorization.ts';
import { trackSseClient } from '../metrics.ts';
import { PlanEventHub, PRESENCE_TTL_MS } from '../plan-events.ts';
import { denyUnless } from '../policies/plan-access.ts';
import { canCommentInPlan, canOnPlan } from '../policies/plans.ts';
import { requestLanguage } from '../request-language.ts';
import { validateRequest } from '../validate-request.ts';

type PlanParams = { Params: { planId: string } };

/** How long a browser waits before reconnecting a dropped stream. */
const RECONNECT_MS = 1_000;

/** The live stream of a plan (Server-Sent Events) and presence; returns the hub holding the streams. */
export function registerPlanEventRoutes(app: FastifyInstance, ctx: ServerContext): PlanEventHub {
  const hub = new PlanEventHub(ctx);
  hub.start();
  // Open streams would keep the server from closing: end them first; browsers reconnect elsewhere.
  app.addHook('preClose', (done) => {
    hub.closeAll();
    done();
  });

  app.get<PlanParams>('/api/v1/plans/:planId/events', async (request, reply) => {
    const actor = requireActor(request);
    const planId = request.params.planId;
    const access = await accessToPlan(ctx, actor, planId);
    denyUnless(canOnPlan('read', access), access, { fr: 'Lire ce plan', en: 'Reading this plan' });
    const header = request.headers['last-event-id'];
    const query = validateRequest(
      planEventsQuerySchema,
      typeof header === 'string' && header.trim() ? { lastEventId: header.trim() } : request.query,
      { fr: 'Flux du plan', en: 'Plan stream' },
    );
    reply.hijack();
    const response = reply.raw;
    // The headers set so far (helmet's) go out with the stream's own.
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = value;
    }
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise hold events in its buffer.
      'x-accel-buffering': 'no',
    });
    response.on('close', trackSseClient());
    response.write(`retry: ${RECONNECT_MS}\n\n`);
    try {
      await hub.open(
        { planId, viewer: { actor, access }, lang: requestLanguage(request), response },
        query.lastEventId ?? null,
      );
    } catch (error) {
      request.log.warn({ err: error }, 'plan stream could not start');
      // The browser reconnects and resumes from the last id it has.
      response.end();
    }
  });

  app.post<PlanParams>('/api/v1/plans/:planId/presence', async (request): Promise<PresenceResponse> => {
    const actor = requireActor(request);
    const planId = request.params.planId;
    const access = await accessToPlan(ctx, actor, planId);
    denyUnless(canCommentInPlan(access), access, {
      fr: 'Signaler ce que vous modifiez',
      en: 'Saying what you are editing',
    });
    const body = validateRequest(presenceRequestSchema, request.body, { fr: 'Présence', en: 'Presence' });
    await hub.announcePresence(planId, { id: actor.user.id, name: actor.user.name }, body.objectId);
    return { ok: true, expiresInSeconds: PRESENCE_TTL_MS / 1000 };
  });

  return hub;
}
