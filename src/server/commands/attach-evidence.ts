import { createHash } from 'node:crypto';
import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { insertEvidence } from '../../db/repositories/follow-up.ts';
import type { Actor } from '../auth/actor.ts';
import { recordChange } from './record-change.ts';

/** Default largest evidence file (JALON_EVIDENCE_MAX_BYTES overrides it). */
export const DEFAULT_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Files accepted as evidence, by extension, with the type they are served back as: documents,
 * spreadsheets, presentations, images, text and archives of them. Anything that a browser would
 * run (HTML, SVG, scripts) is refused.
 */
const acceptedTypes: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  zip: 'application/zip',
};

export function evidenceMimeType(fileName: string): string | null {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  return acceptedTypes[extension] ?? null;
}

export interface AttachEvidenceInput {
  actor: Actor;
  planId: string;
  actionId: string;
  title: string;
  file?: { name: string; bytes: Uint8Array };
  url?: string;
  maxBytes?: number;
}

/** Attaches a file or a link to an action, with its audit entry, in one transaction. */
export async function attachEvidence(db: Database, input: AttachEvidenceInput): Promise<{ id: string }> {
  const id = globalThis.crypto.randomUUID();
  const maxBytes = input.maxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES;
  let row: Parameters<typeof insertEvidence>[1];
  if (input.file) {
    const name = input.file.name.replace(/[\\/]/g, '_').slice(0, 255) || 'fichier';
    const mimeType = evidenceMimeType(name);
    if (!mimeType) {
      throw new JalonError(
        'UNSUPPORTED_FORMAT',
        {
          fr: `${name} : ce type de fichier n’est pas accepté comme preuve (PDF, documents, tableurs, images, texte, zip).`,
          en: `${name}: this type of file is not accepted as evidence (PDF, documents, spreadsheets, images, text, zip).`,
        },
        { location: { file: name } },
      );
    }
    if (input.file.bytes.byteLength > maxBytes) {
      throw new JalonError(
        'FILE_TOO_LARGE',
        {
          fr: `${name} : le fichier dépasse ${Math.round(maxBytes / 1024 / 1024)} Mo.`,
          en: `${name}: the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
        },
        { location: { file: name } },
      );
    }
    if (input.file.bytes.byteLength === 0) {
      throw new JalonError(
        'BAD_INPUT',
        { fr: `${name} : le fichier est vide.`, en: `${name}: the file is empty.` },
        { location: { file: name } },
      );
    }
    row = {
      id,
      planId: input.planId,
      actionId: input.actionId,
      kind: 'file',
      title: input.title || name,
      fileName: name,
      mimeType,
      size: input.file.bytes.byteLength,
      sha256: createHash('sha256').update(input.file.bytes).digest('hex'),
      content: Buffer.from(input.file.bytes),
      createdBy: input.actor.user.id,
    };
  } else if (input.url) {
    row = {
      id,
      planId: input.planId,
      actionId: input.actionId,
      kind: 'link',
      title: input.title,
      url: input.url,
      createdBy: input.actor.user.id,
    };
  } else {
    throw new JalonError(
      'BAD_INPUT',
      { fr: 'Joignez un fichier ou donnez un lien.', en: 'Attach a file or give a link.' },
      { location: { field: 'file' } },
    );
  }
  await db.transaction(async (tx) => {
    await insertEvidence(tx, row);
    await recordChange(tx, {
      actor: input.actor,
      planId: input.planId,
      action: 'evidence.add',
      objectType: 'action',
      objectId: input.actionId,
      after: {
        id,
        kind: row.kind,
        title: row.title,
        fileName: row.fileName ?? null,
        url: row.url ?? null,
        size: row.size ?? null,
      },
    });
  });
  return { id };
}
