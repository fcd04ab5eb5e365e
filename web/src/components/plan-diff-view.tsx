import type { ReactNode } from 'react';
import type { DiffResponse } from '../../../src/core/api/follow-up.ts';
import { statusSchema } from '../../../src/core/status.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { showValue } from '../versions/diff-model.ts';
import { fieldLabel } from './field-label.ts';
import { StatusBadge } from './status-badge.tsx';

type Diff = DiffResponse['diff'];
type DiffedAction = Diff['actions']['added'][number];

/**
 * What changed between two states of a plan: a summary, then status changes (then → now), added
 * and removed actions, actions changed field by field, and the objectives. Actions still in the
 * living plan link to their row.
 */
export function PlanDiffView({
  planId,
  diff,
  linkToCurrent,
}: {
  planId: string;
  diff: Diff;
  /** Whether the "after" side is the living plan, so that its actions can be linked. */
  linkToCurrent: boolean;
}) {
  const { t } = useI18n();
  const { actions, objectives } = diff;
  const nothing =
    actions.added.length +
      actions.removed.length +
      actions.statusChanges.length +
      actions.changed.length +
      objectives.added.length +
      objectives.removed.length +
      objectives.changed.length ===
    0;
  const actionText = (action: DiffedAction) => (
    <>
      {action.sites.length > 0 ? <span className="site-tag">{action.sites.join(', ')}</span> : null}{' '}
      {linkToCurrent && action.id ? (
        <Link to={`/plans/${planId}#action-${action.id}`}>{action.text || '—'}</Link>
      ) : (
        action.text || '—'
      )}
      <span className="muted small diff-where">
        {' '}
        — {action.axis}
        {action.objective && action.objective !== action.axis ? ` › ${action.objective}` : ''}
      </span>
    </>
  );
  return (
    <div className="plan-diff">
      <p className="diff-summary">
        {t('diff.summary', {
          added: actions.added.length,
          removed: actions.removed.length,
          status: actions.statusChanges.length,
          changed: actions.changed.length,
          unchanged: actions.unchanged,
        })}{' '}
        {t('diff.summaryObjectives', {
          added: objectives.added.length,
          removed: objectives.removed.length,
          changed: objectives.changed.length,
        })}
      </p>
      {nothing ? <p className="muted">{t('diff.nothing')}</p> : null}

      {actions.statusChanges.length > 0 ? (
        <section aria-labelledby="diff-status">
          <h3 id="diff-status">{t('diff.statusChanges')}</h3>
          <div className="table-scroll">
            <table className="compact diff-status-table">
              <thead>
                <tr>
                  <th scope="col">{t('diff.action')}</th>
                  <th scope="col">{t('diff.then')}</th>
                  <th scope="col">{t('diff.now')}</th>
                </tr>
              </thead>
              <tbody>
                {actions.statusChanges.map((change, i) => (
                  <tr key={change.id ?? i} data-action-id={change.id}>
                    <td>{actionText(change)}</td>
                    <td>
                      <StatusBadge status={change.from} label={change.fromLabel} />
                    </td>
                    <td>
                      <span className="visually-hidden">→ </span>
                      <StatusBadge status={change.to} label={change.toLabel} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <ActionList id="diff-added" title={t('diff.addedActions')} items={actions.added} show={actionText} />
      <ActionList
        id="diff-removed"
        title={t('diff.removedActions')}
        items={actions.removed}
        show={(action) => (
          <>
            {action.sites.length > 0 ? <span className="site-tag">{action.sites.join(', ')}</span> : null}{' '}
            {action.text || '—'}
            <span className="muted small"> — {action.objective ?? action.axis}</span>
          </>
        )}
      />

      {actions.changed.length > 0 ? (
        <section aria-labelledby="diff-changed">
          <h3 id="diff-changed">{t('diff.changedActions')}</h3>
          {actions.changed.map((action, i) => (
            <div key={action.id ?? i} className="diff-item" data-action-id={action.id}>
              <p className="diff-item-title">{actionText(action)}</p>
              <FieldChanges changes={action.changes} kind="action" />
            </div>
          ))}
        </section>
      ) : null}

      {objectives.added.length + objectives.removed.length + objectives.changed.length > 0 ? (
        <section aria-labelledby="diff-objectives">
          <h3 id="diff-objectives">{t('diff.objectives')}</h3>
          {objectives.added.length > 0 ? (
            <>
              <h4>{t('diff.addedObjectives')}</h4>
              <ul className="plain-list">
                {objectives.added.map((o, i) => (
                  <li key={o.id ?? i}>{o.title}</li>
                ))}
              </ul>
            </>
          ) : null}
          {objectives.removed.length > 0 ? (
            <>
              <h4>{t('diff.removedObjectives')}</h4>
              <ul className="plain-list">
                {objectives.removed.map((o, i) => (
                  <li key={o.id ?? i}>{o.title}</li>
                ))}
              </ul>
            </>
          ) : null}
          {objectives.changed.length > 0 ? (
            <>
              <h4>{t('diff.changedObjectives')}</h4>
              {objectives.changed.map((o, i) => (
                <div key={o.id ?? i} className="diff-item">
                  <p className="diff-item-title">{o.title}</p>
                  <FieldChanges changes={o.changes} kind="objective" />
                </div>
              ))}
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function ActionList({
  id,
  title,
  items,
  show,
}: {
  id: string;
  title: string;
  items: DiffedAction[];
  show: (action: DiffedAction) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{`${title} (${items.length})`}</h3>
      <ul className="plain-list">
        {items.map((action, i) => (
          <li key={action.id ?? i} data-action-id={action.id}>
            {show(action)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Field by field: its name in words, before, after. */
function FieldChanges({
  changes,
  kind,
}: {
  changes: Array<{ field: string; before?: unknown; after?: unknown }>;
  kind: 'action' | 'objective';
}) {
  const { t } = useI18n();
  const show = (field: string, value: unknown) => {
    if (field === 'status') {
      const status = statusSchema.nullable().safeParse(value ?? null);
      if (status.success) return <StatusBadge status={status.data} />;
    }
    return <span className="diff-value">{showValue(value)}</span>;
  };
  return (
    <table className="compact diff-fields">
      <thead>
        <tr>
          <th scope="col">{t('diff.field')}</th>
          <th scope="col">{t('diff.before')}</th>
          <th scope="col">{t('diff.after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field}>
            <th scope="row">{fieldLabel(t, change.field, kind)}</th>
            <td className="diff-before">{show(change.field, change.before)}</td>
            <td className="diff-after">{show(change.field, change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
