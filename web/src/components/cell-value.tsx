import type { Status } from '../../../src/core/status.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatusBadge } from './status-badge.tsx';

/**
 * One cell of the plan's own column template, whatever the field holds: text, a list, a
 * steering level, stars, sites or a status.
 */
export function CellValue({
  field,
  value,
  statusLabel,
}: {
  field: string;
  value: unknown;
  statusLabel?: string | null;
}) {
  const { t } = useI18n();
  if (field === 'status')
    return <StatusBadge status={(value as Status | null) ?? null} label={statusLabel} />;
  if (field === 'priority') {
    if (typeof value !== 'number') return null;
    return (
      <span className="stars" role="img" aria-label={t('plan.priorityOf', { n: value })}>
        {'★'.repeat(value)}
        <span className="stars-empty">{'☆'.repeat(3 - value)}</span>
      </span>
    );
  }
  if (field === 'sites') {
    const sites = (value as string[] | null) ?? [];
    return sites.length === 0 ? (
      <span className="muted">{t('plan.commonToAllSites')}</span>
    ) : (
      <span className="site-tags">
        {sites.map((site) => (
          <span key={site} className="site-tag">
            {site}
          </span>
        ))}
      </span>
    );
  }
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const items = value.filter((item) => String(item).trim() !== '');
    if (items.length === 0) return null;
    if (items.length === 1) return <>{String(items[0])}</>;
    return (
      <ul className="cell-list">
        {items.map((item, i) => (
          <li key={i}>{String(item)}</li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object' && 'label' in value)
    return <>{String((value as { label: unknown }).label)}</>;
  if (typeof value === 'object' && 'from' in value) {
    const period = value as { from: string | null; to: string | null };
    return <>{[period.from, period.to].filter(Boolean).join(' → ')}</>;
  }
  return <>{String(value)}</>;
}
