import { z } from 'zod';
import { parseDeadline } from './academic-calendar.ts';
import {
  customColumns,
  formatTemplatePriority,
  readTemplatePriority,
  type Template,
  type TemplateColumn,
} from './plan-template.ts';
import { foldText } from './text.ts';

/**
 * The values of an action's own fields, by template column key: a text, a number, or a list
 * (persons, sites, several choices). A value whose column the template no longer has is kept
 * as it is: changing a plan's template loses nothing.
 */
export const customFieldValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
export type CustomFieldValue = z.infer<typeof customFieldValueSchema>;
export const customFieldsSchema = z.record(z.string(), customFieldValueSchema);
export type CustomFields = z.infer<typeof customFieldsSchema>;

export interface CustomFieldsSchemaOptions {
  /** Site codes of the plan, for "site" columns; any code when not given. */
  sites?: readonly string[];
  /**
   * Refuse a missing value of a required column (an edit). Stored and imported plans may be
   * drafts: they are checked for types only.
   */
  requireValues?: boolean;
}

const listOf = (item: z.ZodType<string>) => z.array(item).max(200);

/** The schema of one column's value. */
export function customFieldValueSchemaFor(
  column: TemplateColumn,
  template: Template,
  options: CustomFieldsSchemaOptions = {},
): z.ZodType<CustomFieldValue> {
  switch (column.type) {
    case 'text':
    case 'richText':
      return z.string().max(100_000);
    case 'date':
      return z
        .string()
        .max(200)
        .refine((text) => parseDeadline(text).period !== null, {
          message: 'a date or an academic period ("2026-03-31", "2025-2026 Q2", "juin 2026")',
        });
    case 'number':
      return z.number().finite();
    case 'priority': {
      const values = template.priorityScale?.levels.map((l) => l.value) ?? [1, 2, 3];
      return z
        .number()
        .int()
        .refine((n) => values.includes(n), { message: `one of ${values.join(', ')}` });
    }
    case 'persons':
      return listOf(z.string().trim().min(1).max(200));
    case 'site': {
      const code = options.sites
        ? z.string().refine((c) => options.sites!.includes(c), {
            message: `a site of the plan (${options.sites.join(', ')})`,
          })
        : z.string().trim().min(1).max(40);
      return column.multiple ? listOf(code) : code;
    }
    case 'choice': {
      const option = z.string().refine((v) => column.options.includes(v), {
        message: `one of ${column.options.map((o) => `"${o}"`).join(', ')}`,
      });
      return column.multiple ? listOf(option) : option;
    }
  }
}

/**
 * The zod schema of an action's `customFields` under a template: each column of the
 * institution's own has its type; keys the template does not have are kept (a removed column's
 * values stay with the action).
 */
export function buildCustomFieldsSchema(
  template: Template,
  options: CustomFieldsSchemaOptions = {},
): z.ZodType<CustomFields> {
  const shape: Record<string, z.ZodType<CustomFieldValue | undefined>> = {};
  for (const column of customColumns(template)) {
    const value = customFieldValueSchemaFor(column, template, options);
    shape[column.key] = options.requireValues && column.required ? requiredValue(value) : value.optional();
  }
  return z.object(shape).catchall(customFieldValueSchema) as unknown as z.ZodType<CustomFields>;
}

function requiredValue(schema: z.ZodType<CustomFieldValue>): z.ZodType<CustomFieldValue> {
  return schema.refine((v) => (Array.isArray(v) ? v.length > 0 : v !== ''), {
    message: 'required',
  });
}

/** Whether a value counts as empty (not written in a document). */
export function isEmptyCustomValue(value: CustomFieldValue | undefined | null): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length);
}

/** A value as a document cell writes it: lists one item a line, priorities in the template's scale. */
export function formatCustomFieldValue(
  column: TemplateColumn,
  value: CustomFieldValue | undefined,
  template: Template | null,
  lang: 'fr' | 'en' = 'fr',
): string {
  if (isEmptyCustomValue(value)) return '';
  if (Array.isArray(value)) return value.join('\n');
  if (column.type === 'priority' && typeof value === 'number')
    return formatTemplatePriority(template, value, lang);
  return String(value);
}

export type ParsedCustomValue =
  | { ok: true; value: CustomFieldValue | undefined }
  | { ok: false; text: string; expected: { fr: string; en: string } };

/**
 * A cell read back into a column's value: the inverse of `formatCustomFieldValue`. A cell the
 * type cannot hold (a word in a number column) is refused with what was expected, so that the
 * importer keeps it as text and says so.
 */
export function parseCustomFieldValue(
  column: TemplateColumn,
  paragraphs: readonly string[],
  template: Template | null,
): ParsedCustomValue {
  const lines = paragraphs.map((p) => p.trim()).filter(Boolean);
  const text = lines.join('\n');
  if (!text) return { ok: true, value: undefined };
  const fail = (fr: string, en: string): ParsedCustomValue => ({ ok: false, text, expected: { fr, en } });
  switch (column.type) {
    case 'text':
    case 'richText':
      return { ok: true, value: text };
    case 'date':
      return parseDeadline(text).period
        ? { ok: true, value: text }
        : fail('une date ou une période académique', 'a date or an academic period');
    case 'number': {
      const n = Number(text.replace(/\s|\u00a0/g, '').replace(',', '.'));
      return Number.isFinite(n) ? { ok: true, value: n } : fail('un nombre', 'a number');
    }
    case 'priority': {
      const stars = /^([*★✱✶]{1,3})$/.exec(text.replace(/\s+/g, ''));
      const value =
        readTemplatePriority(template, text) ??
        (stars ? stars[1]!.length : /^[1-3]$/.test(text) ? Number(text) : null);
      const allowed = template?.priorityScale?.levels.map((l) => l.value) ?? [1, 2, 3];
      return value !== null && allowed.includes(value)
        ? { ok: true, value }
        : fail('un niveau de priorité', 'a priority level');
    }
    case 'persons':
      return { ok: true, value: splitItems(lines) };
    case 'site':
      return { ok: true, value: column.multiple ? splitItems(lines) : text };
    case 'choice': {
      const pick = (word: string) => column.options.find((o) => foldText(o) === foldText(word.trim()));
      const words = column.multiple ? splitItems(lines) : [text];
      const picked = words.map(pick);
      if (picked.some((p) => p === undefined))
        return fail(
          `l’une des valeurs ${column.options.map((o) => `« ${o} »`).join(', ')}`,
          `one of ${column.options.map((o) => `"${o}"`).join(', ')}`,
        );
      return { ok: true, value: column.multiple ? (picked as string[]) : picked[0]! };
    }
  }
}

/** Items of a list cell: one a line, or separated by ";" or "," on one line. */
function splitItems(lines: readonly string[]): string[] {
  const items = lines.length > 1 ? lines : lines.flatMap((l) => l.split(/\s*[;,]\s*/));
  return items.map((i) => i.trim()).filter(Boolean);
}
