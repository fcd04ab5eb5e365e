import type { ReactNode } from 'react';
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

/** One row of a conflict: a field, its value as the other person left it, and this user's. */
export interface ConflictRow {
  key: string;
  label: string;
  theirs: ReactNode;
  /** Absent when this user did not change the field. */
  mine?: ReactNode;
}

/**
 * A stale save, shown field by field: what the other person wrote next to what this user
 * wrote, with the two ways out. Nothing is dropped until the user chooses.
 */
export function ConflictTable({
  title,
  rows,
  pending,
  onReload,
  onReapply,
  className,
}: {
  title: string;
  rows: ConflictRow[];
  pending: boolean;
  onReload: () => void;
  onReapply: () => void;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <div className={className ? `conflict ${className}` : 'conflict'} role="alert">
      <p>
        <strong>{title}</strong>
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
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{row.theirs}</td>
              <td>
                {row.mine === undefined ? <span className="muted">{t('conflict.unchanged')}</span> : row.mine}
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

/** The conflict of an action's save. */
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
    <ConflictTable
      title={t('conflict.title')}
      rows={fields.map((field) => ({
        key: field,
        label: label(field),
        theirs: <CellValue field={field} value={conflict.action[field as keyof Action]} />,
        ...(field in conflict.mine ? { mine: <CellValue field={field} value={conflict.mine[field]} /> } : {}),
      }))}
      pending={pending}
      onReload={onReload}
      onReapply={onReapply}
    />
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
