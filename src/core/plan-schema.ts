import { z } from 'zod';
import { isoDateSchema, periodSchema, termSlotSchema } from './academic-calendar.ts';
import { customFieldsSchema } from './custom-fields.ts';
import { templateSchema } from './plan-template.ts';
import { statusSchema } from './status.ts';
import { steeringLevelSchema } from './steering-level.ts';

/**
 * The Jalon plan format, version 1: the JSON form of a quality action plan.
 * Every importer produces it, every exporter reads it, the API and the database store it.
 * Documented in docs/plan-format.md; JSON Schema in docs/plan-format.schema.json.
 */
export const PLAN_FORMAT = 'jalon-plan';
export const PLAN_FORMAT_VERSION = 1;

/** Stable identity of an axis, objective or action across edits and versions. */
const idSchema = z.string().min(1).max(64);
const text = z.string();
const textList = z.array(z.string());
/** Source columns that have no field of their own, by their label: kept, never dropped. */
const extraSchema = z.record(z.string(), z.string());

export const sourceLocationSchema = z.object({
  file: z.string().optional(),
  /** 1-based table number in the document, or the sheet name. */
  table: z.union([z.number().int(), z.string()]).optional(),
  /** 1-based row in the table, sheet or text. */
  row: z.number().int().optional(),
  column: z.string().optional(),
  page: z.number().int().optional(),
});
export type SourceLocation = z.infer<typeof sourceLocationSchema>;

export const warningSchema = z.object({
  code: z.string(),
  /** In English; `texts` holds it in each language. */
  message: z.string(),
  texts: z.object({ fr: z.string(), en: z.string() }).optional(),
  location: sourceLocationSchema.optional(),
});
export type PlanWarning = z.infer<typeof warningSchema>;

export const siteSchema = z.object({
  code: z.string().min(1).max(40),
  name: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

export const actionKindSchema = z.enum(['action', 'step']);

/** A measured value of an indicator: "62 %" in "2025-2026 Q1". */
export const measurementSchema = z.object({
  /** ISO date of the measurement. */
  date: isoDateSchema,
  value: z.number(),
  comment: z.string().nullable().default(null),
});

/** Follow-up of one indicator of an action: its target, unit and measured values over time. */
export const measureSchema = z.object({
  /** The indicator as listed in the action's `indicators` ("Taux de participation"). */
  indicator: z.string(),
  unit: z.string().nullable().default(null),
  target: z.number().nullable().default(null),
  values: z.array(measurementSchema).default([]),
});
export type Measure = z.infer<typeof measureSchema>;

export const actionSchema = z.object({
  id: idSchema.optional(),
  /** "step" is an "Etape" row: an action with a period inside an objective's road map. */
  kind: actionKindSchema.default('action'),
  /** The action as written, without its site prefix. Empty for the joint follow-up row of an objective run in reinforced coordination. */
  text: text,
  /** Site codes; empty means common to all sites. */
  sites: z.array(z.string()).default([]),
  references: textList.default([]),
  responsibles: textList.default([]),
  indicators: textList.default([]),
  expectedResults: textList.default([]),
  /** Sub-tasks listed for a step ("Actions locales" of an "Etape" row). */
  tasks: textList.default([]),
  status: statusSchema.nullable().default(null),
  statusLabel: z.string().nullable().default(null),
  /** 1 to 3 stars, null when the plan gives none. */
  priority: z.number().int().min(1).max(3).nullable().default(null),
  /** The deadline as written, or an ISO date when the source holds a real date. */
  deadline: z.string().nullable().default(null),
  deadlinePeriod: periodSchema.nullable().default(null),
  steeringLevel: steeringLevelSchema.nullable().default(null),
  guarantor: z.string().nullable().default(null),
  conditions: z.string().nullable().default(null),
  /** Internal notes: never published. */
  notes: z.string().nullable().default(null),
  /** Targets and measured values of the indicators. */
  measures: z.array(measureSchema).default([]),
  /** Recommendations of the register this action answers, beyond those its references name. */
  recommendationIds: z.array(z.string()).default([]),
  /**
   * Values of the fields the plan's template adds, by column key (validated against the
   * template by validatePlanCustomFields; a key the template no longer has is kept).
   */
  customFields: customFieldsSchema.default({}),
  extra: extraSchema.default({}),
  source: sourceLocationSchema.optional(),
});
export type Action = z.infer<typeof actionSchema>;
export type ActionInput = z.input<typeof actionSchema>;

export const scopeSchema = z.enum(['all', 'some']);

export const columnSchema = z.object({
  /** The field the column holds: an action or objective field name, or "extra:<label>". */
  key: z.string(),
  /** The label the institution used. */
  label: z.string(),
});
export type Column = z.infer<typeof columnSchema>;

export const objectiveSchema = z.object({
  id: idSchema.optional(),
  title: text,
  references: textList.default([]),
  steeringLevel: steeringLevelSchema.nullable().default(null),
  guarantor: z.string().nullable().default(null),
  expectedResults: textList.default([]),
  /** The quadrimesters the objective runs in on the synthesis timeline. */
  timeline: z.array(termSlotSchema).default([]),
  /** Run by all sites or by some (the timeline's dark and light green). */
  scope: scopeSchema.nullable().default(null),
  scopeSites: textList.default([]),
  /** New since the plan was updated. */
  isNew: z.boolean().default(false),
  /** "Action terminée en 2021-2022". */
  completionNote: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
  /** Recommendations of the register this objective answers, beyond those its references name. */
  recommendationIds: z.array(z.string()).default([]),
  /** The column template of this objective's table when it differs from the plan's (an "Etape" table). */
  columns: z.array(columnSchema).optional(),
  extra: extraSchema.default({}),
  source: sourceLocationSchema.optional(),
  /** Operational objectives under a general objective. */
  get objectives(): z.ZodDefault<z.ZodArray<typeof objectiveSchema>> {
    return z.array(objectiveSchema).default([]);
  },
  actions: z.array(actionSchema).default([]),
});
export type Objective = z.infer<typeof objectiveSchema>;

export const subdimensionSchema = z.object({
  id: idSchema.optional(),
  /** "2.1" */
  number: z.string().nullable().default(null),
  title: text,
  objectives: z.array(objectiveSchema).default([]),
  actions: z.array(actionSchema).default([]),
});
export type Subdimension = z.infer<typeof subdimensionSchema>;

export const axisSchema = z.object({
  id: idSchema.optional(),
  number: z.string().nullable().default(null),
  title: text,
  description: z.string().nullable().default(null),
  subdimensions: z.array(subdimensionSchema).default([]),
  objectives: z.array(objectiveSchema).default([]),
  /** Actions straight under the axis, as in the AEQES template. */
  actions: z.array(actionSchema).default([]),
});
export type Axis = z.infer<typeof axisSchema>;

export const sectionSchema = z.object({
  title: text,
  /** Heading level, 1 for a top-level section. */
  level: z.number().int().min(1).max(6).default(1),
  /** Paragraphs separated by a blank line; list items start with "- ". */
  text: text,
  footnotes: textList.default([]),
});
export type Section = z.infer<typeof sectionSchema>;

export const signatorySchema = z.object({ role: z.string(), name: z.string() });

export const recommendationSchema = z.object({
  id: idSchema.optional(),
  /** "3" for "Critère 3"; null when the report does not group by criterion. */
  criterion: z.string().nullable(),
  /** "6" for "Recommandation 6". */
  number: z.string().nullable(),
  text: z.string().default(''),
  /** Why a recommendation is deliberately left without action. */
  justification: z.string().nullable().default(null),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const planVersionSchema = z.object({
  /** "Plan d'action", "Plan d'action actualisé 2026". */
  label: z.string().nullable().default(null),
  date: z.string().nullable().default(null),
  kind: z.enum(['initial', 'updated']).nullable().default(null),
});

export const planSchema = z.object({
  format: z.literal(PLAN_FORMAT).default(PLAN_FORMAT),
  formatVersion: z.literal(PLAN_FORMAT_VERSION).default(PLAN_FORMAT_VERSION),
  title: z.string(),
  institution: z.string().nullable().default(null),
  /** Address block, contacts and other cover text. */
  institutionDetails: z.string().nullable().default(null),
  /** Department or cluster ("CLUSTER SCIENCES SOCIALES"). */
  department: z.string().nullable().default(null),
  programme: z.string().nullable().default(null),
  sites: z.array(siteSchema).default([]),
  /** The academic years the plan covers. */
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable().default(null),
  version: planVersionSchema.default({ label: null, date: null, kind: null }),
  sections: z.array(sectionSchema).default([]),
  signatories: z.array(signatorySchema).default([]),
  /** The column template of the detailed tables, in the institution's order and words. */
  columns: z.array(columnSchema).default([]),
  /** The institution's template the plan is written in: its columns (custom fields too), words and layout. */
  template: templateSchema.nullable().default(null),
  /** The years shown on the synthesis timeline, as the source had them. */
  timelineYears: z.array(z.string()).default([]),
  /** Legend of the status vocabulary, as the plan's footnote gives it. */
  statusLegend: z.string().nullable().default(null),
  recommendations: z.array(recommendationSchema).default([]),
  axes: z.array(axisSchema),
  warnings: z.array(warningSchema).default([]),
  extra: extraSchema.default({}),
  updatedAt: isoDateSchema.nullable().optional(),
});
export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
