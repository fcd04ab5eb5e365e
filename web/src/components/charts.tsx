import type { ReactNode } from 'react';
import { statusLabel, type Status } from '../../../src/core/status.ts';
import type { StatusCounts } from '../../../src/core/plan-stats.ts';
import type { HistoryPoint } from '../dashboard/progress-history.ts';
import { statusColors } from '../dashboard/status-colors.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const statusOrder: Array<Status | 'none'> = [
  'implemented',
  'done',
  'in_progress',
  'planned',
  'postponed',
  'dropped',
  'none',
];

/** A chart with its title, drawn in SVG, and its numbers in a table for those who cannot see it. */
function ChartFigure({
  title,
  children,
  table,
  wide = false,
}: {
  title: string;
  children: ReactNode;
  table: ReactNode;
  /** Across the whole grid (a long series). */
  wide?: boolean;
}) {
  const { t } = useI18n();
  return (
    <figure className={wide ? 'chart wide' : 'chart'}>
      <figcaption>{title}</figcaption>
      {children}
      <details className="chart-data">
        <summary>{t('dashboard.data')}</summary>
        {table}
      </details>
    </figure>
  );
}

export function StatusLegend() {
  const { lang } = useI18n();
  return (
    <ul className="chart-legend">
      {statusOrder.map((status) => (
        <li key={status}>
          <span className="swatch" style={{ background: statusColors[status] }} aria-hidden="true" />
          {statusLabel(status === 'none' ? null : status, lang)}
        </li>
      ))}
    </ul>
  );
}

/** One horizontal bar per row (axis, site), split by status. */
export function StatusBarsChart({
  title,
  rows,
}: {
  title: string;
  rows: Array<{ label: string; counts: StatusCounts; total: number }>;
}) {
  const { lang, t } = useI18n();
  const max = Math.max(1, ...rows.map((row) => row.total));
  const labelWidth = 250;
  const barWidth = 390;
  const rowHeight = 30;
  const height = rows.length * rowHeight + 10;
  const summary = rows.map((row) => `${row.label}: ${row.total}`).join('; ');
  return (
    <ChartFigure
      title={title}
      table={
        <table className="compact">
          <thead>
            <tr>
              <th scope="col"></th>
              {statusOrder.map((status) => (
                <th scope="col" key={status}>
                  {statusLabel(status === 'none' ? null : status, lang)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {statusOrder.map((status) => (
                  <td key={status}>{row.counts[status]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {rows.length === 0 ? (
        <p className="muted">{t('dashboard.noData')}</p>
      ) : (
        <svg
          viewBox={`0 0 ${labelWidth + barWidth + 50} ${height}`}
          role="img"
          aria-label={`${title}. ${summary}`}
          className="chart-svg"
        >
          {rows.map((row, i) => {
            let x = labelWidth;
            const y = i * rowHeight + 5;
            return (
              <g key={row.label}>
                <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
                  {row.label.length > 32 ? `${row.label.slice(0, 30)}…` : row.label}
                  <title>{row.label}</title>
                </text>
                {statusOrder.map((status) => {
                  const count = row.counts[status];
                  if (count === 0) return null;
                  const width = (count / max) * barWidth;
                  const rect = (
                    <rect key={status} x={x} y={y} width={width} height={20} fill={statusColors[status]}>
                      <title>{`${statusLabel(status === 'none' ? null : status, lang)}: ${count}`}</title>
                    </rect>
                  );
                  x += width;
                  return rect;
                })}
                <text x={x + 6} y={y + 15} className="chart-value">
                  {row.total}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </ChartFigure>
  );
}

/** Plain horizontal bars: one value per row (workload per responsible). */
export function BarsChart({ title, rows }: { title: string; rows: Array<{ label: string; value: number }> }) {
  const { t } = useI18n();
  const max = Math.max(1, ...rows.map((row) => row.value));
  const labelWidth = 260;
  const barWidth = 380;
  const rowHeight = 26;
  return (
    <ChartFigure
      title={title}
      table={
        <table className="compact">
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {rows.length === 0 ? (
        <p className="muted">{t('dashboard.noData')}</p>
      ) : (
        <svg
          viewBox={`0 0 ${labelWidth + barWidth + 40} ${rows.length * rowHeight + 6}`}
          role="img"
          aria-label={`${title}. ${rows.map((row) => `${row.label}: ${row.value}`).join('; ')}`}
          className="chart-svg"
        >
          {rows.map((row, i) => (
            <g key={row.label}>
              <text x={labelWidth - 8} y={i * rowHeight + 17} textAnchor="end" className="chart-label">
                {row.label.length > 36 ? `${row.label.slice(0, 34)}…` : row.label}
                <title>{row.label}</title>
              </text>
              <rect
                x={labelWidth}
                y={i * rowHeight + 4}
                width={(row.value / max) * barWidth}
                height={17}
                fill="#2f6fd6"
              />
              <text
                x={labelWidth + (row.value / max) * barWidth + 6}
                y={i * rowHeight + 17}
                className="chart-value"
              >
                {row.value}
              </text>
            </g>
          ))}
        </svg>
      )}
    </ChartFigure>
  );
}

/**
 * Progress over the quadrimesters: per quadrimester, a bar stacked by how many actions had each
 * status at its end (none for those still to come), and a dashed line for how many were due by
 * then. The numbers, with the share due, are in the table.
 */
export function ProgressHistoryChart({
  title,
  total,
  points,
  note,
}: {
  title: string;
  total: number;
  points: HistoryPoint[];
  note: string;
}) {
  const { t, lang } = useI18n();
  // Drawn across the grid, but no wider than its text stays the size of the other charts'.
  const width = 900;
  const height = 260;
  const pad = { left: 44, right: 12, top: 18, bottom: 50 };
  const band = points.length > 0 ? (width - pad.left - pad.right) / points.length : 0;
  const barWidth = Math.min(36, band * 0.64);
  const max = Math.max(1, total);
  const center = (i: number) => pad.left + band * (i + 0.5);
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  // Past a dozen quadrimesters, every other label keeps them readable (the last one always shown).
  const labelEvery = points.length > 12 ? 2 : 1;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const currentIndex = points.findIndex((p) => p.current);
  const termLabel = (p: HistoryPoint) =>
    p.current ? `${p.label} (${t('dashboard.progressToday')})` : p.label;
  const share = (p: HistoryPoint) => (total > 0 ? Math.round((p.due / total) * 100) : 0);
  const closed = (p: HistoryPoint) => (p.counts ? p.counts.done + p.counts.implemented : 0);
  const current = currentIndex >= 0 ? points[currentIndex]! : null;
  const summary = current
    ? t('dashboard.progressSummary', {
        label: current.label,
        closed: closed(current),
        total,
        due: current.due,
      })
    : '';
  const dueLine = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${center(i).toFixed(1)},${y(p.due).toFixed(1)}`)
    .join(' ');
  return (
    <ChartFigure
      title={title}
      wide
      table={
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.progressTerm')}</th>
              {statusOrder.map((status) => (
                <th scope="col" key={status}>
                  {statusLabel(status === 'none' ? null : status, lang)}
                </th>
              ))}
              <th scope="col">{t('dashboard.progressDue')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{termLabel(p)}</th>
                {statusOrder.map((status) => (
                  <td key={status}>{p.counts ? p.counts[status] : '—'}</td>
                ))}
                <td>
                  {p.due} ({share(p)} %)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {points.length === 0 ? (
        <p className="muted">{t('dashboard.noData')}</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${width} ${height}`}
            role="img"
            aria-label={`${title}. ${summary}`}
            className="chart-svg"
          >
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="grid-line" />
                <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-value">
                  {tick}
                </text>
              </g>
            ))}
            {points.map((p, i) => {
              if (!p.counts) return null;
              let top = 0;
              return (
                <g key={p.label}>
                  {statusOrder.map((status) => {
                    const count = p.counts![status];
                    if (count === 0) return null;
                    const rect = (
                      <rect
                        key={status}
                        x={center(i) - barWidth / 2}
                        y={y(top + count)}
                        width={barWidth}
                        height={y(top) - y(top + count)}
                        fill={statusColors[status]}
                      >
                        <title>{`${termLabel(p)} — ${statusLabel(status === 'none' ? null : status, lang)}: ${count}`}</title>
                      </rect>
                    );
                    top += count;
                    return rect;
                  })}
                </g>
              );
            })}
            {currentIndex >= 0 ? (
              <g>
                <line
                  x1={center(currentIndex) + band / 2}
                  x2={center(currentIndex) + band / 2}
                  y1={pad.top - 6}
                  y2={height - pad.bottom}
                  className="today-line"
                />
                <text
                  x={center(currentIndex) + band / 2 + 4}
                  y={pad.top - 6}
                  className="chart-label small"
                  dominantBaseline="hanging"
                >
                  {t('dashboard.progressToday')}
                </text>
              </g>
            ) : null}
            <path d={dueLine} fill="none" stroke="#1b1f24" strokeWidth={2} strokeDasharray="6 4" />
            {points.map((p, i) => (
              <circle key={p.label} cx={center(i)} cy={y(p.due)} r={3} fill="#1b1f24">
                <title>{`${termLabel(p)} — ${t('dashboard.progressDue')}: ${p.due} (${share(p)} %)`}</title>
              </circle>
            ))}
            {points.map((p, i) =>
              (points.length - 1 - i) % labelEvery !== 0 ? null : (
                <text
                  key={p.label}
                  x={center(i)}
                  y={height - pad.bottom + 14}
                  textAnchor="end"
                  transform={`rotate(-35 ${center(i)} ${height - pad.bottom + 14})`}
                  className="chart-label small"
                >
                  {p.label}
                </text>
              ),
            )}
          </svg>
          <ul className="chart-legend">
            <li>
              <span className="swatch dashed" aria-hidden="true" />
              {t('dashboard.progressDue')}
            </li>
          </ul>
          <p className="muted small chart-note">{note}</p>
        </>
      )}
    </ChartFigure>
  );
}

/** A ring showing a share (recommendation coverage), with the figures written inside. */
export function ShareRing({
  title,
  part,
  total,
  text,
}: {
  title: string;
  part: number;
  total: number;
  text: string;
}) {
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const share = total > 0 ? part / total : 0;
  return (
    <figure className="chart ring">
      <figcaption>{title}</figcaption>
      <svg viewBox="0 0 140 140" role="img" aria-label={`${title}: ${text}`} className="ring-svg">
        <circle cx={70} cy={70} r={radius} fill="none" stroke="#e3e6ea" strokeWidth={16} />
        <circle
          cx={70}
          cy={70}
          r={radius}
          fill="none"
          stroke="#0b5d3b"
          strokeWidth={16}
          strokeDasharray={`${(share * circumference).toFixed(1)} ${circumference.toFixed(1)}`}
          transform="rotate(-90 70 70)"
        />
        <text x={70} y={76} textAnchor="middle" className="ring-text">
          {total > 0 ? `${Math.round(share * 100)} %` : '—'}
        </text>
      </svg>
      <p>{text}</p>
    </figure>
  );
}
