import { Fragment, useMemo, type CSSProperties } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { todayIso } from '../plan/action-deadline.ts';
import { usePlanDocument } from '../plan/use-plan-document.ts';
import { LiveNotice } from '../live/live-notice.tsx';
import { usePlanLive } from '../live/use-plan-live.ts';
import { Link } from '../router/router.tsx';
import { buildTimeline, locateToday, type TimelineRow } from '../timeline/timeline-model.ts';

/** The synthesis table: objectives against academic years and quadrimesters, coloured by scope. */
export default function TimelinePage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const planDocument = usePlanDocument(planId);
  const live = usePlanLive(planId, planDocument.reload);
  const today = todayIso();
  const data = planDocument.state.kind === 'ready' ? planDocument.state.data : null;
  const timeline = useMemo(() => (data ? buildTimeline(data.plan) : null), [data]);
  if (planDocument.state.kind === 'error') {
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  }
  if (!data || !timeline) return <p role="status">{t('app.loading')}</p>;
  const years = [...new Set(timeline.columns.map((c) => c.year))];
  const todayMark = locateToday(timeline.columns, today);
  return (
    <div className="page timeline-page">
      <PlanHeader planId={planId} plan={data.plan} />
      <LiveNotice notice={live.notice} />
      <div className="timeline-toolbar">
        <h2>{t('timeline.title')}</h2>
        <button type="button" onClick={() => window.print()}>
          {t('timeline.print')}
        </button>
      </div>
      <ul className="timeline-legend" aria-label={t('timeline.legend')}>
        <li>
          <span className="swatch scope-all" aria-hidden="true" /> {t('timeline.scopeAll')} («{' '}
          {t('timeline.markAll')} »)
        </li>
        <li>
          <span className="swatch scope-some" aria-hidden="true" /> {t('timeline.scopeSome')} («{' '}
          {t('timeline.markSome')} »)
        </li>
        <li>
          <span className="badge new-badge">{t('plan.newSinceUpdate')}</span> {t('timeline.new')}
        </li>
        <li>
          <span className="swatch today-swatch" aria-hidden="true" /> {t('timeline.today')}
        </li>
      </ul>
      {timeline.columns.length === 0 ? (
        <p className="muted">{t('timeline.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="timeline">
            <thead>
              <tr>
                <th scope="col" rowSpan={2} className="timeline-objective-head">
                  {t('timeline.objective')}
                </th>
                {years.map((year) => (
                  <th scope="colgroup" colSpan={2} key={year}>
                    {year}
                  </th>
                ))}
              </tr>
              <tr>
                {timeline.columns.map((column) => (
                  <th
                    scope="col"
                    key={column.key}
                    className={todayMark?.key === column.key ? 'today-col' : undefined}
                  >
                    {column.term}
                    {todayMark?.key === column.key ? (
                      <span className="visually-hidden"> ({t('timeline.today')})</span>
                    ) : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {timeline.rows.map((row) => (
                <TimelineLine
                  key={`${row.kind}-${row.id}`}
                  row={row}
                  planId={planId}
                  columns={timeline.columns}
                  todayMark={todayMark}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function TimelineLine({
  row,
  planId,
  columns,
  todayMark,
}: {
  row: TimelineRow;
  planId: string;
  columns: Array<{ key: string }>;
  todayMark: { key: string; fraction: number } | null;
}) {
  const { t } = useI18n();
  if (row.kind === 'axis') {
    return (
      <tr className="timeline-axis">
        <th scope="rowgroup" colSpan={columns.length + 1}>
          {row.title}
        </th>
      </tr>
    );
  }
  const scopeClass =
    row.scope === 'all' ? 'scope-all' : row.scope === 'some' ? 'scope-some' : 'scope-unknown';
  const mark =
    row.scope === 'all' ? t('timeline.markAll') : row.scope === 'some' ? t('timeline.markSome') : '';
  let firstActive = true;
  return (
    <tr className={`timeline-objective depth-${Math.min(row.depth, 2)}${row.isNew ? ' is-new' : ''}`}>
      <th scope="row">
        <Link to={`/plans/${planId}#objective-${row.id}`}>{row.title}</Link>
        {row.isNew ? <span className="badge new-badge">{t('plan.newSinceUpdate')}</span> : null}
      </th>
      {row.completionNote && row.slots.size === 0 ? (
        <td colSpan={columns.length} className="completion-note">
          {row.completionNote}
        </td>
      ) : (
        columns.map((column) => {
          const active = row.slots.has(column.key);
          const isToday = todayMark?.key === column.key;
          const label = active && firstActive ? mark : '';
          if (active) firstActive = false;
          return (
            <Fragment key={column.key}>
              <td
                className={`${active ? `slot ${scopeClass}` : 'slot-empty'}${isToday ? ' today-cell' : ''}`}
                style={
                  isToday
                    ? ({ '--today': `${(todayMark.fraction * 100).toFixed(1)}%` } as CSSProperties)
                    : undefined
                }
              >
                {active ? (
                  <span className={label ? 'slot-mark' : 'visually-hidden'}>{label || mark}</span>
                ) : null}
              </td>
            </Fragment>
          );
        })
      )}
    </tr>
  );
}
