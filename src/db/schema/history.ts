import { bigserial, date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const at = () => timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** Every change: who, when, which object, the state before and after. Never updated. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at(),
    userId: text('user_id'),
    planId: text('plan_id'),
    /** "create", "update", "delete", "move", "status", "comment", "import", "login"… */
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_plan_idx').on(t.planId, t.at), index('audit_object_idx').on(t.objectType, t.objectId)],
);

/** An action's status history: a first-class list with the date the status took effect. */
export const statusChanges = pgTable(
  'status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at(),
    userId: text('user_id'),
    planId: text('plan_id').notNull(),
    actionId: text('action_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    statusBefore: text('status_before'),
    statusAfter: text('status_after').notNull(),
    labelBefore: text('label_before'),
    labelAfter: text('label_after'),
    comment: text('comment'),
  },
  (t) => [index('status_changes_action_idx').on(t.actionId, t.at)],
);

export const comments = pgTable(
  'comments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at(),
    userId: text('user_id'),
    planId: text('plan_id').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('comments_object_idx').on(t.objectType, t.objectId, t.at)],
);
