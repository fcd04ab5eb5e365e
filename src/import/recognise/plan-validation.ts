import type { z } from 'zod';
import {
  actionSchema,
  axisSchema,
  objectiveSchema,
  planSchema,
  subdimensionSchema,
  type Plan,
} from '../../core/plan-schema.ts';

type Issues = z.ZodError['issues'];
export type PlanValidation = { success: true; data: Plan } | { success: false; issues: Issues };

class Invalid extends Error {
  constructor(readonly issues: Issues) {
    super('invalid plan');
  }
}

/**
 * planSchema.safeParse of the plan the recogniser built, done from the leaves up, each node
 * replaced by its parsed copy as soon as it is parsed: the same plan and the same issues (with
 * their full path) as one parse of the whole, without holding the plan twice at the end of the
 * import of a large sheet, whose plan alone weighs hundreds of megabytes. The built plan's
 * lists are reused: the caller must not use them afterwards.
 */
export function validatePlan(input: Record<string, unknown>): PlanValidation {
  try {
    const axes = input.axes;
    if (Array.isArray(axes)) replaceEach(axes, ['axes'], validateAxis);
    const shell = planSchema.safeParse({ ...input, axes: Array.isArray(axes) ? [] : axes });
    if (!shell.success) return { success: false, issues: shell.error.issues };
    if (Array.isArray(axes)) shell.data.axes = axes as Plan['axes'];
    return { success: true, data: shell.data };
  } catch (error) {
    if (error instanceof Invalid) return { success: false, issues: error.issues };
    throw error;
  }
}

type Path = Array<string | number>;

function replaceEach(list: unknown[], path: Path, validate: (node: unknown, path: Path) => unknown): void {
  for (let i = 0; i < list.length; i++) list[i] = validate(list[i], [...path, i]);
}

/** Parses a node whose listed children were validated already: they are put back as they are. */
function parseShell<S extends z.ZodType>(
  schema: S,
  node: unknown,
  path: Path,
  children: string[],
): z.output<S> {
  const record = (node ?? {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  const input: Record<string, unknown> = { ...record };
  for (const key of children) {
    if (Array.isArray(record[key])) {
      kept[key] = record[key];
      input[key] = [];
    }
  }
  const parsed = schema.safeParse(typeof node === 'object' && node !== null ? input : node);
  if (!parsed.success)
    throw new Invalid(parsed.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })));
  return Object.assign(parsed.data as object, kept) as z.output<S>;
}

function validateActions(node: unknown, path: Path): void {
  const actions = (node as { actions?: unknown } | null)?.actions;
  if (Array.isArray(actions))
    replaceEach(actions, [...path, 'actions'], (action, at) => parseShell(actionSchema, action, at, []));
}

function validateObjective(node: unknown, path: Path): unknown {
  const objectives = (node as { objectives?: unknown } | null)?.objectives;
  if (Array.isArray(objectives)) replaceEach(objectives, [...path, 'objectives'], validateObjective);
  validateActions(node, path);
  return parseShell(objectiveSchema, node, path, ['objectives', 'actions']);
}

function validateSubdimension(node: unknown, path: Path): unknown {
  const objectives = (node as { objectives?: unknown } | null)?.objectives;
  if (Array.isArray(objectives)) replaceEach(objectives, [...path, 'objectives'], validateObjective);
  validateActions(node, path);
  return parseShell(subdimensionSchema, node, path, ['objectives', 'actions']);
}

function validateAxis(node: unknown, path: Path): unknown {
  const record = node as { subdimensions?: unknown; objectives?: unknown } | null;
  if (Array.isArray(record?.subdimensions))
    replaceEach(record.subdimensions, [...path, 'subdimensions'], validateSubdimension);
  if (Array.isArray(record?.objectives))
    replaceEach(record.objectives, [...path, 'objectives'], validateObjective);
  validateActions(node, path);
  return parseShell(axisSchema, node, path, ['subdimensions', 'objectives', 'actions']);
}
