import { z } from 'zod';
import { membershipSchema, membershipScopeSchema, roleSchema, userSchema } from './auth.ts';

export const usersResponseSchema = z.object({ users: z.array(userSchema) });
export const createUserRequestSchema = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  /** Only "admin" is a global role; give other roles with a membership. */
  role: roleSchema.nullable().optional(),
  password: z.string().min(10).max(1024).optional(),
});
export const userResponseSchema = z.object({ user: userSchema });
/** The generated password is returned once when none was given. */
export const createUserResponseSchema = z.object({ user: userSchema, password: z.string().optional() });

export const membershipsResponseSchema = z.object({ memberships: z.array(membershipSchema) });
export const membershipsQuerySchema = z.object({
  scope: membershipScopeSchema.optional(),
  scopeId: z.string().optional(),
  userId: z.string().optional(),
});
export const createMembershipRequestSchema = z.object({
  userId: z.string(),
  scope: membershipScopeSchema,
  scopeId: z.string(),
  role: roleSchema.exclude(['admin']),
  sites: z.array(z.string()).default([]),
});
export const membershipResponseSchema = z.object({ membership: membershipSchema });

export const siteRecordSchema = z.object({
  id: z.string(),
  institutionId: z.string(),
  code: z.string(),
  name: z.string(),
});
export const sitesResponseSchema = z.object({ sites: z.array(siteRecordSchema) });
export const createSiteRequestSchema = z.object({
  institutionId: z.string(),
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
});
export const siteResponseSchema = z.object({ site: siteRecordSchema });

export const institutionSchema = z.object({ id: z.string(), name: z.string() });
export const programmeSchema = z.object({ id: z.string(), institutionId: z.string(), name: z.string() });
export const institutionsResponseSchema = z.object({ institutions: z.array(institutionSchema) });
export const programmesResponseSchema = z.object({ programmes: z.array(programmeSchema) });

export const createInstitutionRequestSchema = z.object({ name: z.string().trim().min(1).max(300) });
export const institutionResponseSchema = z.object({ institution: institutionSchema });
export const createProgrammeRequestSchema = z.object({
  institutionId: z.string(),
  name: z.string().trim().min(1).max(300),
});
export const programmeResponseSchema = z.object({ programme: programmeSchema });
