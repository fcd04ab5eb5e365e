import { createHash } from 'node:crypto';
import type { RecommendationsRequest } from '../../core/api/follow-up.ts';
import { JalonError } from '../../core/errors.ts';
import { planSchema, type Recommendation } from '../../core/plan-schema.ts';
import { recommendationKey } from '../../core/recommendation-reference.ts';
import { parseRecommendationRegister } from '../../core/recommendation-register.ts';
import type { Database } from '../../db/connection.ts';
import { findPlanData, updatePlanData } from '../../db/repositories/follow-up.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** The register's concurrency tag: a hash of its content, so no counter has to be stored beside it. */
export function registerEtag(register: Recommendation[]): string {
  return createHash('sha256').update(JSON.stringify(register)).digest('base64url').slice(0, 22);
}

function staleRegister(current: Recommendation[]): JalonError {
  return new JalonError(
    'CONFLICT',
    {
      fr: 'Le registre des recommandations a été modifié entre-temps : rechargez-le et réappliquez votre modification.',
      en: 'The recommendations register was changed in the meantime: reload it and apply your change again.',
    },
    {
      location: { field: 'etag' },
      details: { current: { recommendations: current, etag: registerEtag(current) } },
    },
  );
}

async function lockRegister(tx: Database, planId: string) {
  const data = (await findPlanData(tx, planId, true)) as { recommendations?: Recommendation[] } | null;
  if (!data) throw notFound('plan');
  return { data, register: data.recommendations ?? [] };
}

/**
 * Replaces a plan's recommendations register, from the experts' report pasted as text or from a
 * list. A recommendation already in the register (same criterion and number) keeps its id, so
 * the links made to it stay; its justification is kept unless a new one is given. Refused when
 * the register changed since the client read it.
 */
export async function setRecommendations(
  db: Database,
  actor: Actor,
  planId: string,
  request: RecommendationsRequest,
) {
  return db.transaction(async (tx) => {
    const { data, register: before } = await lockRegister(tx, planId);
    if (registerEtag(before) !== request.etag) throw staleRegister(before);
    const byKey = new Map(before.map((r) => [recommendationKey(r), r]));
    const incoming = request.recommendations ?? parseRecommendationRegister(request.text ?? '');
    if (incoming.length === 0) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: 'Aucune recommandation reconnue dans le texte collé : une ligne par recommandation (« Recommandation 6 : … », « R6 - … », « 6. … »), sous des titres « Critère 3 ».',
          en: 'No recommendation recognised in the pasted text: one line per recommendation ("Recommandation 6 : …", "R6 - …", "6. …"), under headings such as "Critère 3".',
        },
        { location: { field: request.recommendations ? 'recommendations' : 'text' } },
      );
    }
    const register = incoming.map((r) => {
      const known = byKey.get(recommendationKey(r));
      return {
        ...r,
        id: r.id ?? known?.id ?? globalThis.crypto.randomUUID(),
        justification: r.justification ?? known?.justification ?? null,
      };
    });
    // The register is part of the plan format: check it as such before it is stored.
    planSchema.shape.recommendations.parse(register);
    await updatePlanData(tx, planId, { ...data, recommendations: register });
    await recordChange(tx, {
      actor,
      planId,
      action: 'recommendations.replace',
      objectType: 'plan',
      objectId: planId,
      before,
      after: register,
    });
    return register;
  });
}

/** Sets (or clears) why one recommendation is deliberately left without action. */
export async function justifyRecommendation(
  db: Database,
  actor: Actor,
  planId: string,
  recommendationId: string,
  request: { justification: string | null; before: string | null },
) {
  return db.transaction(async (tx) => {
    const { data, register } = await lockRegister(tx, planId);
    const target = register.find((r) => r.id === recommendationId);
    if (!target) throw notFound('recommendation');
    if ((target.justification ?? null) !== request.before) throw staleRegister(register);
    const justification = request.justification === '' ? null : request.justification;
    const next = register.map((r) => (r === target ? { ...r, justification } : r));
    await updatePlanData(tx, planId, { ...data, recommendations: next });
    await recordChange(tx, {
      actor,
      planId,
      action: 'recommendations.justify',
      objectType: 'recommendation',
      objectId: recommendationId,
      before: { justification: target.justification },
      after: { justification },
    });
    return next;
  });
}
