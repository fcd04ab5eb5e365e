import type { ActionChanges } from '../../../src/core/api/actions.ts';
import type { Action } from '../../../src/core/plan-schema.ts';
import { sameValue } from '../../../src/core/same-value.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CellValue } from './cell-value.tsx';

export interface Conflict {
  /** The action as this user read it before editing. */
  original: Action;
  /** The action as the other person left it. */
  action: Action;
  revision: number;
  /** The changes this user tried to save. */
  mine: ActionChanges;
}

/**
 * A stale save, shown field by field: what the other person wrote next to what this user
 * wrote, with the two ways out. Nothing is dropped until the user chooses.
 */
export function ConflictNotice({
  conflict,
  pending,
  onReload,
  onReapply,
}: {
  conflict: Conflict;
  pending: boolean;
  onReload: () => void;
  onReapply: () => void;
}) {
  const { t } = useI18n();
  const theirs = fieldKeys.filter((key) => !sameValue(conflict.action[key], conflict.original[key]));
  const fields = [...new Set([...theirs, ...Object.keys(conflict.mine)])] as Array<keyof ActionChanges>;
  const label = (field: string) => (isFieldKey(field) ? t(`action.label.${field}`) : field);
  return (
    <div className="conflict" role="alert">
      <p>
        <strong>{t('conflict.title')}</strong>
      </p>
      <table className="compact">
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">{t('conflict.theirs')}</th>
            <th scope="col">{t('conflict.mine')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field}>
              <th scope="row">{label(field)}</th>
              <td>
                <CellValue field={field} value={conflict.action[field as keyof Action]} />
              </td>
              <td>
                {field in conflict.mine ? (
                  <CellValue field={field} value={conflict.mine[field]} />
                ) : (
                  <span className="muted">{t('conflict.unchanged')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={onReload} disabled={pending}>
          {t('conflict.reload')}
        </button>
        <button type="button" className="primary" onClick={onReapply} disabled={pending}>
          {t('conflict.reapply')}
        </button>
      </div>
    </div>
  );
}

const fieldKeys = [
  'text',
  'sites',
  'responsibles',
  'indicators',
  'expectedResults',
  'deadline',
  'priority',
  'conditions',
  'notes',
  'status',
  'statusLabel',
] as const;

function isFieldKey(field: string): field is (typeof fieldKeys)[number] {
  return (fieldKeys as readonly string[]).includes(field);
}
