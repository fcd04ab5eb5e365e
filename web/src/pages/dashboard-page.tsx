import { useMemo } from 'react';
import { fetchStatusChanges } from '../api/jalon-api.ts';
import {
  BarsChart,
  ProgressHistoryChart,
  ShareRing,
  StatusBarsChart,
  StatusLegend,
} from '../components/charts.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useAsync } from '../components/use-async.ts';
import { buildDashboard } from '../dashboard/dashboard-model.ts';
import { buildProgressHistory } from '../dashboard/progress-history.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { todayIso } from '../plan/action-deadline.ts';
import { usePlanDocument } from '../plan/use-plan-document.ts';
import { LiveNotice } from '../live/live-notice.tsx';
import { usePlanLive } from '../live/use-plan-live.ts';
import { Link } from '../router/router.tsx';

export default function DashboardPage({ planId }: { planId: string }) {
  const { t, formatDate } = useI18n();
  const planDocument = usePlanDocument(planId);
  const today = todayIso();
  const data = planDocument.state.kind === 'ready' ? planDocument.state.data : null;
  const dashboard = useMemo(() => (data ? buildDashboard(data.plan, today) : null), [data, today]);
  const [statusChanges, retryStatusChanges] = useAsync(() => fetchStatusChanges(planId), [planId]);
  // Someone else's change: the plan and its progress over time are read again.
  const live = usePlanLive(planId, () => {
    void planDocument.reload();
    retryStatusChanges();
  });
  const history = useMemo(
    () =>
      data && statusChanges.kind === 'ready'
        ? buildProgressHistory(data.plan, statusChanges.data.changes, today)
        : null,
    [data, statusChanges, today],
  );
  if (planDocument.state.kind === 'error') {
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  }
  if (!data || !dashboard) return <p role="status">{t('app.loading')}</p>;
  const { plan } = data;
  const { stats, coverage } = dashboard;
  const siteName = (code: string) =>
    code === 'common' ? t('plan.commonToAllSites') : (plan.sites.find((s) => s.code === code)?.code ?? code);
  return (
    <div className="page dashboard-page">
      <PlanHeader planId={planId} plan={plan} />
      <LiveNotice notice={live.notice} />
      <h2>
        {t('dashboard.title')} <span className="muted">— {t('dashboard.total', { count: stats.total })}</span>
      </h2>
      <StatusLegend />
      <div className="chart-grid">
        <StatusBarsChart
          title={t('dashboard.byStatus')}
          rows={[
            {
              label: t('dashboard.total', { count: stats.total }),
              counts: stats.byStatus,
              total: stats.total,
            },
          ]}
        />
        <ShareRing
          title={t('dashboard.coverage')}
          part={coverage.covered}
          total={coverage.recommendations}
          text={t('dashboard.coverageText', { covered: coverage.covered, total: coverage.recommendations })}
        />
        <StatusBarsChart
          title={t('dashboard.byAxis')}
          rows={stats.byAxis.map((axis) => ({
            label: axis.number ? `${axis.number}. ${axis.title}` : axis.title,
            counts: axis.counts,
            total: axis.total,
          }))}
        />
        <StatusBarsChart
          title={t('dashboard.bySite')}
          rows={stats.bySite.map((site) => ({
            label: siteName(site.site),
            counts: site.counts,
            total: site.total,
          }))}
        />
        {history ? (
          <ProgressHistoryChart
            title={t('dashboard.progress')}
            total={history.total}
            points={history.points}
            note={`${t('dashboard.progressNote')} ${
              history.firstChange
                ? t('dashboard.progressFirstChange', { date: formatDate(history.firstChange) })
                : t('dashboard.progressNoChange')
            }`}
          />
        ) : statusChanges.kind === 'error' ? (
          <div className="chart wide">
            <ErrorMessage error={statusChanges.error} onRetry={retryStatusChanges} />
          </div>
        ) : (
          <p className="chart wide" role="status">
            {t('app.loading')}
          </p>
        )}
        <BarsChart
          title={t('dashboard.workload')}
          rows={stats.byResponsible
            .filter((r) => r.open > 0)
            .slice(0, 12)
            .map((r) => ({ label: r.responsible, value: r.open }))}
        />
      </div>
      <section aria-labelledby="overdue-title" className="overdue-list">
        <h3 id="overdue-title">
          {t('dashboard.overdue')} ({stats.overdue.length})
        </h3>
        {stats.overdue.length === 0 ? (
          <p className="muted">{t('dashboard.noOverdue')}</p>
        ) : (
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t('action.field.text')}</th>
                <th scope="col">{t('action.field.sites')}</th>
                <th scope="col">{t('action.field.deadline')}</th>
                <th scope="col">{t('plan.filter.status')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.overdue.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/plans/${planId}#action-${item.id ?? ''}`}>{item.text || '—'}</Link>
                  </td>
                  <td>{item.sites.length ? item.sites.join(', ') : t('plan.commonToAllSites')}</td>
                  <td>{formatDate(item.due)}</td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
