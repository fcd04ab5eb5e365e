import { duplicateTemplate, findBuiltInTemplate } from '../../core/built-in-templates.ts';
import type { CreateTemplateRequest } from '../../core/api/templates.ts';
import { JalonError } from '../../core/errors.ts';
import type { Template } from '../../core/plan-template.ts';
import type { Database } from '../../db/connection.ts';
import {
  deleteTemplate as deleteTemplateRow,
  findTemplate,
  saveTemplate,
  type StoredTemplate,
  type TemplateScope,
} from '../../db/repositories/templates.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** A template a plan of `scope` may use: the institution's (its programme's version first), else a built-in. */
export async function resolveTemplate(
  db: Database,
  scope: TemplateScope | null,
  templateId: string,
): Promise<Template | null> {
  const own = scope ? await findTemplate(db, scope, templateId) : null;
  return own?.template ?? findBuiltInTemplate(templateId);
}

function idTaken(id: string): JalonError {
  return new JalonError(
    'CONFLICT',
    {
      fr: `Un modèle porte déjà l’identifiant « ${id} » : choisissez-en un autre.`,
      en: `A template already has the id "${id}": choose another one.`,
    },
    { location: { field: 'id' } },
  );
}

/** Stores a new template of the institution: a whole one, or a copy of a built-in or of one of its own. */
export async function createTemplate(
  db: Database,
  input: { actor: Actor; scope: TemplateScope; request: CreateTemplateRequest },
): Promise<StoredTemplate> {
  return db.transaction(async (tx) => {
    let template: Template;
    if ('template' in input.request) template = input.request.template;
    else {
      const source = await resolveTemplate(tx, input.scope, input.request.duplicateOf);
      if (!source)
        throw new JalonError(
          'BAD_INPUT',
          {
            fr: `Aucun modèle « ${input.request.duplicateOf} » à copier.`,
            en: `No template "${input.request.duplicateOf}" to copy.`,
          },
          { location: { field: 'duplicateOf' } },
        );
      template = duplicateTemplate(source, input.request.id, input.request.name);
    }
    if (findBuiltInTemplate(template.id) || (await findTemplate(tx, input.scope, template.id)))
      throw idTaken(template.id);
    const stored = await saveTemplate(tx, input.scope, template);
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'create',
      objectType: 'template',
      objectId: stored.id,
      after: { institutionId: input.scope.institutionId, template: stored.template },
    });
    return stored;
  });
}

/** The template's next revision, if it is still at the revision the client read (409 otherwise). */
export async function updateTemplate(
  db: Database,
  input: { actor: Actor; scope: TemplateScope; templateId: string; revision: number; template: Template },
): Promise<StoredTemplate> {
  return db.transaction(async (tx) => {
    const current = await findTemplate(tx, input.scope, input.templateId);
    if (!current || current.programmeId !== (input.scope.programmeId ?? null)) throw notFound('template');
    if (current.revision !== input.revision)
      throw conflictError('template', input.revision, current, current.revision);
    if (input.template.id !== input.templateId)
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: 'L’identifiant d’un modèle ne change pas : copiez-le sous un autre identifiant.',
          en: "A template's id does not change: copy it under another id.",
        },
        { location: { field: 'template.id' } },
      );
    const stored = await saveTemplate(tx, input.scope, input.template);
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'update',
      objectType: 'template',
      objectId: stored.id,
      before: { template: current.template, revision: current.revision },
      after: { template: stored.template, revision: stored.revision },
    });
    return stored;
  });
}

/** Removes the institution's template; plans written in it keep their copy. */
export async function removeTemplate(
  db: Database,
  input: { actor: Actor; scope: TemplateScope; templateId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findTemplate(tx, input.scope, input.templateId);
    if (!current || current.programmeId !== (input.scope.programmeId ?? null)) throw notFound('template');
    await deleteTemplateRow(tx, input.scope, input.templateId);
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'delete',
      objectType: 'template',
      objectId: current.id,
      before: { template: current.template, revision: current.revision },
    });
  });
}
