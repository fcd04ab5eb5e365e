import type { Measure } from '../../../src/core/plan-schema.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** "62 %", "3,5 jours": a value in the interface language with its unit. */
export function formatMeasure(value: number, unit: string | null, lang: 'fr' | 'en'): string {
  const number = new Intl.NumberFormat(lang === 'fr' ? 'fr-BE' : 'en-GB', {
    maximumFractionDigits: 2,
  }).format(value);
  if (!unit) return number;
  return unit === '%' && lang === 'en' ? `${number}%` : `${number} ${unit}`;
}

export interface ChartGeometry {
  points: Array<{ x: number; y: number; date: string; value: number }>;
  targetY: number | null;
  ticks: Array<{ value: number; y: number }>;
}

const width = 560;
const height = 200;
const pad = { left: 64, right: 20, top: 18, bottom: 32 };

/** Round axis bounds and three to six ticks on steps of 1, 2 or 5 (× 10ⁿ): 0, 20, 40, 60, 80. */
export function niceScale(min: number, max: number): { low: number; high: number; ticks: number[] } {
  const range = max - min || Math.abs(max) || 1;
  const rough = range / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((f) => f * magnitude >= rough) ?? 10) * magnitude;
  const low = Math.floor(min / step) * step;
  const high = Math.max(low + step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { low, high, ticks };
}

/**
 * Where each measured value sits: time runs left to right in proportion to the dates, values
 * from zero (or the lowest value, when below zero) to the highest of the values and target.
 */
export function layoutIndicator(measure: Measure): ChartGeometry {
  const values = [...measure.values].sort((a, b) => a.date.localeCompare(b.date));
  const times = values.map((v) => Date.parse(v.date));
  const all = [...values.map((v) => v.value), ...(measure.target === null ? [] : [measure.target])];
  const { low, high, ticks } = niceScale(Math.min(0, ...all), Math.max(...all, 0));
  const first = times[0] ?? 0;
  const span = (times.at(-1) ?? 0) - first;
  const plotWidth = width - pad.left - pad.right;
  const x = (time: number) =>
    span > 0 ? pad.left + ((time - first) / span) * plotWidth : pad.left + plotWidth / 2;
  const y = (value: number) => pad.top + (1 - (value - low) / (high - low)) * (height - pad.top - pad.bottom);
  return {
    points: values.map((v, i) => ({ x: x(times[i]!), y: y(v.value), date: v.date, value: v.value })),
    targetY: measure.target === null ? null : y(measure.target),
    ticks: ticks.map((value) => ({ value, y: y(value) })),
  };
}

/**
 * An indicator's measured values over time as a line, its target as a dashed line; the same
 * numbers are in the table beside it for those who do not see the chart.
 */
export function IndicatorChart({ measure }: { measure: Measure }) {
  const { t, lang, formatDate } = useI18n();
  const geometry = layoutIndicator(measure);
  const show = (value: number) => formatMeasure(value, measure.unit, lang);
  const sorted = [...measure.values].sort((a, b) => a.date.localeCompare(b.date));
  const last = sorted.at(-1);
  const summary = [
    t('indicators.chartSummary', { count: sorted.length, indicator: measure.indicator }),
    last ? t('indicators.latest', { value: show(last.value), date: formatDate(last.date) }) : '',
    measure.target === null ? '' : t('indicators.targetIs', { value: show(measure.target) }),
  ]
    .filter(Boolean)
    .join(' ; ');
  // Past six values, every other date label keeps them from overlapping.
  const labelEvery = geometry.points.length > 6 ? Math.ceil(geometry.points.length / 6) : 1;
  const path = geometry.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} className="indicator-chart">
      {geometry.ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={pad.left} x2={width - pad.right} y1={tick.y} y2={tick.y} className="grid-line" />
          <text x={pad.left - 6} y={tick.y + 4} textAnchor="end" className="chart-value">
            {show(tick.value)}
          </text>
        </g>
      ))}
      {geometry.targetY !== null && measure.target !== null ? (
        <g className="indicator-target">
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={geometry.targetY}
            y2={geometry.targetY}
            strokeDasharray="7 5"
          />
          <text x={width - pad.right} y={geometry.targetY - 5} textAnchor="end" className="chart-label">
            {t('indicators.target')} : {show(measure.target)}
          </text>
        </g>
      ) : null}
      <path d={path} className="indicator-line" fill="none" />
      {geometry.points.map((p, i) => (
        <g key={`${p.date}-${i}`}>
          <circle cx={p.x} cy={p.y} r={4.5} className="indicator-point">
            <title>{`${formatDate(p.date)} : ${show(p.value)}`}</title>
          </circle>
          {(geometry.points.length - 1 - i) % labelEvery === 0 ? (
            <text
              x={p.x}
              y={height - pad.bottom + 18}
              // The first and last dates sit at the plot's edges: written inwards, not cut off.
              textAnchor={
                geometry.points.length > 1 && i === 0
                  ? 'start'
                  : geometry.points.length > 1 && i === geometry.points.length - 1
                    ? 'end'
                    : 'middle'
              }
              className="chart-label small"
            >
              {formatDate(p.date)}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
