import { useId, useRef, useState, type FormEvent } from 'react';
import type { Evidence } from '../../../src/core/api/follow-up.ts';
import { addEvidenceLink, deleteEvidence, fetchEvidence, uploadEvidenceFile } from '../api/follow-up-api.ts';
import { useI18n, type Language } from '../i18n/i18n-context.tsx';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import { ErrorMessage } from './error-message.tsx';
import { useAsync } from './use-async.ts';

/** "12,5 Ko": a file size in the interface language. */
export function formatSize(bytes: number, lang: Language): string {
  const format = (value: number, unit: string) =>
    `${new Intl.NumberFormat(lang === 'fr' ? 'fr-BE' : 'en-GB', { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  const [b, kb, mb] = lang === 'fr' ? ['o', 'Ko', 'Mo'] : ['B', 'KB', 'MB'];
  if (bytes < 1024) return format(bytes, b);
  if (bytes < 1024 * 1024) return format(bytes / 1024, kb);
  return format(bytes / 1024 / 1024, mb);
}

/**
 * The proof an action was carried out: files (downloaded as they were uploaded) and links; who
 * may change the action's status may attach and remove them.
 */
export default function EvidencePanel({ actionId, canAttach }: { actionId: string; canAttach: boolean }) {
  const { t, lang, formatDate } = useI18n();
  const page = usePlanPage();
  const [state, reload] = useAsync(() => fetchEvidence(actionId), [actionId]);
  const [error, setError] = useState<unknown>(null);
  const remove = async (evidence: Evidence) => {
    if (!window.confirm(t('evidence.removeConfirm', { title: evidence.title }))) return;
    setError(null);
    try {
      await deleteEvidence(evidence.id);
      page.announce(t('evidence.removed', { title: evidence.title }));
      reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section className="evidence-panel" aria-label={t('evidence.title')}>
      <h4>{t('evidence.title')}</h4>
      {state.kind === 'loading' ? <p role="status">{t('app.loading')}</p> : null}
      {state.kind === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.kind === 'ready' && state.data.evidence.length === 0 ? (
        <p className="muted">{t('evidence.none')}</p>
      ) : null}
      {state.kind === 'ready' && state.data.evidence.length > 0 ? (
        <table className="compact evidence-list">
          <caption className="visually-hidden">{t('evidence.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('evidence.titleField')}</th>
              <th scope="col">{t('evidence.what')}</th>
              <th scope="col">{t('evidence.added')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('evidence.tools')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.evidence.map((evidence) => (
              <tr key={evidence.id}>
                <td>{evidence.title || evidence.fileName}</td>
                <td>
                  {evidence.kind === 'file' ? (
                    <>
                      {evidence.fileName}
                      {evidence.size !== null ? (
                        <span className="muted"> ({formatSize(evidence.size, lang)})</span>
                      ) : null}
                    </>
                  ) : (
                    <span className="evidence-url">{evidence.url}</span>
                  )}
                </td>
                <td>
                  <time dateTime={evidence.createdAt}>{formatDate(evidence.createdAt)}</time>
                </td>
                <td className="evidence-tools">
                  {evidence.kind === 'file' && evidence.downloadPath ? (
                    <a
                      href={evidence.downloadPath}
                      download={evidence.fileName ?? true}
                      aria-label={t('evidence.downloadLabel', {
                        title: evidence.title || (evidence.fileName ?? ''),
                      })}
                    >
                      {t('evidence.download')}
                    </a>
                  ) : evidence.url ? (
                    <a
                      href={evidence.url}
                      rel="noopener noreferrer"
                      aria-label={t('evidence.openLabel', { title: evidence.title })}
                    >
                      {t('evidence.open')}
                    </a>
                  ) : null}
                  {canAttach ? (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => void remove(evidence)}
                      aria-label={t('evidence.removeLabel', {
                        title: evidence.title || (evidence.fileName ?? ''),
                      })}
                    >
                      {t('evidence.remove')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorMessage error={error} />
      {canAttach ? (
        <div className="evidence-forms">
          <FileForm actionId={actionId} onAdded={reload} />
          <LinkForm actionId={actionId} onAdded={reload} />
        </div>
      ) : null}
    </section>
  );
}

function FileForm({ actionId, onAdded }: { actionId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const page = usePlanPage();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    setPending(true);
    setError(null);
    try {
      const { evidence } = await uploadEvidenceFile(actionId, title.trim() || file.name, file);
      page.announce(t('evidence.attached', { title: evidence.title }));
      setTitle('');
      if (fileInput.current) fileInput.current.value = '';
      onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="evidence-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
      <h5 id={`${id}-title`}>{t('evidence.addFile')}</h5>
      <label>
        {t('evidence.fileTitle')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
      </label>
      <label>
        {t('evidence.file')}
        <input type="file" ref={fileInput} required />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t('evidence.sending') : t('evidence.attach')}
      </button>
    </form>
  );
}

function LinkForm({ actionId, onAdded }: { actionId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const page = usePlanPage();
  const id = useId();
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { evidence } = await addEvidenceLink(actionId, title.trim(), url.trim());
      page.announce(t('evidence.attached', { title: evidence.title }));
      setTitle('');
      setUrl('');
      onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="evidence-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
      <h5 id={`${id}-title`}>{t('evidence.addLink')}</h5>
      <label>
        {t('evidence.titleField')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
      </label>
      <label>
        {t('evidence.url')}
        <input
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
          placeholder="https://"
          maxLength={2000}
        />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t('evidence.sending') : t('evidence.addLinkSubmit')}
      </button>
    </form>
  );
}
