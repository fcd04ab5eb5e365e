import { JalonError } from '../../core/errors.ts';

/** A stale write: the client read `revision`, the object is now at a later one. The answer carries the current state. */
export function conflictError(
  what: string,
  sent: number,
  current: unknown,
  currentRevision: number,
): JalonError {
  return new JalonError(
    'CONFLICT',
    `${what} a été modifié entre-temps (révision ${currentRevision}, vous aviez la ${sent}) : rechargez et réappliquez votre modification.`,
    { location: { field: 'revision' }, details: { current } },
  );
}

export function notFound(what: string): JalonError {
  return new JalonError('NOT_FOUND', `${what} : introuvable.`);
}
