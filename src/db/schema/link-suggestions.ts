import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { plans } from './plans.ts';

/**
 * Suggested links (recommendation ↔ action or objective) the coordinator turned down: never
 * suggested again. The recommendation and the target live inside the plan (its `data`, or the
 * actions and objectives tables), so they have no foreign key; a row whose recommendation or
 * target is gone is harmless and goes with the plan. Undoing a rejection deletes its row.
 */
export const rejectedLinkSuggestions = pgTable(
  'rejected_link_suggestions',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    recommendationId: text('recommendation_id').notNull(),
    /** "action" or "objective" */
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    rejectedBy: text('rejected_by').references(() => users.id, { onDelete: 'set null' }),
    rejectedAt: timestamp('rejected_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.recommendationId, t.targetKind, t.targetId] }),
    index('rejected_link_suggestions_target_idx').on(t.planId, t.targetKind, t.targetId),
  ],
);
