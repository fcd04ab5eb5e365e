import { z } from 'zod';
import {
  actionResponseSchema,
  auditResponseSchema,
  commentResponseSchema,
  createUserResponseSchema,
  dashboardResponseSchema,
  historyResponseSchema,
  importConfirmResponseSchema,
  importPreviewResponseSchema,
  institutionsResponseSchema,
  loginResponseSchema,
  meResponseSchema,
  membershipResponseSchema,
  membershipsResponseSchema,
  planResponseSchema,
  plansResponseSchema,
  siteResponseSchema,
  sitesResponseSchema,
  statusUpdateResponseSchema,
  usersResponseSchema,
  type ActionChanges,
  type Role,
  type ScopeKind,
  type StatusUpdateRequest,
} from '../../../src/core/api/index.ts';
import type { ActionInput } from '../../../src/core/plan-schema.ts';
import { requestJson, send, setCsrfToken } from './http-client.ts';

/** The typed client of /api/v1: one function per endpoint the web app uses. */
const base = '/api/v1';
const anyOk = z.object({}).loose();
const enc = encodeURIComponent;

export async function signIn(email: string, password: string) {
  const result = await requestJson(`${base}/auth/login`, loginResponseSchema, {
    method: 'POST',
    body: { email, password },
  });
  setCsrfToken(result.csrfToken);
  return result;
}

export async function signOut() {
  await send(`${base}/auth/logout`, { method: 'POST', body: {} });
  setCsrfToken(null);
}

export async function fetchMe() {
  const me = await requestJson(`${base}/auth/me`, meResponseSchema);
  setCsrfToken(me.csrfToken);
  return me;
}

export const fetchPlans = () => requestJson(`${base}/plans`, plansResponseSchema);
export const fetchPlan = (planId: string) => requestJson(`${base}/plans/${enc(planId)}`, planResponseSchema);
export const fetchDashboard = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/dashboard`, dashboardResponseSchema);
export const fetchAudit = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/audit`, auditResponseSchema);

export const updateAction = (actionId: string, revision: number, changes: ActionChanges) =>
  requestJson(`${base}/actions/${enc(actionId)}`, actionResponseSchema, {
    method: 'PATCH',
    body: { revision, changes },
  });

export const changeActionStatus = (actionId: string, request: StatusUpdateRequest) =>
  requestJson(`${base}/actions/${enc(actionId)}/status`, statusUpdateResponseSchema, {
    method: 'POST',
    body: request,
  });

export const fetchActionHistory = (actionId: string) =>
  requestJson(`${base}/actions/${enc(actionId)}/history`, historyResponseSchema);

export const commentOnAction = (actionId: string, text: string) =>
  requestJson(`${base}/actions/${enc(actionId)}/comments`, commentResponseSchema, {
    method: 'POST',
    body: { text },
  });

/** Where a new action goes: under an objective, or straight under a sub-dimension or an axis. */
export type ActionParentKind = 'objective' | 'subdimension' | 'axis';
const parentPaths: Record<ActionParentKind, string> = {
  objective: 'objectives',
  subdimension: 'subdimensions',
  axis: 'axes',
};

export const createAction = (parent: { kind: ActionParentKind; id: string }, action: ActionInput) =>
  requestJson(`${base}/${parentPaths[parent.kind]}/${enc(parent.id)}/actions`, actionResponseSchema, {
    method: 'POST',
    body: { action },
  });

export const deleteAction = (actionId: string, revision: number) =>
  requestJson(`${base}/actions/${enc(actionId)}?revision=${revision}`, anyOk, { method: 'DELETE' });

export const moveAction = (actionId: string, objectiveId: string, position: number, revision: number) =>
  requestJson(`${base}/actions/${enc(actionId)}/move`, actionResponseSchema, {
    method: 'POST',
    body: { objectiveId, position, revision },
  });

export function previewImportFile(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestJson(`${base}/imports`, importPreviewResponseSchema, { method: 'POST', body: form });
}

export const previewImportText = (text: string) =>
  requestJson(`${base}/imports`, importPreviewResponseSchema, { method: 'POST', body: { text } });

export const confirmImport = (importId: string, title?: string) =>
  requestJson(`${base}/imports/${enc(importId)}/confirm`, importConfirmResponseSchema, {
    method: 'POST',
    body: title ? { title } : {},
  });

export const fetchUsers = () => requestJson(`${base}/users`, usersResponseSchema);
export const createUser = (user: { email: string; name: string; role?: Role | null; password?: string }) =>
  requestJson(`${base}/users`, createUserResponseSchema, { method: 'POST', body: user });
export const fetchMemberships = () => requestJson(`${base}/memberships`, membershipsResponseSchema);
export const createMembership = (membership: {
  userId: string;
  scope: ScopeKind;
  scopeId: string;
  role: Exclude<Role, 'admin'>;
  sites: string[];
}) => requestJson(`${base}/memberships`, membershipResponseSchema, { method: 'POST', body: membership });
export const fetchSites = () => requestJson(`${base}/sites`, sitesResponseSchema);
export const createSite = (site: { institutionId: string; code: string; name: string }) =>
  requestJson(`${base}/sites`, siteResponseSchema, { method: 'POST', body: site });
export const fetchInstitutions = () => requestJson(`${base}/institutions`, institutionsResponseSchema);

export type ExportFormat = 'docx' | 'pdf' | 'xlsx' | 'csv' | 'json' | 'md' | 'html';

/** The download address of an export; a plain link, so the browser handles the file. */
export function exportUrl(
  planId: string,
  format: ExportFormat,
  layout: 'original' | 'aeqes',
  isPublic: boolean,
) {
  const query = new URLSearchParams({ format, layout });
  if (isPublic) query.set('public', '1');
  return `${base}/plans/${enc(planId)}/export?${query.toString()}`;
}
