import { useState, type FormEvent } from 'react';
import type { Action } from '../../../src/core/plan-schema.ts';
import { statusLabel, statusValues, type Status } from '../../../src/core/status.ts';
import { ApiError } from '../api/api-error.ts';
import { changeActionStatus } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import { useAnnounceEditing } from '../live/use-plan-live.ts';
import { readConflict } from './action-editor.tsx';
import { ErrorMessage } from './error-message.tsx';

/** A status change is dated and may carry a comment; it lands in the action's history. */
export function StatusForm({ action, onDone }: { action: Action; onDone: () => void }) {
  const { t, lang } = useI18n();
  const page = usePlanPage();
  const [status, setStatus] = useState<Status>(action.status ?? 'in_progress');
  const [label, setLabel] = useState('');
  const [date, setDate] = useState(page.today);
  const [comment, setComment] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const actionId = action.id ?? '';
  // The revision the form opened on: a status someone else set meanwhile (the row shows it at
  // once) comes back as a conflict, and submitting again then applies mine knowingly.
  const [revision, setRevision] = useState(() => page.revisionOf(actionId));
  useAnnounceEditing(page.planId, actionId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await changeActionStatus(actionId, {
        revision,
        status,
        date,
        ...(label.trim() ? { statusLabel: label.trim() } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      page.edits.applyAction(result.action, result.revision);
      page.announce(`${t('action.saved')} : ${statusLabel(result.action.status, lang)}`);
      onDone();
    } catch (failure) {
      // On a conflict the row shows the other person's version at once; this form keeps the
      // user's choice so that submitting again applies it on top, knowingly.
      const current = failure instanceof ApiError ? readConflict(failure) : null;
      if (current) {
        page.edits.applyAction(current.action, current.revision);
        setRevision(current.revision);
      }
      setError(failure);
      setPending(false);
    }
  };

  return (
    <form className="status-form" onSubmit={(e) => void submit(e)} aria-label={t('status.title')}>
      <label>
        {t('status.status')}
        <select value={status} onChange={(e) => setStatus(e.target.value as Status)} autoFocus>
          {statusValues.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value, lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('status.date')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>
      <label>
        {t('status.label')}
        <input
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder={action.statusLabel ?? ''}
        />
      </label>
      <label className="wide">
        {t('status.comment')}
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('action.saving') : t('status.submit')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
