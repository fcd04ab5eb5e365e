import { z } from 'zod';
import {
  actionResponseSchema,
  axisResponseSchema,
  commentResponseSchema,
  createUserResponseSchema,
  dashboardResponseSchema,
  historyResponseSchema,
  importConfirmResponseSchema,
  importPreviewResponseSchema,
  importQueueResponseSchema,
  institutionResponseSchema,
  institutionsResponseSchema,
  loginResponseSchema,
  logoutResponseSchema,
  meResponseSchema,
  membershipResponseSchema,
  membershipsResponseSchema,
  objectiveResponseSchema,
  planChangesResponseSchema,
  planFieldsResponseSchema,
  planResponseSchema,
  plansResponseSchema,
  programmeResponseSchema,
  programmesResponseSchema,
  passwordSignInSettingSchema,
  roleRuleResponseSchema,
  roleRulesResponseSchema,
  signInOptionsResponseSchema,
  siteResponseSchema,
  sitesResponseSchema,
  statusChangesResponseSchema,
  statusUpdateResponseSchema,
  subdimensionResponseSchema,
  userResponseSchema,
  usersResponseSchema,
  type ActionChanges,
  type PlanChanges,
  type Role,
  type ImportMappingRequest,
  type ScopeKind,
  type StatusUpdateRequest,
} from '../../../src/core/api/index.ts';
import type {
  axisInputSchema,
  objectiveInputSchema,
  subdimensionInputSchema,
} from '../../../src/core/api/plan-nodes.ts';
import type { ActionInput } from '../../../src/core/plan-schema.ts';
import { requestJson, setCsrfToken } from './http-client.ts';

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

/**
 * Ends the Jalon session; when it came from a provider offering it, the address ending the
 * provider's session too (RP-initiated logout), for the browser to go to.
 */
export async function signOut(): Promise<{ endSessionUrl: string | null }> {
  try {
    const answer = await requestJson(`${base}/auth/logout`, logoutResponseSchema, {
      method: 'POST',
      body: {},
    });
    return { endSessionUrl: answer.endSessionUrl ?? null };
  } finally {
    setCsrfToken(null);
  }
}

/** What the sign-in page offers: the password form or not, a button per identity provider. */
export const fetchSignInOptions = () => requestJson(`${base}/auth/options`, signInOptionsResponseSchema);
export const setPasswordSignIn = (passwordSignIn: boolean) =>
  requestJson(`${base}/auth/options/password`, passwordSignInSettingSchema, {
    method: 'PUT',
    body: { passwordSignIn },
  });
export const fetchRoleRules = () => requestJson(`${base}/sign-in-rules`, roleRulesResponseSchema);
export const createRoleRule = (rule: {
  provider: string | null;
  matchKind: 'group' | 'email_domain';
  matchValue: string;
  role: Role;
  scope: ScopeKind | null;
  scopeId: string | null;
  sites: string[];
}) => requestJson(`${base}/sign-in-rules`, roleRuleResponseSchema, { method: 'POST', body: rule });
export const deleteRoleRule = (ruleId: string) =>
  requestJson(`${base}/sign-in-rules/${enc(ruleId)}`, anyOk, { method: 'DELETE' });

export async function fetchMe() {
  const me = await requestJson(`${base}/auth/me`, meResponseSchema);
  setCsrfToken(me.csrfToken);
  return me;
}

export const fetchPlans = () => requestJson(`${base}/plans`, plansResponseSchema);
export const fetchPlan = (planId: string) => requestJson(`${base}/plans/${enc(planId)}`, planResponseSchema);
export const fetchDashboard = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/dashboard`, dashboardResponseSchema);

/** The plan's recent changes, newest first, readable by everyone who reads the plan; `before` pages back. */
export function fetchPlanChanges(planId: string, page: { limit?: number; before?: string } = {}) {
  const query = new URLSearchParams();
  if (page.limit) query.set('limit', String(page.limit));
  if (page.before) query.set('before', page.before);
  const suffix = query.size > 0 ? `?${query.toString()}` : '';
  return requestJson(`${base}/plans/${enc(planId)}/changes${suffix}`, planChangesResponseSchema);
}

/** Every dated status change of the plan's actions, oldest first (progress over time). */
export const fetchStatusChanges = (planId: string) =>
  requestJson(`${base}/plans/${enc(planId)}/status-changes`, statusChangesResponseSchema);

/** The plan's own fields (title, version, sections…), sent with the plan revision read. */
export const updatePlanFields = (planId: string, revision: number, changes: PlanChanges) =>
  requestJson(`${base}/plans/${enc(planId)}`, planFieldsResponseSchema, {
    method: 'PATCH',
    body: { revision, changes },
  });

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

/** The plan's structure: axes, sub-dimensions, objectives (operational ones under an objective). */
export type NodeKind = 'axis' | 'subdimension' | 'objective';
const nodePaths: Record<NodeKind, string> = {
  axis: 'axes',
  subdimension: 'subdimensions',
  objective: 'objectives',
};
export type AxisInput = z.input<typeof axisInputSchema>;
export type SubdimensionInput = z.input<typeof subdimensionInputSchema>;
export type ObjectiveInput = z.input<typeof objectiveInputSchema>;

export const createAxis = (planId: string, axis: AxisInput, position?: number) =>
  requestJson(`${base}/plans/${enc(planId)}/axes`, axisResponseSchema, {
    method: 'POST',
    body: { axis, position },
  });

export const createSubdimension = (axisId: string, subdimension: SubdimensionInput, position?: number) =>
  requestJson(`${base}/axes/${enc(axisId)}/subdimensions`, subdimensionResponseSchema, {
    method: 'POST',
    body: { subdimension, position },
  });

export const createObjective = (
  parent: { kind: NodeKind; id: string },
  objective: ObjectiveInput,
  position?: number,
) =>
  requestJson(`${base}/${nodePaths[parent.kind]}/${enc(parent.id)}/objectives`, objectiveResponseSchema, {
    method: 'POST',
    body: { objective, position },
  });

export const deleteNode = (kind: NodeKind, id: string, revision: number) =>
  requestJson(`${base}/${nodePaths[kind]}/${enc(id)}?revision=${revision}`, anyOk, { method: 'DELETE' });

export function previewImportFile(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestJson(`${base}/imports`, importPreviewResponseSchema, { method: 'POST', body: form });
}

export const previewImportText = (text: string) =>
  requestJson(`${base}/imports`, importPreviewResponseSchema, { method: 'POST', body: { text } });

/** The large imports waiting on the server, and where the caller's own stands. */
export const importQueueStatus = (signal?: AbortSignal) =>
  requestJson(`${base}/imports/queue`, importQueueResponseSchema, signal ? { signal } : {});

export const remapImport = (importId: string, request: ImportMappingRequest) =>
  requestJson(`${base}/imports/${enc(importId)}/mapping`, importPreviewResponseSchema, {
    method: 'PUT',
    body: request,
  });

export const confirmImport = (
  importId: string,
  options: { title?: string; rememberMapping?: boolean } = {},
) =>
  requestJson(`${base}/imports/${enc(importId)}/confirm`, importConfirmResponseSchema, {
    method: 'POST',
    body: {
      ...(options.title ? { title: options.title } : {}),
      ...(options.rememberMapping !== undefined ? { rememberMapping: options.rememberMapping } : {}),
    },
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
export const revokeMembership = (membershipId: string) =>
  requestJson(`${base}/memberships/${enc(membershipId)}`, anyOk, { method: 'DELETE' });
export const deleteUser = (userId: string) =>
  requestJson(`${base}/users/${enc(userId)}`, anyOk, { method: 'DELETE' });
export const suspendUser = (userId: string) =>
  requestJson(`${base}/users/${enc(userId)}/suspend`, userResponseSchema, { method: 'POST', body: {} });
export const reactivateUser = (userId: string) =>
  requestJson(`${base}/users/${enc(userId)}/reactivate`, userResponseSchema, { method: 'POST', body: {} });
export const fetchSites = () => requestJson(`${base}/sites`, sitesResponseSchema);
export const createSite = (site: { institutionId: string; code: string; name: string }) =>
  requestJson(`${base}/sites`, siteResponseSchema, { method: 'POST', body: site });
export const fetchInstitutions = () => requestJson(`${base}/institutions`, institutionsResponseSchema);
export const createInstitution = (name: string) =>
  requestJson(`${base}/institutions`, institutionResponseSchema, { method: 'POST', body: { name } });
export const fetchProgrammes = () => requestJson(`${base}/programmes`, programmesResponseSchema);
export const createProgramme = (programme: { institutionId: string; name: string }) =>
  requestJson(`${base}/programmes`, programmeResponseSchema, { method: 'POST', body: programme });

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
