import {
  lazy,
  memo,
  startTransition,
  Suspense,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Axis, Plan } from '../../../src/core/plan-schema.ts';
import { listActions, listObjectives } from '../../../src/core/plan-walk.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { FiltersBar } from '../components/filters-bar.tsx';
import { ActionsTable, objectiveHasVisible, ObjectiveSection } from '../components/objective-section.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { todayIso } from '../plan/action-deadline.ts';
import { emptyFilters, filterActionIds, hasActiveFilters, listResponsibles } from '../plan/filter-actions.ts';
import { PlanPageContext, type PlanPageValue } from '../plan/plan-page-context.tsx';
import { StructureModeContext, StructureSlot } from '../plan/structure-mode.tsx';
import { usePlanDocument } from '../plan/use-plan-document.ts';
import { useVersionBaseline } from '../plan/use-version-baseline.ts';
import { countMarks, listRemoved, type VersionBaseline } from '../plan/version-baseline.ts';
import { Link } from '../router/router.tsx';
import { useMe } from '../session/session-context.tsx';
import { LiveNotice } from '../live/live-notice.tsx';
import { PlanPresenceContext, usePlanLive } from '../live/use-plan-live.ts';

// Editing the plan's own fields is occasional: its form loads on first use.
const PlanFieldsEditor = lazy(() => import('../components/plan-fields-editor.tsx'));

export default function PlanPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const me = useMe();
  const planDocument = usePlanDocument(planId);
  // Someone else's change reads the plan again; an editor open on a row keeps its draft.
  const live = usePlanLive(planId, planDocument.reload);
  const [filters, setFilters] = useState(emptyFilters);
  const deferredFilters = useDeferredValue(filters);
  const [announcement, setAnnouncement] = useState('');
  const [structureOn, setStructureOn] = useState(false);
  const [editingFields, setEditingFields] = useState(false);
  const today = todayIso();
  const data = planDocument.state.kind === 'ready' ? planDocument.state.data : null;
  const baseline = useVersionBaseline(planId, data !== null);

  const contexts = useMemo(() => (data ? listActions(data.plan) : []), [data]);
  const responsibles = useMemo(() => listResponsibles(contexts), [contexts]);
  const visible = useMemo(
    () => (hasActiveFilters(deferredFilters) ? filterActionIds(contexts, deferredFilters, today) : null),
    [contexts, deferredFilters, today],
  );
  // The latest plan and revisions, read when needed, so the context below keeps its identity.
  const latest = useRef(data);
  latest.current = data;
  const revisionOf = useCallback((nodeId: string) => latest.current?.revisions[nodeId] ?? 1, []);
  const listObjectiveOptions = useCallback(
    () =>
      latest.current
        ? listObjectives(latest.current.plan).map(({ objective, parents }) => ({
            id: objective.id ?? '',
            label: `${'— '.repeat(parents.length)}${objective.title.slice(0, 90)}`,
          }))
        : [],
    [],
  );
  const announce = useCallback((message: string) => {
    setAnnouncement('');
    // A fresh text node makes screen readers speak the same message twice in a row.
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);
  const { applyAction, addAction, dropAction, relocateAction, addNode, dropNode, reload } = planDocument;
  const edits = useMemo(
    () => ({ applyAction, addAction, dropAction, relocateAction, addNode, dropNode, reload }),
    [applyAction, addAction, dropAction, relocateAction, addNode, dropNode, reload],
  );
  const sites = data?.plan.sites;
  const columns = data?.plan.columns;
  const permissions = data?.permissions;
  const value = useMemo<PlanPageValue | null>(
    () =>
      sites && columns && permissions
        ? {
            planId,
            sites,
            columns,
            permissions,
            edits,
            revisionOf,
            today,
            userName: me.user.name,
            listObjectiveOptions,
            announce,
            baseline,
          }
        : null,
    [
      planId,
      sites,
      columns,
      permissions,
      edits,
      revisionOf,
      today,
      me.user.name,
      listObjectiveOptions,
      announce,
      baseline,
    ],
  );
  const shownAxes = useProgressiveCount(data?.plan.axes.length ?? 0);
  useScrollToHash(data !== null, shownAxes);

  if (planDocument.state.kind === 'loading' || (planDocument.state.kind === 'ready' && !value))
    return <p role="status">{t('app.loading')}</p>;
  if (planDocument.state.kind === 'error')
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  const { plan, planRevision } = planDocument.state.data;
  const canEditPlan = planDocument.state.data.permissions.canEditPlan;
  return (
    <PlanPageContext.Provider value={value}>
      <PlanPresenceContext.Provider value={live.editors}>
        <StructureModeContext.Provider value={structureOn}>
          <div className="page plan-page">
            <PlanHeader planId={planId} plan={plan} />
            <LiveNotice notice={live.notice} />
            {canEditPlan ? (
              <div className="plan-edit-tools">
                <button
                  type="button"
                  className="small-button"
                  aria-expanded={editingFields}
                  onClick={() => setEditingFields(!editingFields)}
                >
                  {t('planFields.edit')}
                </button>
                <button
                  type="button"
                  className="small-button"
                  aria-pressed={structureOn}
                  onClick={() => setStructureOn(!structureOn)}
                >
                  {t('structure.edit')}
                </button>
              </div>
            ) : null}
            {editingFields ? (
              <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
                <PlanFieldsEditor
                  planId={planId}
                  plan={plan}
                  planRevision={planRevision}
                  onSaved={(fields, revision) => {
                    planDocument.applyPlanFields(fields, revision);
                    announce(t('planFields.saved'));
                  }}
                  onClose={() => setEditingFields(false)}
                />
              </Suspense>
            ) : null}
            <PlanSections plan={plan} />
            {baseline ? <SinceVersion planId={planId} baseline={baseline} plan={plan} /> : null}
            <FiltersBar
              filters={filters}
              onChange={setFilters}
              sites={plan.sites}
              responsibles={responsibles}
              shown={visible ? visible.size : contexts.length}
              total={contexts.length}
            />
            <p className="visually-hidden" role="status" aria-live="polite">
              {announcement}
            </p>
            {visible && visible.size === 0 ? <p className="empty">{t('plan.noMatch')}</p> : null}
            {(visible ? plan.axes : plan.axes.slice(0, shownAxes)).map((axis) => (
              <AxisSection key={axis.id} axis={axis} visible={visible} />
            ))}
            <StructureSlot target={{ kind: 'plan', axes: plan.axes }} />
          </div>
        </StructureModeContext.Provider>
      </PlanPresenceContext.Provider>
    </PlanPageContext.Provider>
  );
}

const AxisSection = memo(function AxisSection({
  axis,
  visible,
}: {
  axis: Axis;
  visible: Set<string> | null;
}) {
  const { t } = useI18n();
  const has =
    !visible ||
    axis.actions.some((a) => visible.has(a.id ?? '')) ||
    axis.objectives.some((o) => objectiveHasVisible(o, visible)) ||
    axis.subdimensions.some(
      (sub) =>
        sub.actions.some((a) => visible.has(a.id ?? '')) ||
        sub.objectives.some((o) => objectiveHasVisible(o, visible)),
    );
  if (!has) return null;
  return (
    <section className="axis" aria-labelledby={`axis-${axis.id}`} id={`axis-block-${axis.id}`} tabIndex={-1}>
      <h2 id={`axis-${axis.id}`}>
        <span className="axis-label">
          {t('plan.axis')} {axis.number ?? ''}
        </span>{' '}
        {axis.title}
      </h2>
      {axis.description ? <p>{axis.description}</p> : null}
      <StructureSlot target={{ kind: 'axis', axis }} />
      {axis.actions.length > 0 || (axis.objectives.length === 0 && axis.subdimensions.length === 0) ? (
        <ActionsTable
          owner={null}
          actions={axis.actions}
          visible={visible}
          title={axis.title}
          parentKind="axis"
          parentId={axis.id}
        />
      ) : null}
      {axis.objectives.map((objective) => (
        <ObjectiveSection key={objective.id} objective={objective} level={3} visible={visible} />
      ))}
      {axis.subdimensions.map((sub) => (
        <section
          key={sub.id}
          className="subdimension"
          aria-labelledby={`sub-${sub.id}`}
          id={`sub-block-${sub.id}`}
          tabIndex={-1}
        >
          <h3 id={`sub-${sub.id}`}>
            {sub.number ? `${sub.number}. ` : ''}
            {sub.title}
          </h3>
          <StructureSlot target={{ kind: 'subdimension', subdimension: sub }} />
          {sub.actions.length > 0 || sub.objectives.length === 0 ? (
            <ActionsTable
              owner={null}
              actions={sub.actions}
              visible={visible}
              title={sub.title}
              parentKind="subdimension"
              parentId={sub.id}
            />
          ) : null}
          {sub.objectives.map((objective) => (
            <ObjectiveSection key={objective.id} objective={objective} level={4} visible={visible} />
          ))}
        </section>
      ))}
    </section>
  );
});

/**
 * What changed since the latest frozen version, in one line, with what the plan no longer has
 * (the rows of removed actions cannot carry a marker) and a link to the full comparison.
 */
function SinceVersion({ planId, baseline, plan }: { planId: string; baseline: VersionBaseline; plan: Plan }) {
  const { t } = useI18n();
  const counts = useMemo(() => countMarks(baseline, plan), [baseline, plan]);
  const removed = useMemo(() => listRemoved(baseline, plan), [baseline, plan]);
  const removedCount = removed.actions.length + removed.objectives.length;
  return (
    <div className="since-version">
      <p>
        {t('since.summary', {
          label: baseline.label,
          added: counts.added,
          changed: counts.changed,
          removed: removed.actions.length,
        })}{' '}
        <Link to={`/plans/${planId}/versions?from=${encodeURIComponent(baseline.versionId)}&to=current`}>
          {t('since.seeDiff')}
        </Link>
      </p>
      {removedCount > 0 ? (
        <details className="removed-since">
          <summary>{t('since.removedTitle', { count: removedCount, label: baseline.label })}</summary>
          <ul className="plain-list">
            {removed.objectives.map((objective) => (
              <li key={objective.id}>
                <span className="badge removed-badge">{t('since.removedObjective')}</span> {objective.title}
              </li>
            ))}
            {removed.actions.map((action) => (
              <li key={action.id} data-action-id={action.id}>
                <span className="badge removed-badge">{t('since.removedAction')}</span>{' '}
                {action.sites.length > 0 ? `${action.sites.join(', ')} : ` : ''}
                {action.text} <span className="muted small">— {action.where}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** The plan's narrative sections (preamble, methodology…), folded by default. */
function PlanSections({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  if (plan.sections.length === 0) return null;
  return (
    <details className="plan-sections">
      <summary>{t('plan.sections')}</summary>
      {plan.sections.map((section, i) => (
        <div key={i} className="plan-section">
          <p className="section-title">{section.title}</p>
          {section.text.split(/\n{2,}/).map((paragraph, j) => (
            <p key={j}>{paragraph}</p>
          ))}
        </div>
      ))}
    </details>
  );
}

/**
 * How many axes to draw: the first at once, the others over the next frames in interruptible
 * transitions, so that a long plan is readable and usable before all of it is drawn.
 */
function useProgressiveCount(total: number): number {
  const [count, setCount] = useState(1);
  useEffect(() => {
    if (count >= total) return;
    // The rest in at most three more steps: fewer commits, each still interruptible.
    const step = Math.max(1, Math.ceil((total - 1) / 3));
    const frame = requestAnimationFrame(() => startTransition(() => setCount((n) => n + step)));
    return () => cancelAnimationFrame(frame);
  }, [count, total]);
  return count;
}

/** Opening /plans/x#objective-y (from the timeline or a home link) scrolls to and focuses it. */
function useScrollToHash(ready: boolean, shownAxes: number) {
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    const hash = window.location.hash.slice(1);
    if (!hash) return;
    const target = document.getElementById(hash);
    if (target) {
      done.current = true;
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }, [ready, shownAxes]);
}
