import type { AuditEntry, PlanResponse, PlanSummary } from '../../../src/core/api/plans.ts';
import { listActions, type ActionContext } from '../../../src/core/plan-walk.ts';
import { foldText } from '../../../src/core/text.ts';
import { fetchAudit, fetchPlan, fetchPlans } from '../api/jalon-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n, type Translate } from '../i18n/i18n-context.tsx';
import { isMessageKey } from '../i18n/fr.ts';
import { canEditAction } from '../plan/action-permissions.ts';
import { actionDueDate, isActionDueSoon, isActionOverdue, todayIso } from '../plan/action-deadline.ts';
import { Link } from '../router/router.tsx';
import { useMe } from '../session/session-context.tsx';

interface MyAction {
  planId: string;
  context: ActionContext;
}

interface HomeData {
  plans: PlanSummary[];
  mine: MyAction[];
  recent: Array<AuditEntry & { planId: string; planTitle: string }>;
}

/** Plans opened for "my actions" and "recent changes"; enough for a programme's plans. */
const detailedPlans = 5;

export function HomePage() {
  const { t, formatDate } = useI18n();
  const me = useMe();
  const [state, retry] = useAsync(() => loadHome(me.user.name), [me.user.id]);
  const today = todayIso();
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={retry} />;
  const { plans, mine, recent } = state.data;
  const overdue = mine.filter(({ context }) => isActionOverdue(context.action, today));
  const dueSoon = mine.filter(({ context }) => isActionDueSoon(context.action, today));
  return (
    <div className="page home-page">
      <h1>{t('home.welcome', { name: me.user.name })}</h1>
      <section aria-labelledby="my-plans">
        <h2 id="my-plans">{t('home.myPlans')}</h2>
        {plans.length === 0 ? (
          <p>
            {t('home.noPlans')} <Link to="/import">{t('nav.import')}</Link>
          </p>
        ) : (
          <ul className="card-list">
            {plans.map((plan) => (
              <li key={plan.id} className="card">
                <Link to={`/plans/${plan.id}`} className="card-title">
                  {plan.title}
                </Link>
                <p className="muted">
                  {[plan.institution, plan.programme, plan.versionLabel].filter(Boolean).join(' · ')}
                </p>
                <p className="muted">
                  {t('home.actions', { count: plan.actionCount })}
                  {plan.siteCodes.length > 0 ? ` · ${plan.siteCodes.join(', ')}` : ''} ·{' '}
                  {t('home.updated', { date: formatDate(plan.updatedAt) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="two-columns">
        <section aria-labelledby="my-overdue">
          <h2 id="my-overdue">
            {t('home.myActions')} — {t('home.overdue')}
          </h2>
          <ActionList items={overdue} empty={t('home.noneOverdue')} />
        </section>
        <section aria-labelledby="my-due-soon">
          <h2 id="my-due-soon">
            {t('home.myActions')} — {t('home.dueSoon')}
          </h2>
          <ActionList items={dueSoon} empty={t('home.noneDueSoon')} />
        </section>
      </div>
      <section aria-labelledby="recent">
        <h2 id="recent">{t('home.recent')}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t('home.noRecent')}</p>
        ) : (
          <ul className="plain-list">
            {recent.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.at}>{formatDate(entry.at)}</time> — {entry.user?.name ?? '—'} —{' '}
                {describeChange(t, entry.action, entry.objectType)} ·{' '}
                <Link to={`/plans/${entry.planId}`}>{entry.planTitle}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ActionList({ items, empty }: { items: MyAction[]; empty: string }) {
  const { formatDate } = useI18n();
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="plain-list">
      {items.slice(0, 12).map(({ planId, context }) => {
        const due = actionDueDate(context.action);
        const objective = context.objectives[context.objectives.length - 1];
        return (
          <li key={context.action.id}>
            <Link to={`/plans/${planId}#objective-${objective?.id ?? ''}`}>
              {context.action.text || objective?.title}
            </Link>{' '}
            <StatusBadge status={context.action.status} />
            {due ? <span className="muted"> · {formatDate(due)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

async function loadHome(userName: string): Promise<HomeData> {
  const { plans } = await fetchPlans();
  const opened = plans.slice(0, detailedPlans);
  const details = await Promise.all(opened.map((plan) => fetchPlan(plan.id).catch(() => null)));
  const audits = await Promise.all(opened.map((plan) => fetchAudit(plan.id).catch(() => ({ entries: [] }))));
  const mine: MyAction[] = [];
  details.forEach((detail, i) => {
    if (detail)
      for (const context of myActions(detail, userName)) mine.push({ planId: opened[i]!.id, context });
  });
  const recent = audits
    .flatMap((audit, i) =>
      audit.entries.map((entry) => ({ ...entry, planId: opened[i]!.id, planTitle: opened[i]!.title })),
    )
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 10);
  return { plans, mine, recent };
}

/**
 * An action is "mine" when I am named among its responsibles, or when I edit its site (a campus
 * editor follows every action of the campus). A coordinator editing every site sees them all.
 */
function myActions(detail: PlanResponse, userName: string): ActionContext[] {
  const name = foldText(userName);
  const bySite = detail.permissions.editableSites !== 'all' && detail.permissions.editableSites.length > 0;
  return listActions(detail.plan).filter(
    ({ action }) =>
      action.responsibles.some((r) => name.length > 2 && foldText(r).includes(name)) ||
      (bySite && action.sites.length > 0 && canEditAction(detail.permissions, action)) ||
      detail.permissions.editableSites === 'all',
  );
}

/** "a modifié une action": the audit log's verb and object in the interface language. */
function describeChange(t: Translate, action: string, objectType: string): string {
  const verb = `audit.${action}`;
  const object = `object.${objectType}`;
  return [isMessageKey(verb) ? t(verb) : action, isMessageKey(object) ? t(object) : objectType].join(' ');
}
