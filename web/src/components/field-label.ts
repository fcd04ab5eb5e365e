import { isMessageKey } from '../i18n/fr.ts';
import type { Translate } from '../i18n/i18n-context.tsx';

/**
 * A plan field as users name it ("Échéance", not "deadline"), for the diff and the "changed
 * since" markers; an unknown field keeps its own name rather than vanishing.
 */
export function fieldLabel(t: Translate, field: string, kind: 'action' | 'objective' = 'action'): string {
  const key = `${kind}.label.${field}`;
  if (isMessageKey(key)) return t(key);
  const actionKey = `action.label.${field}`;
  return isMessageKey(actionKey) ? t(actionKey) : field;
}
