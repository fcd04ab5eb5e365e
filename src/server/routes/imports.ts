import type { FastifyInstance } from 'fastify';
import '@fastify/multipart';
import {
  importConfirmRequestSchema,
  importMappingRequestSchema,
  importTextRequestSchema,
  type ImportPreviewResponse,
} from '../../core/api/imports.ts';
import type { ColumnMapping } from '../../core/column-roles.ts';
import { JalonError } from '../../core/errors.ts';
import { requireActor } from '../auth/authenticate.ts';
import { confirmImport } from '../commands/confirm-import.ts';
import type { ServerContext } from '../context.ts';
import { MAX_UPLOAD_BYTES } from '../import-plan-file.ts';
import { previewImport, remapImport } from '../commands/preview-import.ts';
import { resolvePlanAccess } from '../policies/plan-access.ts';
import { canOnAccounts } from '../policies/accounts.ts';
import { findProgramme } from '../../db/repositories/organisations.ts';
import { validateRequest } from '../validate-request.ts';
import { announceAccountChange } from '../change-bus.ts';
import type { Template } from '../../core/plan-template.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from '../commands/conflict.ts';
import { resolveTemplate } from '../commands/save-template.ts';
import { institutionRole } from '../policies/templates.ts';

function importForbidden(): JalonError {
  return new JalonError('FORBIDDEN', {
    fr: 'Importer un plan est réservé aux coordinations et aux administrateurs.',
    en: 'Importing a plan is reserved for coordinators and administrators.',
  });
}

/**
 * The template an import names: one of the institution's (the one given, or the only one the
 * importer holds a role over at institution level), else a built-in; none when none is named.
 */
async function importTemplate(
  ctx: ServerContext,
  actor: Actor,
  choice: { templateId?: string | undefined; institutionId?: string | undefined },
): Promise<Template | null> {
  if (!choice.templateId) return null;
  let institutionId = choice.institutionId ?? null;
  if (institutionId) {
    if (!institutionRole(actor, institutionId)) throw notFound('institution');
  } else {
    const own = [
      ...new Set(actor.memberships.filter((m) => m.scope === 'institution').map((m) => m.scopeId)),
    ];
    institutionId = own.length === 1 ? own[0]! : null;
  }
  const template = await resolveTemplate(ctx.db, institutionId ? { institutionId } : null, choice.templateId);
  if (!template)
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Aucun modèle « ${choice.templateId} » pour cet import.`,
        en: `No template "${choice.templateId}" for this import.`,
      },
      { location: { field: 'templateId' } },
    );
  return template;
}

export function registerImportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/api/v1/imports',
    { bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024 },
    async (request, reply): Promise<ImportPreviewResponse> => {
      const actor = requireActor(request);
      if (!canOnAccounts('import', actor)) {
        throw importForbidden();
      }
      let input: { name: string; bytes: Uint8Array };
      let format: string | undefined;
      let mapping: ColumnMapping | undefined;
      let templateChoice: { templateId?: string | undefined; institutionId?: string | undefined } = {};
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
        if (!file || file.fieldname !== 'file') {
          throw new JalonError(
            'BAD_INPUT',
            {
              fr: 'Envoyez le fichier dans le champ « file ».',
              en: 'Send the file in the "file" field.',
            },
            { location: { field: 'file' } },
          );
        }
        const bytes = await file.toBuffer();
        if (file.file.truncated) {
          throw new JalonError(
            'FILE_TOO_LARGE',
            {
              fr: `${file.filename} dépasse la taille maximale d’import (${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} Mo).`,
              en: `${file.filename} is larger than the import size limit (${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB).`,
            },
            { location: { file: file.filename } },
          );
        }
        input = { name: file.filename, bytes: new Uint8Array(bytes) };
        // Fields sent before the file: "templateId" and "institutionId", as in the JSON body.
        const field = (name: string) => {
          const value = file.fields[name];
          return value && !Array.isArray(value) && value.type === 'field' ? String(value.value) : undefined;
        };
        templateChoice = { templateId: field('templateId'), institutionId: field('institutionId') };
      } else {
        const body = validateRequest(importTextRequestSchema, request.body, { fr: 'Import', en: 'Import' });
        format = body.format;
        mapping = body.mapping;
        templateChoice = { templateId: body.templateId, institutionId: body.institutionId };
        input = {
          name: body.fileName ?? `texte-colle.${body.format ?? 'txt'}`,
          bytes: new TextEncoder().encode(body.text),
        };
      }
      const preview = await previewImport(ctx.db, {
        actor,
        source: { ...input, format },
        mapping,
        template: await importTemplate(ctx, actor, templateChoice),
      });
      reply.status(201);
      return preview;
    },
  );

  app.put<{ Params: { importId: string } }>(
    '/api/v1/imports/:importId/mapping',
    async (request): Promise<ImportPreviewResponse> => {
      const actor = requireActor(request);
      if (!canOnAccounts('import', actor)) {
        throw importForbidden();
      }
      const body = validateRequest(importMappingRequestSchema, request.body, {
        fr: 'Lecture des colonnes',
        en: 'Column reading',
      });
      return remapImport(ctx.db, {
        actor,
        importId: request.params.importId,
        mapping: body.mapping,
        ignoreRemembered: body.ignoreRemembered ?? false,
      });
    },
  );

  app.post<{ Params: { importId: string } }>('/api/v1/imports/:importId/confirm', async (request, reply) => {
    const actor = requireActor(request);
    if (!canOnAccounts('import', actor)) {
      throw importForbidden();
    }
    const body = validateRequest(importConfirmRequestSchema, request.body);
    if (body.programmeId) {
      const programme = await findProgramme(ctx.db, body.programmeId);
      if (!programme)
        throw new JalonError(
          'BAD_INPUT',
          { fr: 'Programme inconnu.', en: 'Unknown programme.' },
          { location: { field: 'programmeId' } },
        );
      const access = resolvePlanAccess(actor, {
        planId: '',
        programmeId: programme.id,
        institutionId: programme.institutionId,
      });
      if (access.role !== 'admin' && access.role !== 'coordinator') {
        throw new JalonError('FORBIDDEN', {
          fr: 'Vous ne coordonnez pas ce programme : impossible d’y ajouter un plan.',
          en: 'You do not coordinate this programme: you cannot add a plan to it.',
        });
      }
    }
    const stored = await confirmImport(ctx.db, {
      actor,
      importId: request.params.importId,
      title: body.title,
      programmeId: body.programmeId,
      rememberMapping: body.rememberMapping ?? true,
    });
    // The importer now coordinates the new plan: cached memberships are out of date.
    ctx.sessions.clear();
    await announceAccountChange(ctx.db, actor.user.id);
    reply.status(201);
    return { planId: stored.planId };
  });
}
