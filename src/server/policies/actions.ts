import type { Action } from '../../core/plan-schema.ts';
import { foldText } from '../../core/text.ts';
import type { Actor } from '../auth/actor.ts';
import type { PlanAccess, PolicyTable, Rule } from './plan-access.ts';

export type ActionOperation =
  'read' | 'update' | 'status' | 'comment' | 'measure' | 'evidence' | 'create' | 'delete' | 'move';

/**
 * Who may do what to an action. "own-site": a site editor, on a local action of their own
 * site(s) only (never on an action common to all sites); "responsible": a contributor, on an
 * action that names them among its responsibles.
 */
export const actionPolicy: PolicyTable<ActionOperation> = {
  read: { admin: 'allow', coordinator: 'allow', site_editor: 'allow', contributor: 'allow', reader: 'allow' },
  update: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'responsible',
    reader: 'deny',
  },
  status: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'responsible',
    reader: 'deny',
  },
  comment: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'responsible',
    reader: 'deny',
  },
  /** Record a measured value of an indicator. */
  measure: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'responsible',
    reader: 'deny',
  },
  /** Attach or remove evidence (a file or a link). */
  evidence: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'responsible',
    reader: 'deny',
  },
  create: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'deny',
    reader: 'deny',
  },
  delete: {
    admin: 'allow',
    coordinator: 'allow',
    site_editor: 'own-site',
    contributor: 'deny',
    reader: 'deny',
  },
  move: { admin: 'allow', coordinator: 'allow', site_editor: 'deny', contributor: 'deny', reader: 'deny' },
};

/** The only fields a contributor may change on an action they are responsible for. */
export const contributorFields = new Set<string>(['status', 'statusLabel', 'indicators', 'measures']);

function isOwnSite(access: PlanAccess, sites: string[]): boolean {
  return sites.length > 0 && sites.every((s) => access.sites.includes(s));
}

/** Whether the action names the actor among its responsibles (by name, or by e-mail address). */
export function isResponsible(actor: Pick<Actor, 'user'>, action: Pick<Action, 'responsibles'>): boolean {
  const name = foldText(actor.user.name).trim();
  const email = actor.user.email.toLowerCase();
  return action.responsibles.some((r) => {
    const folded = foldText(r).trim();
    return (name.length > 0 && folded === name) || folded.includes(email);
  });
}

function applies(
  rule: Rule,
  actor: Actor,
  access: PlanAccess,
  action: Pick<Action, 'sites' | 'responsibles'>,
): boolean {
  if (rule === 'allow') return true;
  if (rule === 'deny') return false;
  if (rule === 'own-site') return isOwnSite(access, action.sites);
  return isResponsible(actor, action);
}

/**
 * Whether the actor may do `operation` to `action`. For an update, `after` is the action as it
 * would become: a site editor cannot move an action out of their sites, a contributor can
 * touch only status and indicators.
 */
export function canOnAction(
  operation: ActionOperation,
  actor: Actor | null,
  access: PlanAccess,
  action: Pick<Action, 'sites' | 'responsibles'>,
  change?: { fields: string[]; after: Pick<Action, 'sites' | 'responsibles'> },
): boolean {
  if (!actor || !access.role) return false;
  const rule = actionPolicy[operation][access.role];
  if (!applies(rule, actor, access, action)) return false;
  if (change && rule === 'own-site' && !isOwnSite(access, change.after.sites)) return false;
  if (change && rule === 'responsible' && !change.fields.every((f) => contributorFields.has(f))) return false;
  return true;
}

/** Whether the actor's role lets them create an action anywhere in the plan (a site editor: for their sites). */
export function canCreateSomeAction(access: PlanAccess): boolean {
  return access.role !== null && actionPolicy.create[access.role] !== 'deny';
}

/** The sites whose actions the actor may edit in a plan, for the client's permissions block. */
export function editableSites(access: PlanAccess): string[] | 'all' {
  if (!access.role) return [];
  const rule = actionPolicy.update[access.role];
  if (rule === 'allow') return 'all';
  if (rule === 'own-site') return access.sites;
  return [];
}
