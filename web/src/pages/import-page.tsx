import { useState, type FormEvent, type ReactNode } from 'react';
import type { ImportPreviewResponse } from '../../../src/core/api/imports.ts';
import { describeLocation } from '../../../src/core/errors.ts';
import type { Objective } from '../../../src/core/plan-schema.ts';
import { listActions, listObjectives } from '../../../src/core/plan-walk.ts';
import type { ColumnRole } from '../../../src/core/column-roles.ts';
import { confirmImport, previewImportFile, previewImportText, remapImport } from '../api/jalon-api.ts';
import { ColumnReading } from '../components/column-reading.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { navigate } from '../router/router.tsx';
import { useImportQueuePosition } from './use-import-queue-position.ts';

/** Upload or paste → preview of what was recognised, with its warnings → save as a new plan. */
export default function ImportPage() {
  const { t } = useI18n();
  const [preview, setPreview] = useState<ImportPreviewResponse | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [title, setTitle] = useState('');
  const [rereading, setRereading] = useState(false);
  const [ignoreRemembered, setIgnoreRemembered] = useState(false);
  const [rememberMapping, setRememberMapping] = useState(true);
  // A large file may wait for others on the server: say where it stands while it does.
  const queuePosition = useImportQueuePosition((pending && !preview) || rereading);

  /** Reads the same file again with these column roles; the title typed so far is kept. */
  const reread = async (mapping: Record<string, ColumnRole>, ignore: boolean) => {
    if (!preview) return;
    setRereading(true);
    setError(null);
    try {
      const next = await remapImport(preview.importId, { mapping, ignoreRemembered: ignore });
      setPreview(next);
      setIgnoreRemembered(ignore);
    } catch (failure) {
      setError(failure);
    } finally {
      setRereading(false);
    }
  };

  const analyse = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const text = String(form.get('text') ?? '').trim();
    if (!(file instanceof File && file.size > 0) && !text) {
      setError(new Error(t('import.needInput')));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result =
        file instanceof File && file.size > 0 ? await previewImportFile(file) : await previewImportText(text);
      setPreview(result);
      setTitle(result.plan.title);
      setIgnoreRemembered(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  const save = async () => {
    if (!preview) return;
    setPending(true);
    setError(null);
    try {
      const { planId } = await confirmImport(preview.importId, {
        ...(title.trim() ? { title: title.trim() } : {}),
        rememberMapping,
      });
      navigate(`/plans/${planId}`);
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <div className="page import-page">
      <h1>{t('import.title')}</h1>
      <section aria-labelledby="step-1">
        <h2 id="step-1">{t('import.step1')}</h2>
        <form onSubmit={(e) => void analyse(e)} className="stack">
          <label>
            {t('import.file')}
            <input type="file" name="file" accept=".docx,.xlsx,.pdf,.csv,.tsv,.txt,.md,.json,.html" />
          </label>
          <label>
            {t('import.orPaste')}
            <textarea name="text" rows={6} className="mono" />
          </label>
          <div className="button-row">
            <button type="submit" className="primary" disabled={pending}>
              {pending && !preview ? t('import.analysing') : t('import.analyse')}
            </button>
          </div>
          {queuePosition !== null && !preview ? (
            <p role="status" className="muted">
              {t('import.queued', { n: queuePosition })}
            </p>
          ) : null}
        </form>
      </section>
      <ErrorMessage error={error} />
      {preview ? (
        <Preview preview={preview}>
          <ColumnReading
            preview={preview}
            pending={rereading || pending}
            onChoose={(label, role) => void reread({ ...preview.mapping, [label]: role }, ignoreRemembered)}
            onIgnoreRemembered={(ignore) => void reread(preview.mapping, ignore)}
            onReset={() => void reread({}, ignoreRemembered)}
          />
          {rereading ? (
            <p role="status" className="muted">
              {t('import.rereading')}
              {queuePosition !== null ? ` ${t('import.queued', { n: queuePosition })}` : ''}
            </p>
          ) : null}
        </Preview>
      ) : null}
      {preview ? (
        <section aria-labelledby="step-3">
          <h2 id="step-3">{t('import.step3')}</h2>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <label>
              {t('import.planTitle')}
              <input value={title} onChange={(e) => setTitle(e.target.value)} required />
            </label>
            {Object.keys(preview.mapping).length > 0 ? (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={rememberMapping}
                  onChange={(e) => setRememberMapping(e.target.checked)}
                />{' '}
                {t('import.rememberMapping')}
              </label>
            ) : null}
            <div className="button-row">
              <button type="submit" className="primary" disabled={pending || rereading}>
                {pending ? t('import.saving') : t('import.save')}
              </button>
              <button type="button" onClick={() => setPreview(null)}>
                {t('import.restart')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </div>
  );
}

function Preview({ preview, children }: { preview: ImportPreviewResponse; children?: ReactNode }) {
  const { t, lang } = useI18n();
  const { plan, warnings } = preview;
  const actionCount = listActions(plan).length;
  const objectiveCount = listObjectives(plan).length;
  return (
    <section aria-labelledby="step-2" className="import-preview">
      <h2 id="step-2">{t('import.step2')}</h2>
      <p className="import-summary">
        <strong>{plan.title}</strong> —{' '}
        {t('import.summary', {
          axes: plan.axes.length,
          objectives: objectiveCount,
          actions: actionCount,
          sites: plan.sites.length,
        })}
        {plan.sites.length > 0 ? ` (${plan.sites.map((s) => s.code).join(', ')})` : ''}
      </p>
      {children}
      <h3>{t('import.warnings', { count: warnings.length })}</h3>
      {warnings.length === 0 ? (
        <p className="muted">{t('import.noWarnings')}</p>
      ) : (
        <ul className="warnings" tabIndex={0} aria-label={t('import.warnings', { count: warnings.length })}>
          {warnings.map((warning, i) => (
            <li key={i}>
              {warning.location ? (
                <span className="warning-location">{describeLocation(warning.location, lang)} — </span>
              ) : null}
              {warning.texts?.[lang] ?? warning.message}
            </li>
          ))}
        </ul>
      )}
      <ol className="structure" tabIndex={0} aria-label={t('import.step2')}>
        {plan.axes.map((axis, i) => (
          <li key={axis.id ?? i}>
            <span className="axis-label">
              {t('plan.axis')} {axis.number ?? i + 1}
            </span>{' '}
            {axis.title}{' '}
            <span className="muted">
              (
              {axis.actions.length +
                countActions(axis.objectives) +
                axis.subdimensions.reduce((n, s) => n + s.actions.length + countActions(s.objectives), 0)}
              )
            </span>
            <ObjectiveOutline
              objectives={[...axis.objectives, ...axis.subdimensions.flatMap((s) => s.objectives)]}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

function countActions(objectives: Objective[]): number {
  return objectives.reduce((n, o) => n + o.actions.length + countActions(o.objectives), 0);
}

function ObjectiveOutline({ objectives }: { objectives: Objective[] }) {
  if (objectives.length === 0) return null;
  return (
    <ul>
      {objectives.map((objective, i) => (
        <li key={objective.id ?? i}>
          {objective.title} <span className="muted">({objective.actions.length})</span>
          <ObjectiveOutline objectives={objective.objectives} />
        </li>
      ))}
    </ul>
  );
}
