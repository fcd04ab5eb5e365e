import { useState, type FormEvent } from 'react';
import type { PlanVersionSummary } from '../../../src/core/api/follow-up.ts';
import {
  currentPlan,
  diffUrl,
  fetchDiff,
  fetchVersions,
  freezeVersion,
  progressUrl,
  setVersionPublished,
} from '../api/follow-up-api.ts';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { PlanDiffView } from '../components/plan-diff-view.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { todayIso } from '../plan/action-deadline.ts';
import { usePlanDocument } from '../plan/use-plan-document.ts';
import { forgetVersionBaseline } from '../plan/use-version-baseline.ts';
import { navigate, useLocationPath } from '../router/router.tsx';

const diffFormats = [
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
  { format: 'docx', label: 'Word (.docx)' },
  { format: 'pdf', label: 'PDF' },
] as const;

/**
 * The plan over the years: its frozen versions, freezing the next one, publishing a version on
 * a public page, and what changed between any two states, with the files to hand on.
 */
export default function VersionsPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const planDocument = usePlanDocument(planId);
  const [versionsState, reloadVersions] = useAsync(() => fetchVersions(planId), [planId]);
  const [notice, setNotice] = useState('');
  const path = useLocationPath();
  if (planDocument.state.kind === 'error') {
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  }
  if (planDocument.state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  const { plan, permissions } = planDocument.state.data;
  const versions =
    versionsState.kind === 'ready'
      ? [...versionsState.data.versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      : [];
  const query = new URLSearchParams(path.split('?')[1]?.split('#')[0] ?? '');
  const known = (ref: string | null) =>
    ref !== null && (ref === currentPlan || versions.some((v) => v.id === ref)) ? ref : null;
  const from = known(query.get('from')) ?? versions[0]?.id ?? null;
  const to = known(query.get('to')) ?? currentPlan;
  const compare = (nextFrom: string, nextTo: string, moveFocus = false) => {
    navigate(`/plans/${planId}/versions?${new URLSearchParams({ from: nextFrom, to: nextTo }).toString()}`, {
      replace: true,
    });
    // From a version's "compare" button, the reader is taken to the comparison; changing the
    // selects keeps the focus where it is.
    if (moveFocus) {
      requestAnimationFrame(() => {
        const section = document.getElementById('diff');
        section?.scrollIntoView({ block: 'start' });
        section?.focus({ preventScroll: true });
      });
    }
  };
  const onFrozen = (message: string) => {
    setNotice(message);
    forgetVersionBaseline(planId);
    reloadVersions();
    // Starting the next version relabels the living plan.
    void planDocument.reload();
  };

  return (
    <div className="page versions-page">
      <PlanHeader planId={planId} plan={plan} />
      <h2>{t('versions.title')}</h2>
      <p className="muted">{t('versions.intro')}</p>
      <p role="status" className={notice ? 'notice' : undefined}>
        {notice}
      </p>
      {versionsState.kind === 'error' ? (
        <ErrorMessage error={versionsState.error} onRetry={reloadVersions} />
      ) : versionsState.kind === 'loading' ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <VersionList
          planId={planId}
          versions={versions}
          canEdit={permissions.canEditPlan}
          onChanged={reloadVersions}
          onCompare={(versionId) => compare(versionId, currentPlan, true)}
        />
      )}
      {permissions.canEditPlan ? (
        <FreezeForm planId={planId} currentLabel={plan.version.label} onFrozen={onFrozen} />
      ) : null}
      <section aria-labelledby="diff-title" id="diff" tabIndex={-1} className="diff-section">
        <h2 id="diff-title">{t('diff.title')}</h2>
        {from === null ? (
          <p className="muted">{t('diff.needVersion')}</p>
        ) : (
          <>
            <DiffChooser versions={versions} from={from} to={to} onChange={compare} />
            <p className="diff-downloads">
              {t('diff.download')}{' '}
              {diffFormats.map(({ format, label }, i) => (
                <span key={format}>
                  {i > 0 ? ' · ' : ''}
                  <a href={diffUrl(planId, from, to, format)} download data-format={format}>
                    {label}
                  </a>
                </span>
              ))}
            </p>
            <DiffResult planId={planId} from={from} to={to} />
          </>
        )}
      </section>
    </div>
  );
}

function VersionList({
  planId,
  versions,
  canEdit,
  onChanged,
  onCompare,
}: {
  planId: string;
  versions: PlanVersionSummary[];
  canEdit: boolean;
  onChanged: () => void;
  onCompare: (versionId: string) => void;
}) {
  const { t } = useI18n();
  if (versions.length === 0) return <p className="empty">{t('versions.none')}</p>;
  return (
    <ol className="version-list">
      {versions.map((version) => (
        <VersionCard
          key={version.id}
          planId={planId}
          version={version}
          canEdit={canEdit}
          onChanged={onChanged}
          onCompare={onCompare}
        />
      ))}
    </ol>
  );
}

function VersionCard({
  planId,
  version,
  canEdit,
  onChanged,
  onCompare,
}: {
  planId: string;
  version: PlanVersionSummary;
  canEdit: boolean;
  onChanged: () => void;
  onCompare: (versionId: string) => void;
}) {
  const { t, formatDate } = useI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `version-${version.id}`;
  const publish = async (published: boolean) => {
    if (published && !window.confirm(t('versions.publishConfirm', { label: version.label }))) return;
    setPending(true);
    setError(null);
    try {
      await setVersionPublished(planId, version.id, published);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  const publicUrl = version.publicPath ? `${window.location.origin}${version.publicPath}` : null;
  return (
    <li className="card version-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{version.label}</h3>
      <p className="muted">
        {version.versionDate
          ? `${t('versions.date')} : ${/^\d{4}-\d{2}-\d{2}$/.test(version.versionDate) ? formatDate(version.versionDate) : version.versionDate} · `
          : ''}
        {t('versions.frozenOn', { date: formatDate(version.createdAt) })}
      </p>
      <div className="version-publication">
        {publicUrl && version.publicPath ? (
          <>
            <p>
              <span className="badge published-badge">{t('versions.published')}</span>{' '}
              <a href={version.publicPath}>{t('versions.openPublic')}</a>
            </p>
            <CopyField label={t('versions.publicAddress', { label: version.label })} value={publicUrl} />
          </>
        ) : (
          <p className="muted">{t('versions.notPublished')}</p>
        )}
      </div>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="button" onClick={() => onCompare(version.id)}>
          {t('versions.compareWithCurrent')}
        </button>
        {canEdit ? (
          publicUrl ? (
            <button type="button" disabled={pending} onClick={() => void publish(false)}>
              {t('versions.withdraw')}
            </button>
          ) : (
            <button type="button" disabled={pending} onClick={() => void publish(true)}>
              {t('versions.publish')}
            </button>
          )
        ) : null}
      </div>
      <p className="small">
        {t('versions.progress')}{' '}
        <a href={progressUrl(planId, version.id, 'docx')} download data-format="progress-docx">
          Word (.docx)
        </a>
        {' · '}
        <a href={progressUrl(planId, version.id, 'pdf')} download data-format="progress-pdf">
          PDF
        </a>
      </p>
    </li>
  );
}

function FreezeForm({
  planId,
  currentLabel,
  onFrozen,
}: {
  planId: string;
  currentLabel: string | null;
  onFrozen: (message: string) => void;
}) {
  const { t } = useI18n();
  const [label, setLabel] = useState(currentLabel ?? '');
  const [date, setDate] = useState(todayIso());
  const [startNext, setStartNext] = useState(false);
  const [nextLabel, setNextLabel] = useState('');
  const [nextDate, setNextDate] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { version } = await freezeVersion(planId, {
        label: label.trim(),
        ...(date ? { versionDate: date } : {}),
        ...(startNext
          ? { next: { label: nextLabel.trim(), ...(nextDate ? { versionDate: nextDate } : {}) } }
          : {}),
      });
      onFrozen(
        startNext
          ? t('versions.frozenNext', { label: version.label, next: nextLabel.trim() })
          : t('versions.frozen', { label: version.label }),
      );
      if (startNext) {
        setLabel(nextLabel.trim());
        setStartNext(false);
        setNextLabel('');
        setNextDate('');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="inline-form freeze-form" aria-labelledby="freeze-title" onSubmit={(e) => void submit(e)}>
      <h3 id="freeze-title">{t('versions.freezeTitle')}</h3>
      <p className="muted small form-hint">{t('versions.freezeHint')}</p>
      <label>
        {t('versions.label')}
        <input value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('versions.date')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={startNext} onChange={(e) => setStartNext(e.target.checked)} />
        {t('versions.startNext')}
      </label>
      {startNext ? (
        <fieldset>
          <legend>{t('versions.nextTitle')}</legend>
          <label>
            {t('versions.nextLabel')}
            <input
              value={nextLabel}
              onChange={(e) => setNextLabel(e.target.value)}
              required
              maxLength={200}
              placeholder={t('versions.nextPlaceholder')}
            />
          </label>
          <label>
            {t('versions.date')}
            <input type="date" value={nextDate} onChange={(e) => setNextDate(e.target.value)} />
          </label>
        </fieldset>
      ) : null}
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('action.saving') : t('versions.freeze')}
        </button>
      </div>
    </form>
  );
}

function DiffChooser({
  versions,
  from,
  to,
  onChange,
}: {
  versions: PlanVersionSummary[];
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) {
  const { t, formatDate } = useI18n();
  const options = [
    ...versions.map((v) => ({ value: v.id, label: `${v.label} (${formatDate(v.createdAt)})` })),
    { value: currentPlan, label: t('diff.currentPlan') },
  ];
  return (
    <div className="diff-chooser">
      <label>
        {t('diff.from')}
        <select value={from} onChange={(e) => onChange(e.target.value, to)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('diff.to')}
        <select value={to} onChange={(e) => onChange(from, e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function DiffResult({ planId, from, to }: { planId: string; from: string; to: string }) {
  const { t } = useI18n();
  const [state, retry] = useAsync(() => fetchDiff(planId, from, to), [planId, from, to]);
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={retry} />;
  return (
    <>
      <p className="muted">{t('diff.between', { from: state.data.from, to: state.data.to })}</p>
      <PlanDiffView planId={planId} diff={state.data.diff} linkToCurrent={to === currentPlan} />
    </>
  );
}
