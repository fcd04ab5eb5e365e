import { useState } from 'react';
import type { PlanResponse, PlanSummary } from '../../../src/core/api/plans.ts';
import { listActions, type ActionContext } from '../../../src/core/plan-walk.ts';
import { foldText } from '../../../src/core/text.ts';
import { fetchPlan, fetchPlanChanges, fetchPlans } from '../api/jalon-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useAsync } from '../components/use-async.ts';
import {
  changeTarget,
  describeChange,
  listNodeIds,
  mergeChangeFeeds,
  type ChangeFeed,
  type RecentChange,
} from '../home/recent-changes.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
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
  feeds: ChangeFeed[];
  /** Ids of every node of each opened plan, to link only to what still exists. */
  nodeIds: Map<string, Set<string>>;
}

/** Plans opened for "my actions" and "recent changes"; enough for a programme's plans. */
const detailedPlans = 5;
/** Changes shown at first, and added by each "older changes". */
const changesShown = 10;

export function HomePage() {
  const { t, formatDate } = useI18n();
  const me = useMe();
  const [state, retry] = useAsync(() => loadHome(me.user.name), [me.user.id]);
  const today = todayIso();
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={retry} />;
  const { plans, mine, feeds, nodeIds } = state.data;
  const overdue = mine.filter(({ context }) => isActionOverdue(context.action, today));
  const dueSoon = mine.filter(({ context }) => isActionDueSoon(context.action, today));
  return (
    <div className="page home-page">
      <h1>{t('home.welcome', { name: me.user.name })}</h1>
      <section aria-labelledby="my-plans">
        <h2 id="my-plans">{t('home.myPlans')}</h2>
        {plans.length === 0 && me.user.role !== 'admin' && me.memberships.length === 0 ? (
          // An account made at a first sign-in no rule covered: nothing to import, an admin to wait for.
          <p role="status">{t('home.waitingForRole')}</p>
        ) : plans.length === 0 ? (
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
      <RecentChanges key={me.user.id} initialFeeds={feeds} nodeIds={nodeIds} />
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
  // Every reader of a plan reads its changes; a plan that fails to answer only misses from the list.
  const feeds = await Promise.all(
    opened.map(async (plan): Promise<ChangeFeed> => {
      const page = await fetchPlanChanges(plan.id, { limit: changesShown }).catch(() => null);
      return {
        planId: plan.id,
        planTitle: plan.title,
        changes: page?.changes ?? [],
        nextBefore: page?.nextBefore ?? null,
      };
    }),
  );
  const mine: MyAction[] = [];
  const nodeIds = new Map<string, Set<string>>();
  details.forEach((detail, i) => {
    if (!detail) return;
    nodeIds.set(opened[i]!.id, listNodeIds(detail.plan));
    for (const context of myActions(detail, userName)) mine.push({ planId: opened[i]!.id, context });
  });
  return { plans, mine, feeds, nodeIds };
}

/**
 * The latest changes of my plans in words — who did what to which object, when — each object
 * linked where the plan still has it; older ones page in on request.
 */
function RecentChanges({
  initialFeeds,
  nodeIds,
}: {
  initialFeeds: ChangeFeed[];
  nodeIds: Map<string, Set<string>>;
}) {
  const { t } = useI18n();
  const [feeds, setFeeds] = useState(initialFeeds);
  const [shown, setShown] = useState(changesShown);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { entries, limitedBy } = mergeChangeFeeds(feeds);
  const canShowMore = entries.length > shown || limitedBy.length > 0;

  const showMore = async () => {
    setPending(true);
    setError(null);
    try {
      let next = feeds;
      // Page back the feeds holding the list back until enough entries are known to be complete.
      for (let round = 0; round < 5; round++) {
        const merged = mergeChangeFeeds(next);
        if (merged.entries.length >= shown + changesShown || merged.limitedBy.length === 0) break;
        const pages = await Promise.all(
          next.map(async (feed) =>
            merged.limitedBy.includes(feed.planId) && feed.nextBefore
              ? { feed, page: await fetchPlanChanges(feed.planId, { limit: 50, before: feed.nextBefore }) }
              : { feed, page: null },
          ),
        );
        next = pages.map(({ feed, page }) =>
          page ? { ...feed, changes: [...feed.changes, ...page.changes], nextBefore: page.nextBefore } : feed,
        );
      }
      setFeeds(next);
      setShown((n) => n + changesShown);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="recent">
      <h2 id="recent">{t('home.recent')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('home.noRecent')}</p>
      ) : (
        <ul className="change-list">
          {entries.slice(0, shown).map((entry) => (
            <ChangeItem key={`${entry.planId}-${entry.id}`} change={entry} nodeIds={nodeIds} />
          ))}
        </ul>
      )}
      <ErrorMessage error={error} />
      {canShowMore ? (
        <button type="button" onClick={() => void showMore()} disabled={pending}>
          {pending ? t('app.loading') : t('home.moreRecent')}
        </button>
      ) : null}
    </section>
  );
}

function ChangeItem({ change, nodeIds }: { change: RecentChange; nodeIds: Map<string, Set<string>> }) {
  const { t, lang, formatDateTime } = useI18n();
  const words = describeChange(t, lang, change);
  const target = changeTarget(change, nodeIds.get(change.planId) ?? null);
  const [before, after] = words.sentence.includes('{object}')
    ? (words.sentence.split('{object}') as [string, string])
    : [words.sentence, ''];
  const label = words.label ? t('change.quoted', { label: words.label }) : null;
  const linked = label && target && change.objectType !== 'plan' ? <Link to={target}>{label}</Link> : label;
  const object = (
    <>
      {words.noun}
      {words.noun && label ? ' ' : ''}
      {linked}
    </>
  );
  return (
    <li>
      <p className="change-sentence">
        {before}
        {object}
        {after}
        {words.fields.length > 0 ? (
          <span className="muted"> — {t('change.fields', { fields: words.fields.join(', ') })}</span>
        ) : null}
      </p>
      <p className="muted small">
        <time dateTime={change.at}>{formatDateTime(change.at)}</time> · {t('home.inPlan')}{' '}
        <Link to={change.objectType === 'plan' && target ? target : `/plans/${change.planId}`}>
          {change.planTitle}
        </Link>
      </p>
    </li>
  );
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
