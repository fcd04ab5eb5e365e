import { z } from 'zod';
import { actionResponseSchema, objectiveResponseSchema } from '../../../src/core/api/actions.ts';
import {
  calendarFeedResponseSchema,
  calendarFeedsResponseSchema,
  contactsResponseSchema,
  contactsSchema,
  diffResponseSchema,
  evidenceListResponseSchema,
  evidenceResponseSchema,
  planVersionResponseSchema,
  planVersionsResponseSchema,
  recommendationsResponseSchema,
  reminderRunResponseSchema,
  versionResponseSchema,
  type DiffFormat,
  type FreezeVersionRequest,
  type MeasurementRequest,
  type ProgressFormat,
} from '../../../src/core/api/follow-up.ts';
import {
  linkSuggestionsPageSchema,
  type LinkSuggestionDecision,
} from '../../../src/core/api/link-suggestions.ts';
import type { Recommendation } from '../../../src/core/plan-schema.ts';
import { requestJson } from './http-client.ts';

/**
 * The typed client of the follow-up endpoints (versions and diffs, recommendations register,
 * indicators, evidence, reminders, calendar feeds), apart from jalon-api.ts so that only the
 * pages and panels that use them download them.
 */
const base = '/api/v1';
const enc = encodeURIComponent;
const okSchema = z.object({ ok: z.literal(true) });

/** "current" names the living plan in a diff; anything else is a version id. */
export const currentPlan = 'current';

export const fetchVersions = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/versions`, planVersionsResponseSchema);

export const fetchVersion = (planId: string, versionId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/versions/${enc(versionId)}`, planVersionResponseSchema);

export const freezeVersion = (planId: string, request: FreezeVersionRequest) =>
  requestJson(`${base}/plans/${enc(planId)}/versions`, versionResponseSchema, {
    method: 'POST',
    body: request,
  });

export const setVersionPublished = (planId: string, versionId: string, published: boolean) =>
  requestJson(`${base}/plans/${enc(planId)}/versions/${enc(versionId)}/publication`, versionResponseSchema, {
    method: published ? 'POST' : 'DELETE',
    ...(published ? { body: {} } : {}),
  });

export const fetchDiff = (planId: string, from: string, to: string) =>
  requestJson(
    `${base}/plans/${enc(planId)}/diff?${new URLSearchParams({ from, to, format: 'json' }).toString()}`,
    diffResponseSchema,
  );

/** The download address of a diff as a file; a plain link, so the browser handles it. */
export const diffUrl = (planId: string, from: string, to: string, format: Exclude<DiffFormat, 'json'>) =>
  `${base}/plans/${enc(planId)}/diff?${new URLSearchParams({ from, to, format }).toString()}`;

export const progressUrl = (planId: string, since: string, format: ProgressFormat) =>
  `${base}/plans/${enc(planId)}/progress?${new URLSearchParams({ since, format }).toString()}`;

export const fetchRecommendations = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/recommendations`, recommendationsResponseSchema);

/** Replaces the register from the experts' report as pasted; refused (409) when `etag` is stale. */
export const replaceRecommendations = (
  planId: string,
  etag: string,
  register: { text: string } | { recommendations: Recommendation[] },
) =>
  requestJson(`${base}/plans/${enc(planId)}/recommendations`, recommendationsResponseSchema, {
    method: 'PUT',
    body: { etag, ...register },
  });

export const justifyRecommendation = (
  planId: string,
  recommendationId: string,
  justification: string | null,
  before: string | null,
) =>
  requestJson(
    `${base}/plans/${enc(planId)}/recommendations/${enc(recommendationId)}`,
    recommendationsResponseSchema,
    { method: 'PATCH', body: { justification, before } },
  );

export const updateObjective = (
  objectiveId: string,
  revision: number,
  changes: { recommendationIds: string[] },
) =>
  requestJson(`${base}/objectives/${enc(objectiveId)}`, objectiveResponseSchema, {
    method: 'PATCH',
    body: { revision, changes },
  });

export const addMeasurement = (actionId: string, measurement: MeasurementRequest) =>
  requestJson(`${base}/actions/${enc(actionId)}/measurements`, actionResponseSchema, {
    method: 'POST',
    body: measurement,
  });

export const fetchEvidence = (actionId: string) =>
  requestJson(`${base}/actions/${enc(actionId)}/evidence`, evidenceListResponseSchema);

export function uploadEvidenceFile(actionId: string, title: string, file: File) {
  const form = new FormData();
  // The server reads the fields that come before the file: the title first.
  form.append('title', title);
  form.append('file', file, file.name);
  return requestJson(`${base}/actions/${enc(actionId)}/evidence`, evidenceResponseSchema, {
    method: 'POST',
    body: form,
  });
}

export const addEvidenceLink = (actionId: string, title: string, url: string) =>
  requestJson(`${base}/actions/${enc(actionId)}/evidence`, evidenceResponseSchema, {
    method: 'POST',
    body: { title, url },
  });

export const deleteEvidence = (evidenceId: string) =>
  requestJson(`${base}/evidence/${enc(evidenceId)}`, okSchema, { method: 'DELETE' });

export const fetchContacts = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/contacts`, contactsResponseSchema);

export const saveContacts = (planId: string, contacts: z.input<typeof contactsSchema>['contacts']) =>
  requestJson(`${base}/plans/${enc(planId)}/contacts`, contactsSchema, {
    method: 'PUT',
    body: { contacts },
  });

export const sendReminders = (planId: string) =>
  requestJson(`${base}/reminders/send`, reminderRunResponseSchema, { method: 'POST', body: { planId } });

export const fetchCalendarFeeds = () => requestJson(`${base}/calendar-feeds`, calendarFeedsResponseSchema);

/** A feed of one plan, or of the signed-in user's own actions across plans without `planId`. */
export const createCalendarFeed = (planId?: string) =>
  requestJson(`${base}/calendar-feeds`, calendarFeedResponseSchema, {
    method: 'POST',
    body: planId ? { planId } : {},
  });

export const deleteCalendarFeed = (feedId: string) =>
  requestJson(`${base}/calendar-feeds/${enc(feedId)}`, okSchema, { method: 'DELETE' });

/** The suggested links of a plan (coordinators and admins), and the pairs turned down. */
export const fetchLinkSuggestions = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/link-suggestions`, linkSuggestionsPageSchema);

/** Accepts (an ordinary link is made) or rejects (never suggested again) one suggested pair. */
export const decideLinkSuggestion = (
  planId: string,
  decision: 'accept' | 'reject',
  pair: LinkSuggestionDecision,
) =>
  requestJson(`${base}/plans/${enc(planId)}/link-suggestions/${decision}`, linkSuggestionsPageSchema, {
    method: 'POST',
    body: pair,
  });

export const undoLinkRejection = (planId: string, pair: LinkSuggestionDecision) =>
  requestJson(
    `${base}/plans/${enc(planId)}/link-suggestions/rejections?${new URLSearchParams(pair).toString()}`,
    linkSuggestionsPageSchema,
    { method: 'DELETE' },
  );
