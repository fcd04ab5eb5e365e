import type { ActionChanges } from '../../../src/core/api/actions.ts';
import type { Action } from '../../../src/core/plan-schema.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CellValue } from './cell-value.tsx';

export interface Conflict {
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
  const fields = Object.keys(conflict.mine) as Array<keyof ActionChanges>;
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
              <th scope="row">{field}</th>
              <td>
                <CellValue field={field} value={conflict.action[field as keyof Action]} />
              </td>
              <td>
                <CellValue field={field} value={conflict.mine[field]} />
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
