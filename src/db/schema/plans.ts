import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import { bytea } from './column-types.ts';

/** PostgreSQL's full-text vector; drizzle has no built-in type for it. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

export const institutions = pgTable('institutions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const programmes = pgTable(
  'programmes',
  {
    id: text('id').primaryKey(),
    institutionId: text('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('programmes_institution_idx').on(t.institutionId)],
);

export const sites = pgTable(
  'sites',
  {
    id: text('id').primaryKey(),
    institutionId: text('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('sites_institution_code_idx').on(t.institutionId, t.code)],
);

/**
 * A plan's own fields live in `data` (everything of the plan format but its axes), so that
 * storing and loading is lossless; the columns beside it are what lists and filters query.
 */
export const plans = pgTable(
  'plans',
  {
    id: text('id').primaryKey(),
    programmeId: text('programme_id').references(() => programmes.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    versionLabel: text('version_label'),
    siteCodes: text('site_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    data: jsonb('data').notNull(),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('plans_programme_idx').on(t.programmeId)],
);

export const axes = pgTable(
  'axes',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    data: jsonb('data').notNull(),
    revision: integer('revision').notNull().default(1),
  },
  (t) => [index('axes_plan_idx').on(t.planId, t.position)],
);

export const subdimensions = pgTable(
  'subdimensions',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    axisId: text('axis_id')
      .notNull()
      .references(() => axes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    data: jsonb('data').notNull(),
    revision: integer('revision').notNull().default(1),
  },
  (t) => [index('subdimensions_plan_idx').on(t.planId)],
);

/** General and operational objectives: an operational objective has a parent objective. */
export const objectives = pgTable(
  'objectives',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    axisId: text('axis_id')
      .notNull()
      .references(() => axes.id, { onDelete: 'cascade' }),
    subdimensionId: text('subdimension_id').references(() => subdimensions.id, { onDelete: 'cascade' }),
    parentId: text('parent_id'),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    data: jsonb('data').notNull(),
    revision: integer('revision').notNull().default(1),
  },
  (t) => [index('objectives_plan_idx').on(t.planId), index('objectives_parent_idx').on(t.parentId)],
);

/**
 * Actions sit under an objective, a sub-dimension or straight under an axis. The queried fields
 * are columns (status, sites, deadline period, French full-text vector); `data` keeps the rest.
 */
export const actions = pgTable(
  'actions',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    axisId: text('axis_id')
      .notNull()
      .references(() => axes.id, { onDelete: 'cascade' }),
    subdimensionId: text('subdimension_id').references(() => subdimensions.id, { onDelete: 'cascade' }),
    objectiveId: text('objective_id').references(() => objectives.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull().default('action'),
    text: text('text').notNull(),
    status: text('status'),
    priority: smallint('priority'),
    sites: text('sites')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    responsibles: text('responsibles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    deadlineFrom: date('deadline_from', { mode: 'string' }),
    deadlineTo: date('deadline_to', { mode: 'string' }),
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql`to_tsvector('french'::regconfig, "text")`),
    data: jsonb('data').notNull(),
    revision: integer('revision').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('actions_plan_idx').on(t.planId, t.status),
    index('actions_objective_idx').on(t.objectiveId, t.position),
    index('actions_axis_idx').on(t.axisId),
    index('actions_deadline_idx').on(t.deadlineTo),
    index('actions_sites_idx').using('gin', t.sites),
    index('actions_search_idx').using('gin', t.searchVector),
    // Filters on the template's own fields ("budget over 1000", "campus Namur") ask data->'customFields' @> ….
    index('actions_custom_fields_idx').using('gin', sql`(${t.data} -> 'customFields')`),
  ],
);

/**
 * A previewed import waiting for confirmation. The file itself is kept (`source`, with the
 * format it was read as) so that the coordinator can change how its columns are read and see
 * the preview again; `mapping` is what they chose, `reading` how the columns were read.
 */
export const pendingImports = pgTable('pending_imports', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  fileName: text('file_name'),
  plan: jsonb('plan').notNull(),
  warnings: jsonb('warnings').notNull(),
  source: bytea('source'),
  format: text('format'),
  mapping: jsonb('mapping'),
  reading: jsonb('reading'),
  /** The institution whose remembered mapping was applied, if any. */
  rememberedInstitutionId: text('remembered_institution_id'),
  createdAt: createdAt(),
});

/**
 * The column roles a coordinator chose when importing a plan of the institution, by header
 * (folded): proposed again at its next import.
 */
export const importMappings = pgTable(
  'import_mappings',
  {
    institutionId: text('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    labelKey: text('label_key').notNull(),
    /** The header as the document wrote it the last time. */
    label: text('label').notNull(),
    role: text('role').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.labelKey] })],
);
