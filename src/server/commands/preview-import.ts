import type { ImportPreviewResponse } from '../../core/api/imports.ts';
import { mappingLabelKey, type ColumnMapping, type ImportReading } from '../../core/column-roles.ts';
import { JalonError } from '../../core/errors.ts';
import type { Template } from '../../core/plan-template.ts';
import type { Database } from '../../db/connection.ts';
import {
  deleteStalePendingImports,
  findImportMapping,
  findPendingImport,
  insertPendingImport,
  updatePendingImport,
} from '../../db/repositories/imports.ts';
import {
  findInstitution,
  findInstitutionByName,
  listInstitutions,
  membershipReach,
} from '../../db/repositories/organisations.ts';
import type { Actor } from '../auth/actor.ts';
import { importPlanFile } from '../import-plan-file.ts';
import { notFound } from './conflict.ts';

interface ImportSource {
  name: string;
  bytes: Uint8Array;
  format?: string | undefined;
}

/**
 * The institution whose remembered mapping an import of this actor uses: the one the document
 * names, if the actor has a role in it (any, for an admin); else the only one they coordinate in.
 */
async function chooseInstitution(
  db: Database,
  actor: Actor,
  named: string | null,
): Promise<{ id: string; name: string } | null> {
  const reachable = actor.user.isAdmin
    ? await listInstitutions(db)
    : await listInstitutions(
        db,
        await membershipReach(
          db,
          actor.memberships.filter((m) => m.role === 'coordinator' || m.role === 'admin'),
        ),
      );
  if (named?.trim()) {
    const byName = await findInstitutionByName(db, named.trim());
    if (byName && reachable.some((i) => i.id === byName.id)) return { id: byName.id, name: byName.name };
  }
  return !actor.user.isAdmin && reachable.length === 1 ? reachable[0]! : null;
}

/** The header labels a reading found, folded, across its tables. */
function headerKeys(reading: ImportReading): Set<string> {
  return new Set(
    reading.tables.flatMap((t) => t.columns.filter((c) => c.label).map((c) => mappingLabelKey(c.label))),
  );
}

/**
 * Reads a file with the coordinator's mapping, then again with the mapping remembered for the
 * institution when the document uses some of its headers (the coordinator's choices win).
 */
async function readWithMappings(
  db: Database,
  actor: Actor,
  source: ImportSource,
  mapping: ColumnMapping,
  remembered: { institutionId: string | null; ignore: boolean },
  template: Template | null = null,
) {
  const options = {
    ...(Object.keys(mapping).length ? { mapping } : {}),
    owner: actor.user.id,
    ...(template ? { template } : {}),
  };
  const first = await importPlanFile(source, source.format, options);
  if (remembered.ignore) return { ...first, remembered: null };
  const institution = remembered.institutionId
    ? await findInstitution(db, remembered.institutionId)
    : await chooseInstitution(db, actor, first.plan.institution);
  if (!institution) return { ...first, remembered: null };
  const saved = await findImportMapping(db, institution.id);
  const headers = headerKeys(first.reading);
  const chosen = new Set(Object.keys(mapping).map(mappingLabelKey));
  const applicable: ColumnMapping = {};
  for (const [label, role] of Object.entries(saved)) {
    const key = mappingLabelKey(label);
    if (headers.has(key) && !chosen.has(key)) applicable[label] = role;
  }
  if (Object.keys(applicable).length === 0) return { ...first, remembered: null };
  const second = await importPlanFile(source, source.format, {
    ...options,
    remembered: { mapping: applicable, institution: institution.name },
  });
  return {
    ...second,
    remembered: { institutionId: institution.id, institution: institution.name, mapping: applicable },
  };
}

/** Reads an uploaded or pasted plan and keeps it, file included, as a preview waiting for confirmation. */
export async function previewImport(
  db: Database,
  input: {
    actor: Actor;
    source: ImportSource;
    mapping?: ColumnMapping | undefined;
    /** The institution's template the document is written in (its headers are matched against it first). */
    template?: Template | null;
  },
): Promise<ImportPreviewResponse> {
  const mapping = input.mapping ?? {};
  const read = await readWithMappings(
    db,
    input.actor,
    input.source,
    mapping,
    { institutionId: null, ignore: false },
    input.template ?? null,
  );
  const importId = globalThis.crypto.randomUUID();
  await db.transaction(async (tx) => {
    await deleteStalePendingImports(tx);
    await insertPendingImport(tx, {
      id: importId,
      userId: input.actor.user.id,
      fileName: input.source.name,
      plan: read.plan,
      warnings: read.warnings,
      source: Buffer.from(input.source.bytes),
      format: input.source.format ?? null,
      mapping,
      reading: read.reading,
      rememberedInstitutionId: read.remembered?.institutionId ?? null,
    });
  });
  return {
    importId,
    plan: read.plan,
    warnings: read.warnings,
    reading: read.reading,
    mapping,
    remembered: read.remembered,
  };
}

/** Reads a previewed file again with other column roles: the preview is replaced. */
export async function remapImport(
  db: Database,
  input: { actor: Actor; importId: string; mapping: ColumnMapping; ignoreRemembered: boolean },
): Promise<ImportPreviewResponse> {
  const pending = await findPendingImport(db, input.importId, input.actor.user.id);
  if (!pending) throw notFound('import');
  if (!pending.source) {
    throw new JalonError('CONFLICT', {
      fr: 'Cet aperçu a été fait avant que Jalon garde les fichiers importés : importez le fichier à nouveau pour changer la lecture de ses colonnes.',
      en: 'This preview was made before Jalon kept imported files: import the file again to change how its columns are read.',
    });
  }
  const source = {
    name: pending.fileName ?? 'plan',
    bytes: new Uint8Array(pending.source),
    format: pending.format ?? undefined,
  };
  // Read again in the template the preview was read in (the plan keeps its copy).
  const previewed = pending.plan as { template?: Template | null } | null;
  const read = await readWithMappings(
    db,
    input.actor,
    source,
    input.mapping,
    { institutionId: pending.rememberedInstitutionId, ignore: input.ignoreRemembered },
    previewed?.template ?? null,
  );
  await updatePendingImport(db, input.importId, {
    plan: read.plan,
    warnings: read.warnings,
    mapping: input.mapping,
    reading: read.reading,
    rememberedInstitutionId: read.remembered?.institutionId ?? null,
  });
  return {
    importId: input.importId,
    plan: read.plan,
    warnings: read.warnings,
    reading: read.reading,
    mapping: input.mapping,
    remembered: read.remembered,
  };
}
