import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from './column-types.ts';
import { users } from './accounts.ts';
import { actions, plans } from './plans.ts';

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/**
 * A frozen version of a plan ("Plan d'action 2015", "Plan actualisé 2026"): the whole plan in the
 * plan format, ids included, so that any two versions (or a version and the living plan) can be
 * compared item by item. A version may be published at a public URL (`publicSlug`).
 */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    versionDate: text('version_date'),
    snapshot: jsonb('snapshot').notNull(),
    frozenBy: text('frozen_by').references(() => users.id, { onDelete: 'set null' }),
    publicSlug: text('public_slug'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('plan_versions_plan_idx').on(t.planId, t.createdAt),
    uniqueIndex('plan_versions_slug_idx').on(t.publicSlug),
  ],
);

/** A file or a link attached to an action as evidence; files are kept in the database, so backups hold them. */
export const evidence = pgTable(
  'evidence',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    actionId: text('action_id')
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    fileName: text('file_name'),
    mimeType: text('mime_type'),
    size: bigint('size', { mode: 'number' }),
    sha256: text('sha256'),
    content: bytea('content'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_action_idx').on(t.actionId)],
);

/**
 * The e-mail address of a responsible as plans name them ("Coordination pédagogique"), per plan:
 * reminders go to these addresses.
 */
export const responsibleContacts = pgTable(
  'responsible_contacts',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    responsible: text('responsible').notNull(),
    email: text('email').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('responsible_contacts_plan_name_idx').on(t.planId, t.responsible)],
);

/** A secret URL to a calendar feed of a plan or of a user's actions (calendar apps cannot sign in). */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    planId: text('plan_id').references(() => plans.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_idx').on(t.tokenHash)],
);

/** One row per day the reminder job has run, so that a restart never mails twice the same day. */
export const reminderRuns = pgTable('reminder_runs', {
  runDate: text('run_date').primaryKey(),
  sent: jsonb('sent')
    .notNull()
    .default(sql`'[]'::jsonb`),
  createdAt: createdAt(),
});
