import type { FastifyInstance } from 'fastify';
import {
  createInstitutionRequestSchema,
  createMembershipRequestSchema,
  createProgrammeRequestSchema,
  createSiteRequestSchema,
  createUserRequestSchema,
  membershipsQuerySchema,
} from '../../core/api/users.ts';
import { JalonError, type LocalizedText } from '../../core/errors.ts';
import { listMemberships, listUsers } from '../../db/repositories/accounts.ts';
import {
  listInstitutions,
  listProgrammes,
  listSites,
  membershipReach,
} from '../../db/repositories/organisations.ts';
import { notFound } from '../commands/conflict.ts';
import { toMembership } from '../auth/actor.ts';
import { requireActor } from '../auth/authenticate.ts';
import { createInstitution } from '../commands/create-institution.ts';
import { createProgramme } from '../commands/create-programme.ts';
import { createSite } from '../commands/create-site.ts';
import { createUser } from '../commands/create-user.ts';
import { deleteUser } from '../commands/delete-user.ts';
import { grantMembership } from '../commands/grant-membership.ts';
import { revokeMembership } from '../commands/revoke-membership.ts';
import { reactivateUser, suspendUser } from '../commands/suspend-user.ts';
import type { ServerContext } from '../context.ts';
import { canOnAccounts, type AccountOperation } from '../policies/accounts.ts';
import { presentUser } from '../presenters/user.ts';
import { validateRequest } from '../validate-request.ts';
import type { Actor } from '../auth/actor.ts';

/** The operations only administrators may do, named for the refusal ("Créer un compte est réservé…"). */
const adminOperations: Record<Exclude<AccountOperation, 'listSites' | 'import'>, LocalizedText> = {
  listUsers: { fr: 'Lister les comptes', en: 'Listing the accounts' },
  createUser: { fr: 'Créer un compte', en: 'Creating an account' },
  deleteUser: { fr: 'Supprimer un compte', en: 'Deleting an account' },
  suspendUser: { fr: 'Suspendre ou réactiver un compte', en: 'Suspending or reactivating an account' },
  listMemberships: { fr: 'Lister les rôles', en: 'Listing the roles' },
  grantMembership: { fr: 'Donner un rôle', en: 'Granting a role' },
  revokeMembership: { fr: 'Retirer un rôle', en: 'Revoking a role' },
  createSite: { fr: 'Ajouter une implantation', en: 'Adding a site' },
  createInstitution: { fr: 'Créer une institution', en: 'Creating an institution' },
  createProgramme: { fr: 'Créer un programme', en: 'Creating a programme' },
};

function authorizeAccounts(operation: Exclude<AccountOperation, 'import'>, actor: Actor): void {
  if (canOnAccounts(operation, actor)) return;
  if (operation === 'listSites') {
    // Every role may list the organisation it belongs to: only an account without any is refused.
    throw new JalonError('FORBIDDEN', {
      fr: 'Consulter l’organisation demande un rôle sur une institution, un programme ou un plan.',
      en: 'Viewing the organisation requires a role on an institution, a programme or a plan.',
    });
  }
  const what = adminOperations[operation];
  throw new JalonError('FORBIDDEN', {
    fr: `${what.fr} est réservé aux administrateurs.`,
    en: `${what.en} is reserved for administrators.`,
  });
}

export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** What of the organisation the actor may list: everything for an admin, else what their roles reach. */
  const reachOf = (actor: Actor) => (actor.user.isAdmin ? null : membershipReach(ctx.db, actor.memberships));

  app.get('/api/v1/users', async (request) => {
    authorizeAccounts('listUsers', requireActor(request));
    return { users: (await listUsers(ctx.db)).map(presentUser) };
  });

  app.post('/api/v1/users', async (request, reply) => {
    const actor = requireActor(request);
    authorizeAccounts('createUser', actor);
    const body = validateRequest(createUserRequestSchema, request.body);
    if (body.role && body.role !== 'admin') {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: 'Seul « admin » est un rôle global : donnez les autres par POST /api/v1/memberships.',
          en: 'Only "admin" is a global role: give the others through POST /api/v1/memberships.',
        },
        { location: { field: 'role' } },
      );
    }
    const { user, password } = await createUser(ctx.db, { actor, ...body });
    reply.status(201);
    return { user: presentUser(user), ...(password ? { password } : {}) };
  });

  app.delete<{ Params: { userId: string } }>('/api/v1/users/:userId', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('deleteUser', actor);
    await deleteUser(ctx.db, { actor, userId: request.params.userId });
    // The deleted user's cached sessions must stop working now, not in 5 s.
    ctx.sessions.clear();
    return { ok: true as const };
  });

  app.post<{ Params: { userId: string } }>('/api/v1/users/:userId/suspend', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('suspendUser', actor);
    const user = await suspendUser(ctx.db, { actor, userId: request.params.userId });
    // The suspended user's cached sessions must stop working now, not in 5 s.
    ctx.sessions.clear();
    return { user: presentUser(user) };
  });

  app.post<{ Params: { userId: string } }>('/api/v1/users/:userId/reactivate', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('suspendUser', actor);
    const user = await reactivateUser(ctx.db, { actor, userId: request.params.userId });
    return { user: presentUser(user) };
  });

  app.get('/api/v1/memberships', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('listMemberships', actor);
    const query = validateRequest(membershipsQuerySchema, request.query);
    return { memberships: (await listMemberships(ctx.db, query)).map(toMembership) };
  });

  app.post('/api/v1/memberships', async (request, reply) => {
    const actor = requireActor(request);
    authorizeAccounts('grantMembership', actor);
    const body = validateRequest(createMembershipRequestSchema, request.body);
    const membership = await grantMembership(ctx.db, { actor, ...body });
    // Cached sessions carry their memberships.
    ctx.sessions.clear();
    reply.status(201);
    return { membership: toMembership(membership) };
  });

  app.delete<{ Params: { membershipId: string } }>('/api/v1/memberships/:membershipId', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('revokeMembership', actor);
    await revokeMembership(ctx.db, { actor, membershipId: request.params.membershipId });
    ctx.sessions.clear();
    return { ok: true as const };
  });

  app.get<{ Querystring: { institutionId?: string } }>('/api/v1/sites', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('listSites', actor);
    const reach = await reachOf(actor);
    const institutionId = request.query.institutionId;
    if (institutionId && reach && !reach.institutionIds.includes(institutionId))
      throw notFound('institution');
    return { sites: await listSites(ctx.db, institutionId, reach) };
  });

  app.post('/api/v1/sites', async (request, reply) => {
    const actor = requireActor(request);
    authorizeAccounts('createSite', actor);
    const body = validateRequest(createSiteRequestSchema, request.body);
    const site = await createSite(ctx.db, { actor, ...body });
    reply.status(201);
    return { site };
  });

  app.get('/api/v1/institutions', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('listSites', actor);
    return { institutions: await listInstitutions(ctx.db, await reachOf(actor)) };
  });

  app.post('/api/v1/institutions', async (request, reply) => {
    const actor = requireActor(request);
    authorizeAccounts('createInstitution', actor);
    const body = validateRequest(createInstitutionRequestSchema, request.body, {
      fr: 'Institution',
      en: 'Institution',
    });
    const institution = await createInstitution(ctx.db, { actor, name: body.name });
    reply.status(201);
    return { institution };
  });

  app.get('/api/v1/programmes', async (request) => {
    const actor = requireActor(request);
    authorizeAccounts('listSites', actor);
    return { programmes: await listProgrammes(ctx.db, await reachOf(actor)) };
  });

  app.post('/api/v1/programmes', async (request, reply) => {
    const actor = requireActor(request);
    authorizeAccounts('createProgramme', actor);
    const body = validateRequest(createProgrammeRequestSchema, request.body, {
      fr: 'Programme',
      en: 'Programme',
    });
    const programme = await createProgramme(ctx.db, { actor, ...body });
    reply.status(201);
    return { programme };
  });
}
