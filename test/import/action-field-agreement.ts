import type { Plan } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';

/**
 * How many action fields of a plan read from one form (PDF) agree with the same plan read
 * from a reference form (DOCX, whose import is checked against the golden summaries).
 * Actions are paired in order, each reference action with the first not-yet-paired action
 * of the same text (or, failing that, the next one in order); a missing action counts all
 * its fields wrong. Text is compared with white space collapsed.
 */
export const comparedActionFields = [
  'objective',
  'text',
  'sites',
  'references',
  'responsibles',
  'indicators',
  'expectedResults',
  'tasks',
  'status',
  'statusLabel',
  'priority',
  'deadline',
  'steeringLevel',
  'guarantor',
  'conditions',
] as const;

export interface FieldDifference {
  action: string;
  field: string;
  expected: string;
  actual: string;
}

export interface AgreementReport {
  fields: number;
  agreeing: number;
  share: number;
  referenceActions: number;
  actualActions: number;
  differences: FieldDifference[];
}

function normalise(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(normalise).filter(Boolean).join(' | ');
  return String(value).replace(/\s+/g, ' ').trim();
}

function fieldsOf(plan: Plan): Record<string, string>[] {
  return listActions(plan).map(({ action, objectives }) => {
    const record: Record<string, string> = {
      objective: normalise(objectives.map((objective) => objective.title)),
    };
    for (const field of comparedActionFields) {
      if (field === 'objective') continue;
      record[field] = normalise((action as Record<string, unknown>)[field]);
    }
    return record;
  });
}

export function compareActionFields(reference: Plan, actual: Plan): AgreementReport {
  const expected = fieldsOf(reference);
  const found = fieldsOf(actual);
  const used = new Set<number>();
  let cursor = 0;
  let agreeing = 0;
  const differences: FieldDifference[] = [];
  for (const record of expected) {
    let match = found.findIndex(
      (candidate, position) => !used.has(position) && position >= cursor && candidate.text === record.text,
    );
    if (match === -1)
      match = found.findIndex((candidate, position) => !used.has(position) && candidate.text === record.text);
    if (match === -1 && cursor < found.length && !used.has(cursor)) match = cursor;
    const other = match >= 0 ? found[match] : undefined;
    if (match >= 0) {
      used.add(match);
      cursor = match + 1;
    }
    for (const field of comparedActionFields) {
      const actualValue = other?.[field] ?? '(missing action)';
      if (actualValue === record[field]) agreeing += 1;
      else
        differences.push({
          action: record.text!.slice(0, 60),
          field,
          expected: record[field]!,
          actual: actualValue,
        });
    }
  }
  const fields = expected.length * comparedActionFields.length;
  return {
    fields,
    agreeing,
    share: fields === 0 ? 1 : agreeing / fields,
    referenceActions: expected.length,
    actualActions: found.length,
    differences,
  };
}
