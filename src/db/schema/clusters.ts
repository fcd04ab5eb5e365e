import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { plans } from './plans.ts';

const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * A named group of plans from several institutions, compared side by side: the plans of one
 * programme evaluated by an agency in a given year ("Bachelier assistant social, AEQES 2025-2026").
 * The programme is free text, for a cluster spans institutions each with their own programme row.
 */
export const clusters = pgTable('clusters', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique('clusters_name_unique'),
  programme: text('programme'),
  evaluationYear: text('evaluation_year'),
  /** The agency or body that owns the cluster (AEQES, an institution's quality unit). */
  owner: text('owner'),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: stamp('created_at').notNull().defaultNow(),
});

/** Which plans a cluster holds; a plan may belong to several clusters. */
export const clusterPlans = pgTable(
  'cluster_plans',
  {
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    addedAt: stamp('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.planId] }), index('cluster_plans_plan_idx').on(t.planId)],
);
