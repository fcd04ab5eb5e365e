import type { PlanTemplateChangeResponse } from '../../core/api/templates.ts';
import { JalonError } from '../../core/errors.ts';
import { changePlanTemplate, describeTemplateChange } from '../../core/template-change.ts';
import type { Database } from '../../db/connection.ts';
import { loadPlan, planFieldsFromRow } from '../../db/repositories/plan-tree.ts';
import { findPlanRow, findPlanScope, updatePlanRow } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';
import { resolveTemplate } from './save-template.ts';

async function templateFor(db: Database, planId: string, templateId: string) {
  const scope = await findPlanScope(db, planId);
  if (!scope) throw notFound('plan');
  const template = await resolveTemplate(
    db,
    scope.institutionId ? { institutionId: scope.institutionId, programmeId: scope.programmeId } : null,
    templateId,
  );
  if (!template)
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Aucun modèle « ${templateId} » pour ce plan.`,
        en: `No template "${templateId}" for this plan.`,
      },
      { location: { field: 'templateId' } },
    );
  return template;
}

/** What moving the plan to the template would do to its custom values (nothing is written). */
export async function previewPlanTemplateChange(
  db: Database,
  input: { planId: string; templateId: string },
): Promise<PlanTemplateChangeResponse> {
  const template = await templateFor(db, input.planId, input.templateId);
  const plan = await loadPlan(db, input.planId);
  if (!plan) throw notFound('plan');
  const report = describeTemplateChange(plan, template);
  return {
    templateId: template.id,
    orphanKeys: report.orphanKeys,
    unfit: report.unfit.map((u) => ({ actionId: u.actionId ?? null, key: u.key })),
  };
}

/**
 * Gives the plan another template, if it is still at the revision the client read: one
 * transaction, one entry in the plan's history (the template before and after). Every custom
 * value stays with its action, a removed column's included; values the new template's types
 * refuse make the change refused, naming them, until they are corrected.
 */
export async function applyPlanTemplateChange(
  db: Database,
  input: { actor: Actor; planId: string; templateId: string; revision: number },
) {
  return db.transaction(async (tx) => {
    const row = await findPlanRow(tx, input.planId, true);
    if (!row) throw notFound('plan');
    if (row.revision !== input.revision)
      throw conflictError('plan', input.revision, { revision: row.revision }, row.revision);
    const template = await templateFor(tx, input.planId, input.templateId);
    const plan = await loadPlan(tx, input.planId);
    if (!plan) throw notFound('plan');
    const report = describeTemplateChange(plan, template);
    if (report.unfit.length > 0) {
      const keys = [...new Set(report.unfit.map((u) => u.key))].join(', ');
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `Le modèle « ${template.name.fr} » refuse ${report.unfit.length} valeur(s) des champs ${keys} : corrigez-les d’abord.`,
          en: `The template "${template.name.en}" refuses ${report.unfit.length} value(s) of the fields ${keys}: correct them first.`,
        },
        { location: { field: 'templateId' }, details: { unfit: report.unfit } },
      );
    }
    const before = planFieldsFromRow(row);
    const after = { ...before, template: changePlanTemplate(plan, template).template };
    await updatePlanRow(tx, row.id, {
      title: row.title,
      versionLabel: row.versionLabel,
      siteCodes: row.siteCodes,
      data: after,
    });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.id,
      action: 'update',
      objectType: 'plan',
      objectId: row.id,
      before: { template: before.template ?? null },
      after: { template: after.template },
    });
    return { planId: row.id, revision: row.revision + 1, orphanKeys: report.orphanKeys, template };
  });
}
