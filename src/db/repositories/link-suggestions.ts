import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { rejectedLinkSuggestions } from '../schema/link-suggestions.ts';

export type RejectedLinkRow = typeof rejectedLinkSuggestions.$inferSelect;

export interface LinkPair {
  recommendationId: string;
  targetKind: string;
  targetId: string;
}

const samePair = (planId: string, pair: LinkPair) =>
  and(
    eq(rejectedLinkSuggestions.planId, planId),
    eq(rejectedLinkSuggestions.recommendationId, pair.recommendationId),
    eq(rejectedLinkSuggestions.targetKind, pair.targetKind),
    eq(rejectedLinkSuggestions.targetId, pair.targetId),
  );

/** A plan's rejected suggestions, newest first. */
export async function listRejectedLinks(db: Database, planId: string): Promise<RejectedLinkRow[]> {
  return db
    .select()
    .from(rejectedLinkSuggestions)
    .where(eq(rejectedLinkSuggestions.planId, planId))
    .orderBy(
      desc(rejectedLinkSuggestions.rejectedAt),
      rejectedLinkSuggestions.recommendationId,
      rejectedLinkSuggestions.targetId,
    );
}

/** Stores a rejection; false when the pair was rejected already (the first one is kept). */
export async function insertRejectedLink(
  db: Database,
  row: LinkPair & { planId: string; rejectedBy: string | null },
): Promise<boolean> {
  const inserted = await db
    .insert(rejectedLinkSuggestions)
    .values(row)
    .onConflictDoNothing()
    .returning({ planId: rejectedLinkSuggestions.planId });
  return inserted.length > 0;
}

/** Deletes a rejection; the row deleted, or null when there was none. */
export async function deleteRejectedLink(
  db: Database,
  planId: string,
  pair: LinkPair,
): Promise<RejectedLinkRow | null> {
  const [row] = await db.delete(rejectedLinkSuggestions).where(samePair(planId, pair)).returning();
  return row ?? null;
}
