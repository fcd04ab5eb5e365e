import type { z } from 'zod';
import { JalonError } from '../core/errors.ts';

/**
 * Validates a body, query or params object against its API schema. The error names the first
 * field at fault ("changes.priority") so the client can point at it.
 */
export function validateRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where = 'requête',
): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || null;
  throw new JalonError('BAD_INPUT', `${where} invalide${field ? ` (${field})` : ''} : ${issue.message}`, {
    location: field ? { field } : {},
  });
}
