import type { Plan } from '../../../src/core/plan-schema.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link, useLocationPath } from '../router/router.tsx';
import { ExportMenu } from './export-menu.tsx';

/** The plan's title, its views as tabs-like links, and the export menu. */
export function PlanHeader({ planId, plan }: { planId: string; plan: Plan }) {
  const { t } = useI18n();
  const path = useLocationPath().split(/[?#]/)[0];
  const views = [
    { to: `/plans/${planId}`, label: t('nav.plan') },
    { to: `/plans/${planId}/timeline`, label: t('nav.timeline') },
    { to: `/plans/${planId}/dashboard`, label: t('nav.dashboard') },
    { to: `/plans/${planId}/recommendations`, label: t('nav.recommendations') },
    { to: `/plans/${planId}/versions`, label: t('nav.versions') },
    { to: `/plans/${planId}/reminders`, label: t('nav.reminders') },
  ];
  return (
    <header className="plan-header">
      <div className="plan-heading">
        <h1>{plan.title}</h1>
        <p className="muted">
          {[plan.institution, plan.department, plan.programme, plan.version.label]
            .filter(Boolean)
            .join(' · ')}
          {plan.sites.length > 0 ? ` · ${t('plan.sites')} : ${plan.sites.map((s) => s.code).join(', ')}` : ''}
        </p>
      </div>
      <div className="plan-tools">
        <nav aria-label={t('nav.planSections')}>
          <ul className="view-tabs">
            {views.map((view) => (
              <li key={view.to}>
                <Link to={view.to} aria-current={path === view.to ? 'page' : undefined}>
                  {view.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <ExportMenu planId={planId} />
      </div>
    </header>
  );
}
