import { memo, useMemo, useState, type FormEvent } from 'react';
import type { Action, Objective } from '../../../src/core/plan-schema.ts';
import { createAction, type ActionParentKind } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { canAddActions } from '../plan/action-permissions.ts';
import { fieldOf, isEmptyValue, readObjectiveCell, resolveColumns } from '../plan/plan-columns.ts';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import { StructureSlot } from '../plan/structure-mode.tsx';
import { isNewObjective } from '../plan/version-baseline.ts';
import { ActionRow } from './action-row.tsx';
import { CellValue } from './cell-value.tsx';
import { ErrorMessage } from './error-message.tsx';

type HeadingLevel = 2 | 3 | 4 | 5 | 6;

/** Whether an objective or any objective under it shows an action under the active filters. */
export function objectiveHasVisible(objective: Objective, visible: Set<string> | null): boolean {
  if (!visible) return true;
  return (
    objective.actions.some((action) => visible.has(action.id ?? '')) ||
    objective.objectives.some((child) => objectiveHasVisible(child, visible))
  );
}

/** An objective with its details, its actions and its operational objectives; redrawn only when it changed. */
export const ObjectiveSection = memo(function ObjectiveSection({
  objective,
  level,
  visible,
}: {
  objective: Objective;
  level: HeadingLevel;
  /** Ids of the actions that pass the filters; null when no filter is active. */
  visible: Set<string> | null;
}) {
  const { t } = useI18n();
  const page = usePlanPage();
  if (!objectiveHasVisible(objective, visible)) return null;
  const Heading = `h${level}` as const;
  const { objectiveColumns } = resolveColumns(page.columns, objective, objective.actions);
  const details = objectiveColumns
    .map((column) => ({ column, value: readObjectiveCell(objective, column.key) }))
    .filter(({ value }) => !isEmptyValue(value));
  return (
    <section
      className={`objective${objective.isNew ? ' is-new' : ''}`}
      id={`objective-${objective.id}`}
      aria-labelledby={`objective-title-${objective.id}`}
      tabIndex={-1}
    >
      <Heading id={`objective-title-${objective.id}`} className="objective-title">
        {objective.title}
        {objective.isNew ? (
          <span className="badge new-badge" title={t('plan.newSinceUpdateLong')}>
            {t('plan.newSinceUpdate')}
          </span>
        ) : null}
        {page.baseline && isNewObjective(page.baseline, objective) ? (
          <span className="badge since-new-badge">
            {t('since.newObjective', { label: page.baseline.label })}
          </span>
        ) : null}
      </Heading>
      <StructureSlot target={{ kind: 'objective', objective }} />
      {details.length > 0 || objective.completionNote ? (
        <dl className="objective-details">
          {details.map(({ column, value }) => (
            <div key={column.key}>
              <dt>{column.label}</dt>
              <dd>
                <CellValue field={fieldOf(column.key)} value={value} />
              </dd>
            </div>
          ))}
          {objective.completionNote ? (
            <div>
              <dt>{t('plan.filter.status')}</dt>
              <dd>{objective.completionNote}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <ActionsTable
        owner={objective}
        actions={objective.actions}
        visible={visible}
        title={objective.title}
        // A general objective that only groups operational objectives gets its actions through them.
        parentId={
          objective.objectives.length === 0 || objective.actions.length > 0 ? objective.id : undefined
        }
        parentKind="objective"
      />
      {objective.objectives.map((child) => (
        <ObjectiveSection
          key={child.id}
          objective={child}
          level={Math.min(6, level + 1) as HeadingLevel}
          visible={visible}
        />
      ))}
    </section>
  );
});

/**
 * The actions of an objective (or straight under an axis or a sub-dimension) in the plan's own
 * columns; new actions are added under `parentId` when given.
 */
export const ActionsTable = memo(function ActionsTable({
  owner,
  actions,
  visible,
  title,
  parentKind,
  parentId,
}: {
  owner: Objective | null;
  actions: Action[];
  visible: Set<string> | null;
  /** The title of what holds the actions, for the table's caption. */
  title: string;
  parentKind: ActionParentKind;
  parentId: string | undefined;
}) {
  const { t } = useI18n();
  const page = usePlanPage();
  const [adding, setAdding] = useState(false);
  const shown = visible ? actions.filter((action) => visible.has(action.id ?? '')) : actions;
  // Same columns object while the actions are unchanged, so unchanged rows skip re-rendering.
  const { actionColumns } = useMemo(
    () => resolveColumns(page.columns, owner, actions),
    [page.columns, owner, actions],
  );
  const canAdd = parentId !== undefined && canAddActions(page.permissions);
  if (shown.length === 0 && !canAdd) return null;
  return (
    <div className="actions-block">
      {shown.length > 0 ? (
        <div className="table-scroll">
          <table className="actions-table">
            <caption className="visually-hidden">
              {t('plan.actions')} — {title}
            </caption>
            <thead>
              <tr>
                {actionColumns.map((column) => (
                  <th key={column.key} scope="col">
                    {column.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('action.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((action) => (
                <ActionRow
                  key={action.id}
                  action={action}
                  columns={actionColumns}
                  ownerId={parentId ?? owner?.id ?? ''}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canAdd && !visible ? (
        adding ? (
          <AddActionForm parent={{ kind: parentKind, id: parentId }} onDone={() => setAdding(false)} />
        ) : (
          <button type="button" className="add-button" onClick={() => setAdding(true)}>
            + {t('action.add')}
          </button>
        )
      ) : null}
    </div>
  );
});

function AddActionForm({
  parent,
  onDone,
}: {
  parent: { kind: ActionParentKind; id: string };
  onDone: () => void;
}) {
  const { t } = useI18n();
  const page = usePlanPage();
  const editable = page.permissions.editableSites;
  const ownSites = editable === 'all' ? [] : editable;
  const [text, setText] = useState('');
  const [sites, setSites] = useState<string[]>(page.permissions.canEditPlan ? [] : ownSites.slice(0, 1));
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    try {
      const result = await createAction(parent, { text: text.trim(), sites });
      page.edits.addAction(parent.id, result.action, result.revision);
      onDone();
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };
  return (
    <form className="action-editor" onSubmit={(e) => void submit(e)} aria-label={t('action.new')}>
      <label className="wide">
        {t('action.field.text')}
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} required autoFocus />
      </label>
      {page.sites.length > 1 ? (
        <fieldset>
          <legend>{t('action.field.sites')}</legend>
          {page.sites.map((site) => (
            <label key={site.code} className="checkbox">
              <input
                type="checkbox"
                checked={sites.includes(site.code)}
                disabled={
                  !page.permissions.canEditPlan && editable !== 'all' && !editable.includes(site.code)
                }
                onChange={(e) =>
                  setSites(e.target.checked ? [...sites, site.code] : sites.filter((s) => s !== site.code))
                }
              />
              {site.code}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('action.saving') : t('action.add')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
