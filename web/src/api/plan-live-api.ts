import { presenceResponseSchema } from '../../../src/core/api/plan-events.ts';
import { requestJson } from './http-client.ts';

/** The address of a plan's live stream (Server-Sent Events), for an EventSource. */
export function planEventsUrl(planId: string): string {
  return `/api/v1/plans/${encodeURIComponent(planId)}/events`;
}

/** Says which object of the plan I am editing now (null: none); it holds 30 s unless said again. */
export function announceEditing(planId: string, objectId: string | null) {
  return requestJson(`/api/v1/plans/${encodeURIComponent(planId)}/presence`, presenceResponseSchema, {
    method: 'POST',
    body: { objectId },
  });
}
