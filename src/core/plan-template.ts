import { z } from 'zod';
import { columnKeys } from './column-roles.ts';
import { statusSchema, type Status } from './status.ts';
import { steeringLevelValueSchema } from './steering-level.ts';
import { foldText } from './text.ts';

/**
 * An institution's template: the columns of its plan tables (Jalon's own fields under the
 * institution's words, and fields of its own), its status words and what each counts as, its
 * priority scale, steering levels, the criteria framework its plans answer and the layout of the
 * documents it publishes. A template is data: built-in ones (built-in-templates.ts) are copied
 * and edited, and a plan carries the template it was written in.
 */

export const localizedLabelSchema = z.object({
  fr: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(200),
});
export type LocalizedLabel = z.infer<typeof localizedLabelSchema>;

/**
 * What a column holds: free text, rich text (paragraphs and lists, as Markdown), one of a list
 * of values (or several), a date or academic period as written ("2026-03-31", "2025-2026 Q2"),
 * person(s), a number, a level of the template's priority scale, site code(s).
 */
export const templateColumnTypeValues = [
  'text',
  'richText',
  'choice',
  'date',
  'persons',
  'number',
  'priority',
  'site',
] as const;
export const templateColumnTypeSchema = z.enum(templateColumnTypeValues);
export type TemplateColumnType = z.infer<typeof templateColumnTypeSchema>;

/** The documents whose columns a template orders. */
export const templateExportTargets = ['docx', 'pdf', 'html', 'xlsx', 'csv', 'markdown'] as const;
export const templateExportTargetSchema = z.enum(templateExportTargets);
export type TemplateExportTarget = z.infer<typeof templateExportTargetSchema>;

/** A column key: letters, digits, "-" and "_", starting with a letter ("referenceRecommandations"). */
export const templateColumnKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a letter, then letters, digits, "-" or "_" (64 at most)');

export const templateColumnSchema = z.object({
  key: templateColumnKeySchema,
  /**
   * The Jalon field the column shows ("responsibles", "statusDeadline"); absent for a field of
   * the institution's own, stored in each action's `customFields` under `key`.
   */
  field: z.enum(columnKeys).optional(),
  label: localizedLabelSchema,
  type: templateColumnTypeSchema.default('text'),
  required: z.boolean().default(false),
  /** The values a "choice" column offers. */
  options: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
  /** Several values in one cell ("choice", "persons", "site"). */
  multiple: z.boolean().default(false),
  /** Other header words that name the column in an imported document. */
  synonyms: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  order: z
    .object({
      /** Position on the plan page, smallest first. */
      screen: z.number().int(),
      /** Position in each export; a target not named follows the screen order. */
      exports: z.partialRecord(templateExportTargetSchema, z.number().int()).default({}),
    })
    .optional(),
});
export type TemplateColumn = z.infer<typeof templateColumnSchema>;
export type TemplateColumnInput = z.input<typeof templateColumnSchema>;

/** A status word of the institution and the canonical status it counts as ("Clôturé" → done). */
export const templateStatusSchema = z.object({
  label: localizedLabelSchema,
  status: statusSchema,
  /** Other spellings read as this word on import. */
  synonyms: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  /** Background "rrggbb" of the word in documents and on screen. */
  colour: z
    .string()
    .regex(/^[0-9a-fA-F]{6}$/)
    .nullable()
    .default(null),
});
export type TemplateStatus = z.infer<typeof templateStatusSchema>;

/** Stars 1–3, words (high/medium/low) or numbers: each level is Jalon's priority 1 to 3. */
export const priorityScaleSchema = z.object({
  kind: z.enum(['stars', 'levels', 'numbers']),
  levels: z
    .array(
      z.object({
        value: z.number().int().min(1).max(3),
        label: localizedLabelSchema,
        synonyms: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
      }),
    )
    .min(1)
    .max(3),
});
export type PriorityScale = z.infer<typeof priorityScaleSchema>;

export const templateSteeringLevelSchema = z.object({
  value: steeringLevelValueSchema,
  label: localizedLabelSchema,
});

/** The framework of criteria a plan answers: AEQES's five, a follow-up framework, an institution's own list. */
export const criteriaFrameworkSchema = z.object({
  name: localizedLabelSchema,
  criteria: z
    .array(z.object({ number: z.string().trim().min(1).max(20), title: localizedLabelSchema }))
    .max(100),
});
export type CriteriaFramework = z.infer<typeof criteriaFrameworkSchema>;

export const coverFieldValues = [
  'logo',
  'institution',
  'institutionDetails',
  'department',
  'programme',
  'title',
  'sites',
  'period',
  'version',
] as const;

/** How the DOCX and PDF of a plan look. */
export const documentLayoutSchema = z.object({
  orientation: z.enum(['landscape', 'portrait']).default('landscape'),
  /** The cover page's fields, top to bottom. */
  coverFields: z.array(z.enum(coverFieldValues)).default(['institution', 'department', 'title', 'version']),
  /** A data URL (PNG or JPEG), shown on the cover. */
  logo: z
    .string()
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/)
    .max(2_000_000)
    .nullable()
    .default(null),
  /** Timeline colours ("rrggbb") by site code; sites not named use Jalon's greens. */
  siteColours: z.record(z.string(), z.string().regex(/^[0-9a-fA-F]{6}$/)).default({}),
  /** Which parts the document shows. */
  tables: z
    .object({
      synthesisTimeline: z.boolean().default(true),
      recommendations: z.boolean().default(true),
      detailed: z.boolean().default(true),
    })
    .default({ synthesisTimeline: true, recommendations: true, detailed: true }),
  /** The columns the detailed tables show, by key, in order; null shows every column in export order. */
  columns: z.array(templateColumnKeySchema).nullable().default(null),
});
export type DocumentLayout = z.infer<typeof documentLayoutSchema>;

export const templateSchema = z
  .object({
    /** Stable identity ("aeqes-official", or an institution's own). */
    id: z.string().trim().min(1).max(64),
    name: localizedLabelSchema,
    description: z.string().max(2000).nullable().default(null),
    /** The built-in template this one was copied from. */
    basedOn: z.string().max(64).nullable().default(null),
    /** The language the plan's own words are in. */
    language: z.enum(['fr', 'en']).default('fr'),
    columns: z.array(templateColumnSchema).min(1).max(100),
    statuses: z.array(templateStatusSchema).max(50).default([]),
    priorityScale: priorityScaleSchema.nullable().default(null),
    steeringLevels: z.array(templateSteeringLevelSchema).max(20).default([]),
    criteria: criteriaFrameworkSchema.nullable().default(null),
    document: documentLayoutSchema.default(documentLayoutSchema.parse({})),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    template.columns.forEach((column, i) => {
      if (seen.has(column.key))
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i, 'key'],
          message: `column key "${column.key}" is used twice`,
        });
      seen.add(column.key);
      if (column.type === 'choice' && !column.field && column.options.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i, 'options'],
          message: 'a "choice" column lists its values',
        });
    });
    for (const [i, key] of (template.document.columns ?? []).entries())
      if (!seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['document', 'columns', i],
          message: `no column has the key "${key}"`,
        });
    const words = new Map<string, number>();
    template.statuses.forEach((status, i) => {
      for (const word of statusWords(status)) {
        const other = words.get(word);
        if (other !== undefined && template.statuses[other]!.status !== status.status)
          ctx.addIssue({
            code: 'custom',
            path: ['statuses', i],
            message: `the word "${word}" names two statuses`,
          });
        words.set(word, i);
      }
    });
  });
export type Template = z.infer<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

/** Whether the column is a field of the institution's own (kept in `customFields`). */
export function isCustomColumn(column: TemplateColumn): boolean {
  return column.field === undefined;
}

/** The template's own columns, in screen order. */
export function customColumns(template: Template): TemplateColumn[] {
  return orderColumns(template, 'screen').filter(isCustomColumn);
}

/**
 * The columns in the order of the screen or of an export. Columns without an order keep their
 * place in the list; the DOCX, PDF and HTML show only the document layout's columns when it
 * names them.
 */
export function orderColumns(template: Template, target: 'screen' | TemplateExportTarget): TemplateColumn[] {
  const position = (column: TemplateColumn, index: number): number => {
    const order = column.order;
    if (!order) return index;
    if (target === 'screen') return order.screen;
    return order.exports[target] ?? order.screen;
  };
  const ranked = template.columns
    .map((column, index) => ({ column, index, at: position(column, index) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((r) => r.column);
  const chosen = template.document.columns;
  if (chosen && (target === 'docx' || target === 'pdf' || target === 'html')) {
    const byKey = new Map(template.columns.map((c) => [c.key, c]));
    return chosen.flatMap((key) => (byKey.has(key) ? [byKey.get(key)!] : []));
  }
  return ranked;
}

function statusWords(status: TemplateStatus): string[] {
  return [status.label.fr, status.label.en, ...status.synonyms].map((w) => foldText(w).trim());
}

/**
 * The canonical status of a status word of the template, matched whole (case-, accent- and
 * spacing-blind): "Clôturé" → done. Null when the template has no such word.
 */
export function readTemplateStatus(
  template: Template | null | undefined,
  text: string | null | undefined,
): TemplateStatus | null {
  const folded = foldText((text ?? '').replace(/\s+/g, ' ')).trim();
  if (!template || !folded) return null;
  return template.statuses.find((s) => statusWords(s).includes(folded)) ?? null;
}

/** The template's word for a canonical status, in a language: the first word mapped to it. */
export function templateStatusLabel(
  template: Template | null | undefined,
  status: Status,
  lang: 'fr' | 'en' = 'fr',
): string | null {
  return template?.statuses.find((s) => s.status === status)?.label[lang] ?? null;
}

/** The level of the template's priority scale a cell names ("Haute" → 3), by label or synonym. */
export function readTemplatePriority(
  template: Template | null | undefined,
  text: string | null | undefined,
): number | null {
  const folded = foldText((text ?? '').replace(/\s+/g, ' ')).trim();
  if (!template?.priorityScale || !folded) return null;
  const level = template.priorityScale.levels.find((l) =>
    [l.label.fr, l.label.en, ...l.synonyms].some((w) => foldText(w).trim() === folded),
  );
  return level?.value ?? null;
}

/** How a priority is written in the template's scale ("**", "Haute", "2"). */
export function formatTemplatePriority(
  template: Template | null | undefined,
  priority: number,
  lang: 'fr' | 'en' = 'fr',
): string {
  const scale = template?.priorityScale;
  if (!scale || scale.kind === 'stars') return '*'.repeat(priority);
  if (scale.kind === 'numbers') return String(priority);
  return scale.levels.find((l) => l.value === priority)?.label[lang] ?? String(priority);
}

/** The header words that name a column on import: both labels and the synonyms. */
export function columnHeaderWords(column: TemplateColumn): string[] {
  return [column.label.fr, column.label.en, ...column.synonyms];
}

/** A column key made from a header ("Visa de la direction" → "visaDeLaDirection"), unique among `taken`. */
export function columnKeyFromLabel(label: string, taken: ReadonlySet<string>): string {
  const words = foldText(label)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  if (!/^[a-z]/.test(base)) base = `colonne${base ? base[0]!.toUpperCase() + base.slice(1) : ''}`;
  base = base.slice(0, 56);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
  return key;
}
