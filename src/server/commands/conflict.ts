import { JalonError } from '../../core/errors.ts';
import { changedMeanwhileText, notFoundText, type ObjectName } from '../object-names.ts';

/** A stale write: the client read `revision`, the object is now at a later one. The answer carries the current state. */
export function conflictError(
  what: ObjectName,
  sent: number,
  current: unknown,
  currentRevision: number,
): JalonError {
  return new JalonError('CONFLICT', changedMeanwhileText(what, sent, currentRevision), {
    location: { field: 'revision' },
    details: { current },
  });
}

/** "Action introuvable." — `detail` names which one ("Version 2015"). */
export function notFound(what: ObjectName, detail?: string): JalonError {
  return new JalonError('NOT_FOUND', notFoundText(what, detail));
}
