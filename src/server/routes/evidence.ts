import type { FastifyInstance } from 'fastify';
import '@fastify/multipart';
import {
  addLinkEvidenceRequestSchema,
  measurementRequestSchema,
  type Evidence,
} from '../../core/api/follow-up.ts';
import { JalonError } from '../../core/errors.ts';
import { findEvidence, listEvidenceOfAction } from '../../db/repositories/follow-up.ts';
import { requireActor } from '../auth/authenticate.ts';
import { attachEvidence } from '../commands/attach-evidence.ts';
import { notFound } from '../commands/conflict.ts';
import { recordMeasurement } from '../commands/record-measurement.ts';
import { removeEvidence } from '../commands/remove-evidence.ts';
import type { ServerContext } from '../context.ts';
import { accessToAction, authorizeAction } from '../plan-authorization.ts';
import { sendDownload } from '../presenters/file-download.ts';
import { validateRequest } from '../validate-request.ts';

type ActionParams = { Params: { actionId: string } };
type EvidenceParams = { Params: { evidenceId: string } };

function presentEvidence(row: Awaited<ReturnType<typeof listEvidenceOfAction>>[number]): Evidence {
  return {
    id: row.id,
    actionId: row.actionId,
    kind: row.kind === 'file' ? 'file' : 'link',
    title: row.title,
    url: row.url,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    createdAt: new Date(row.createdAt).toISOString(),
    downloadPath: row.kind === 'file' ? `/api/v1/evidence/${row.id}/download` : null,
  };
}

/** Evidence (files and links) and measured indicator values: the proof an action was carried out. */
export function registerEvidenceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<ActionParams>('/api/v1/actions/:actionId/evidence', async (request) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('read', actor, access, action);
    const rows = await listEvidenceOfAction(ctx.db, request.params.actionId);
    return { evidence: rows.map(presentEvidence) };
  });

  // A file comes as multipart (a "title" field first, then the "file"); a link as JSON.
  app.post<ActionParams>(
    '/api/v1/actions/:actionId/evidence',
    { bodyLimit: ctx.limits.evidenceBytes + 1024 * 1024 },
    async (request, reply) => {
      const actor = requireActor(request);
      const { action, planId, access } = await accessToAction(ctx, actor, request.params.actionId);
      authorizeAction('evidence', actor, access, action);
      const maxBytes = ctx.limits.evidenceBytes;
      let attached: { id: string };
      if (request.isMultipart()) {
        const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
        if (!part || part.fieldname !== 'file') {
          throw new JalonError(
            'BAD_INPUT',
            {
              fr: 'Envoyez le fichier dans le champ « file ».',
              en: 'Send the file in the "file" field.',
            },
            { location: { field: 'file' } },
          );
        }
        const tooLarge = () =>
          new JalonError(
            'FILE_TOO_LARGE',
            {
              fr: `${part.filename} : le fichier dépasse ${Math.round(maxBytes / 1024 / 1024)} Mo.`,
              en: `${part.filename}: the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
            },
            { location: { file: part.filename } },
          );
        // Over the limit, the multipart reader stops with its own (English) error: the file and the limit are named instead.
        const bytes = await part.toBuffer().catch((error: unknown) => {
          throw (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : error;
        });
        if (part.file.truncated) throw tooLarge();
        const titleField = part.fields.title;
        const title =
          titleField && !Array.isArray(titleField) && titleField.type === 'field'
            ? String(titleField.value).trim()
            : '';
        attached = await attachEvidence(ctx.db, {
          actor,
          planId,
          actionId: request.params.actionId,
          title: title.slice(0, 300),
          file: { name: part.filename, bytes: new Uint8Array(bytes) },
          maxBytes,
        });
      } else {
        const body = validateRequest(addLinkEvidenceRequestSchema, request.body, { fr: 'Lien', en: 'Link' });
        attached = await attachEvidence(ctx.db, {
          actor,
          planId,
          actionId: request.params.actionId,
          title: body.title,
          url: body.url,
        });
      }
      const rows = await listEvidenceOfAction(ctx.db, request.params.actionId);
      reply.status(201);
      return { evidence: presentEvidence(rows.find((r) => r.id === attached.id)!) };
    },
  );

  app.get<EvidenceParams>('/api/v1/evidence/:evidenceId/download', async (request, reply) => {
    const actor = requireActor(request);
    const row = await findEvidence(ctx.db, request.params.evidenceId);
    if (!row || row.kind !== 'file' || !row.content) throw notFound('evidence');
    const { action, access } = await accessToAction(ctx, actor, row.actionId);
    authorizeAction('read', actor, access, action);
    return sendDownload(reply, {
      bytes: row.content,
      mimeType: row.mimeType ?? 'application/octet-stream',
      fileName: row.fileName ?? 'preuve',
    });
  });

  app.delete<EvidenceParams>('/api/v1/evidence/:evidenceId', async (request) => {
    const actor = requireActor(request);
    const row = await findEvidence(ctx.db, request.params.evidenceId);
    if (!row) throw notFound('evidence');
    const { action, access } = await accessToAction(ctx, actor, row.actionId);
    authorizeAction('evidence', actor, access, action);
    await removeEvidence(ctx.db, actor, row.id);
    return { ok: true as const };
  });

  app.post<ActionParams>('/api/v1/actions/:actionId/measurements', async (request, reply) => {
    const actor = requireActor(request);
    const { action, access } = await accessToAction(ctx, actor, request.params.actionId);
    authorizeAction('measure', actor, access, action);
    const body = validateRequest(measurementRequestSchema, request.body, { fr: 'Mesure', en: 'Measurement' });
    const result = await recordMeasurement(ctx.db, {
      ...body,
      actor,
      actionId: request.params.actionId,
      authorize: (current) => authorizeAction('measure', actor, access, current),
    });
    ctx.plans.invalidate(result.planId);
    reply.status(201);
    return { action: result.action, revision: result.revision };
  });
}
