import { jsonb, pgTable, text, timestamp, integer, unique, index } from 'drizzle-orm/pg-core';

import { institutions, programmes } from './plans.ts';

const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * An institution's templates (issue 14): the columns, words and document layout its plans are
 * written in, as the template format has them (`data`, validated by templateSchema). A row with a
 * programme overrides the institution's template of the same key for that programme. Built-in
 * templates live in code, not here; a plan keeps a copy of its template in its own data.
 */
export const planTemplates = pgTable(
  'plan_templates',
  {
    id: text('id').primaryKey(),
    institutionId: text('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    programmeId: text('programme_id').references(() => programmes.id, { onDelete: 'cascade' }),
    /** The template's own id ("helha-social"), unique per institution and programme. */
    templateKey: text('template_key').notNull(),
    name: text('name').notNull(),
    basedOn: text('based_on'),
    data: jsonb('data').notNull(),
    revision: integer('revision').notNull().default(1),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('plan_templates_scope_key_unique')
      .on(t.institutionId, t.programmeId, t.templateKey)
      .nullsNotDistinct(),
    index('plan_templates_programme_idx').on(t.programmeId),
  ],
);
