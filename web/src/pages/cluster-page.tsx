import { useState, type DragEvent } from 'react';
import type { BulkImportFileReport, ClusterPlanRow } from '../../../src/core/api/clusters.ts';
import { statusLabel, type Status } from '../../../src/core/status.ts';
import { fetchCluster, uploadToCluster } from '../api/clusters-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useAsync } from '../components/use-async.ts';
import { statusColors } from '../dashboard/status-colors.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';

const statusOrder: Array<Status | 'none'> = [
  'implemented',
  'done',
  'in_progress',
  'planned',
  'postponed',
  'dropped',
  'none',
];

/** A plan's actions split by status in one bar, its numbers in words for screen readers and on hover. */
function StatusBar({ row }: { row: ClusterPlanRow }) {
  const { lang } = useI18n();
  const parts = statusOrder
    .map((status) => ({ status, count: row.byStatus[status] ?? 0 }))
    .filter((p) => p.count > 0);
  const words = parts
    .map((p) => `${statusLabel(p.status === 'none' ? null : p.status, lang)} ${p.count}`)
    .join(', ');
  return (
    <div className="cluster-status-bar" role="img" aria-label={words} title={words}>
      {parts.map((p) => (
        <span
          key={p.status}
          style={{ flexGrow: p.count, background: statusColors[p.status] }}
          data-status={p.status}
          data-count={p.count}
        />
      ))}
    </div>
  );
}

/** Several files dropped or chosen: sent one after the other, each with its own report. */
function BulkImport({ clusterId, onImported }: { clusterId: string; onImported: () => void }) {
  const { t } = useI18n();
  const [institution, setInstitution] = useState('');
  const [reports, setReports] = useState<BulkImportFileReport[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number; current: string } | null>(null);
  const run = async (files: File[]) => {
    if (files.length === 0) return;
    const done: BulkImportFileReport[] = [];
    setReports([]);
    for (const [index, file] of files.entries()) {
      setProgress({ done: index, total: files.length, current: file.name });
      try {
        done.push((await uploadToCluster(clusterId, file, institution)).report);
      } catch (error) {
        done.push({
          file: file.name,
          ok: false,
          planId: null,
          title: null,
          institution: null,
          institutionFrom: null,
          format: null,
          actions: 0,
          warnings: [],
          error: {
            code: (error as { code?: string }).code ?? 'INTERNAL',
            message: (error as Error).message,
            location: null,
          },
        });
      }
      setReports([...done]);
    }
    setProgress({ done: files.length, total: files.length, current: '' });
    onImported();
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    void run([...event.dataTransfer.files]);
  };
  return (
    <section className="cluster-import" aria-labelledby="cluster-import-title">
      <h2 id="cluster-import-title">{t('cluster.importTitle')}</h2>
      <label>
        {t('cluster.institutionFallback')}{' '}
        <input value={institution} onChange={(e) => setInstitution(e.target.value)} maxLength={200} />
      </label>
      <div className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={drop}>
        <label>
          {t('cluster.dropFiles')}{' '}
          <input
            type="file"
            multiple
            accept=".docx,.xlsx,.csv,.tsv,.txt,.md,.pdf,.json"
            onChange={(e) => void run([...(e.target.files ?? [])])}
          />
        </label>
      </div>
      {progress ? (
        <p>
          <progress max={progress.total} value={progress.done} aria-label={t('cluster.progress')} />{' '}
          <span role="status">
            {t('cluster.progressText', { done: progress.done, total: progress.total })}
            {progress.current ? ` — ${progress.current}` : ''}
          </span>
        </p>
      ) : null}
      {reports.length > 0 ? (
        <ul className="import-reports">
          {reports.map((r, i) => (
            <li key={i} className={r.ok ? 'import-ok' : 'import-failed'}>
              <strong>{r.file}</strong>{' '}
              {r.ok ? (
                <>
                  {t('cluster.fileStored', { actions: r.actions, warnings: r.warnings.length })} —{' '}
                  {r.institution} <Link to={`/plans/${encodeURIComponent(r.planId!)}`}>{r.title}</Link>
                </>
              ) : (
                <span role="alert">
                  {t('cluster.fileFailed')} {r.error?.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A cluster side by side: one row per plan of each institution, with its dashboard's figures. */
export default function ClusterPage({ clusterId }: { clusterId: string }) {
  const { t, formatDate } = useI18n();
  const [state, reload] = useAsync(() => fetchCluster(clusterId), [clusterId]);
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const { cluster, plans, hiddenPlans, permissions } = state.data;
  const about = [cluster.programme, cluster.evaluationYear, cluster.owner].filter(Boolean).join(' · ');
  return (
    <div className="page cluster-page">
      <h1>
        {cluster.name} {about ? <span className="muted">— {about}</span> : null}
      </h1>
      <table className="cluster-table">
        <caption>{t('cluster.planCount', { count: plans.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cluster.institution')}</th>
            <th scope="col">{t('cluster.plan')}</th>
            <th scope="col">{t('cluster.version')}</th>
            <th scope="col">{t('cluster.actions')}</th>
            <th scope="col">{t('cluster.statuses')}</th>
            <th scope="col">{t('cluster.overdue')}</th>
            <th scope="col">{t('cluster.answered')}</th>
            <th scope="col">{t('cluster.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((row) => (
            <tr key={row.planId} data-plan-id={row.planId}>
              <th scope="row">{row.institution ?? '—'}</th>
              <td>
                <Link to={`/plans/${encodeURIComponent(row.planId)}`}>{row.title}</Link>
              </td>
              <td>{row.versionLabel ?? '—'}</td>
              <td className="number" data-field="actions">
                {row.actionCount}
              </td>
              <td>
                <StatusBar row={row} />
              </td>
              <td className="number" data-field="overdue">
                {row.overdue}
              </td>
              <td className="number" data-field="answered">
                {row.recommendations === 0
                  ? '—'
                  : `${Math.round((100 * row.answered) / row.recommendations)} % (${row.answered}/${row.recommendations})`}
              </td>
              <td>{formatDate(row.updatedAt.slice(0, 10))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hiddenPlans > 0 ? <p className="muted">{t('cluster.hiddenPlans', { count: hiddenPlans })}</p> : null}
      {permissions.canManage ? <BulkImport clusterId={cluster.id} onImported={reload} /> : null}
    </div>
  );
}
