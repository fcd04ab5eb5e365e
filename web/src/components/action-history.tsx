import type { HistoryEntry } from '../../../src/core/api/actions.ts';
import { statusLabel, statusSchema } from '../../../src/core/status.ts';
import { sameValue } from '../../../src/core/same-value.ts';
import { useState, type FormEvent } from 'react';
import { commentOnAction, fetchActionHistory } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ErrorMessage } from './error-message.tsx';
import { useAsync } from './use-async.ts';

/** The action's history, newest first: status changes with their date and comment, edits, comments. */
export function ActionHistory({ actionId, canComment }: { actionId: string; canComment: boolean }) {
  const { t, formatDate } = useI18n();
  const [state, retry] = useAsync(() => fetchActionHistory(actionId), [actionId]);
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={retry} />;
  const entries = [...state.data.entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="history" aria-label={t('history.title')}>
      <h4>{t('history.title')}</h4>
      {canComment ? <CommentForm actionId={actionId} onAdded={retry} /> : null}
      {entries.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ol className="plain-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.date ?? entry.at}>{formatDate(entry.date ?? entry.at)}</time>{' '}
              <strong>{t(`history.${entry.kind}`)}</strong> <Describe entry={entry} />
              {entry.user ? (
                <span className="muted"> — {t('history.by', { name: entry.user.name })}</span>
              ) : null}
              {entry.comment ? <blockquote>{entry.comment}</blockquote> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Describe({ entry }: { entry: HistoryEntry }) {
  const { lang } = useI18n();
  const show = (value: unknown): string => {
    const status = statusSchema.safeParse(
      typeof value === 'object' && value !== null && 'status' in value
        ? (value as { status: unknown }).status
        : value,
    );
    if (status.success) return statusLabel(status.data, lang);
    if (value === null || value === undefined) return '—';
    if (Array.isArray(value)) return value.map((item) => show(item)).join(', ') || '—';
    if (typeof value === 'object') {
      return Object.entries(value as Record<string, unknown>)
        .map(([key, v]) => `${key}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
        .join(' ; ');
    }
    return String(value);
  };
  if (entry.kind === 'comment') return null;
  if (isRecord(entry.before) && isRecord(entry.after) && entry.kind === 'edit') {
    // An edit records whole objects or several fields: show only what changed.
    const before = entry.before;
    const after = entry.after;
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (key) => !sameValue(before[key], after[key]),
    );
    return (
      <ul className="cell-list">
        {keys.map((key) => (
          <li key={key}>
            {key} : {show(before[key])} → {show(after[key])}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <span>
      {show(entry.before)} → {show(entry.after)}
    </span>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A comment lands in the action's history, like a status change, for everyone to read. */
function CommentForm({ actionId, onAdded }: { actionId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await commentOnAction(actionId, text.trim());
      setText('');
      onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t('history.addComment')}
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} required />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" disabled={pending || text.trim() === ''}>
        {pending ? t('action.saving') : t('history.send')}
      </button>
    </form>
  );
}
