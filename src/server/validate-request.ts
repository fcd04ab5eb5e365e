import type { z } from 'zod';
import { JalonError, type LocalizedText } from '../core/errors.ts';
import { describeValidation } from '../core/validation-messages.ts';

const request: LocalizedText = { fr: 'Requête', en: 'Request' };

/**
 * Validates a body, query or params object against its API schema. The error, in both languages,
 * names the first field at fault ("changes.priority") so the client can point at it; `what`
 * names what was sent ("Plan", "Import").
 */
export function validateRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: LocalizedText = request,
): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const { texts, field } = describeValidation(parsed.error.issues, what);
  throw new JalonError('BAD_INPUT', texts, { location: field ? { field } : {} });
}
