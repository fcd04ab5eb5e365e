import type { HistoryEntry } from '../../../src/core/api/actions.ts';
import { statusLabel, statusSchema } from '../../../src/core/status.ts';
import { fetchActionHistory } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ErrorMessage } from './error-message.tsx';
import { useAsync } from './use-async.ts';

/** The action's history, newest first: status changes with their date and comment, edits, comments. */
export function ActionHistory({ actionId }: { actionId: string }) {
  const { t, formatDate } = useI18n();
  const [state, retry] = useAsync(() => fetchActionHistory(actionId), [actionId]);
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={retry} />;
  const entries = [...state.data.entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="history" aria-label={t('history.title')}>
      <h4>{t('history.title')}</h4>
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
    if (typeof value === 'object') {
      return Object.entries(value as Record<string, unknown>)
        .map(([key, v]) => `${key}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
        .join(' ; ');
    }
    return String(value);
  };
  if (entry.kind === 'comment') return null;
  return (
    <span>
      {show(entry.before)} → {show(entry.after)}
    </span>
  );
}
