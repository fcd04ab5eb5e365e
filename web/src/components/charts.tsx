import type { ReactNode } from 'react';
import { statusLabel, type Status } from '../../../src/core/status.ts';
import type { StatusCounts } from '../../../src/core/plan-stats.ts';
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
function ChartFigure({ title, children, table }: { title: string; children: ReactNode; table: ReactNode }) {
  const { t } = useI18n();
  return (
    <figure className="chart">
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

/** Two series over quadrimesters: actions due so far, and those of them closed. */
export function ProgressChart({
  title,
  points,
  dueLabel,
  closedLabel,
  todayIndex,
}: {
  title: string;
  points: Array<{ label: string; due: number; closed: number }>;
  dueLabel: string;
  closedLabel: string;
  todayIndex: number | null;
}) {
  const { t } = useI18n();
  const width = 660;
  const height = 240;
  const pad = { left: 60, right: 12, top: 12, bottom: 50 };
  // Past a dozen quadrimesters, every other label keeps them readable.
  const labelEvery = points.length > 12 ? 2 : 1;
  const max = Math.max(1, ...points.map((p) => p.due));
  const step = points.length > 1 ? (width - pad.left - pad.right) / (points.length - 1) : 0;
  const x = (i: number) => pad.left + i * step;
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const line = (key: 'due' | 'closed') =>
    points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const ticks = [0, Math.round(max / 2), max];
  return (
    <ChartFigure
      title={title}
      table={
        <table className="compact">
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">{dueLabel}</th>
              <th scope="col">{closedLabel}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td>{p.due}</td>
                <td>{p.closed}</td>
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
          <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="chart-svg">
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="grid-line" />
                <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-value">
                  {tick}
                </text>
              </g>
            ))}
            {todayIndex !== null ? (
              <line
                x1={x(todayIndex)}
                x2={x(todayIndex)}
                y1={pad.top}
                y2={height - pad.bottom}
                className="today-line"
              />
            ) : null}
            <path d={line('due')} fill="none" stroke="#5b5f66" strokeWidth={2} strokeDasharray="6 4" />
            <path d={line('closed')} fill="none" stroke="#2e9d57" strokeWidth={3} />
            {points.map((p, i) =>
              (points.length - 1 - i) % labelEvery !== 0 ? null : (
                <text
                  key={p.label}
                  x={x(i)}
                  y={height - pad.bottom + 16}
                  textAnchor="end"
                  transform={`rotate(-35 ${x(i)} ${height - pad.bottom + 16})`}
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
              {dueLabel}
            </li>
            <li>
              <span className="swatch" style={{ background: '#2e9d57' }} aria-hidden="true" />
              {closedLabel}
            </li>
          </ul>
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
