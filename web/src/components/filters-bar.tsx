import type { Site } from '../../../src/core/plan-schema.ts';
import { statusLabel, statusValues } from '../../../src/core/status.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { emptyFilters, hasActiveFilters, type ActionFilters } from '../plan/filter-actions.ts';

export function FiltersBar({
  filters,
  onChange,
  sites,
  responsibles,
  shown,
  total,
}: {
  filters: ActionFilters;
  onChange: (filters: ActionFilters) => void;
  sites: Site[];
  responsibles: string[];
  shown: number;
  total: number;
}) {
  const { t, lang } = useI18n();
  const set = <K extends keyof ActionFilters>(key: K, value: ActionFilters[K]) =>
    onChange({ ...filters, [key]: value });
  return (
    <div role="search" className="filters" aria-label={t('plan.filters')}>
      <label>
        {t('plan.filter.text')}
        <input type="search" value={filters.text} onChange={(e) => set('text', e.target.value)} />
      </label>
      {sites.length > 1 ? (
        <label>
          {t('plan.filter.site')}
          <select value={filters.site} onChange={(e) => set('site', e.target.value)}>
            <option value="">{t('plan.filter.anySite')}</option>
            {sites.map((site) => (
              <option key={site.code} value={site.code}>
                {site.name && site.name !== site.code ? `${site.code} — ${site.name}` : site.code}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {t('plan.filter.status')}
        <select
          value={filters.status}
          onChange={(e) => set('status', e.target.value as ActionFilters['status'])}
        >
          <option value="">{t('plan.filter.any')}</option>
          {statusValues.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status, lang)}
            </option>
          ))}
          <option value="none">{t('plan.filter.noStatus')}</option>
        </select>
      </label>
      <label>
        {t('plan.filter.responsible')}
        <select value={filters.responsible} onChange={(e) => set('responsible', e.target.value)}>
          <option value="">{t('plan.filter.any')}</option>
          {responsibles.map((name) => (
            <option key={name} value={name}>
              {name.length > 60 ? `${name.slice(0, 57)}…` : name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('plan.filter.priority')}
        <select
          value={filters.priority}
          onChange={(e) => set('priority', e.target.value as ActionFilters['priority'])}
        >
          <option value="">{t('plan.filter.any')}</option>
          <option value="3">★★★</option>
          <option value="2">★★</option>
          <option value="1">★</option>
          <option value="none">{t('plan.filter.noPriority')}</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={filters.overdue} onChange={(e) => set('overdue', e.target.checked)} />
        {t('plan.filter.overdue')}
      </label>
      <p className="filter-count" role="status">
        {t('plan.filter.count', { shown, total })}
      </p>
      {hasActiveFilters(filters) ? (
        <button type="button" onClick={() => onChange(emptyFilters)}>
          {t('plan.filter.reset')}
        </button>
      ) : null}
    </div>
  );
}
