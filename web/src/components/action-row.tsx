import { lazy, memo, Suspense, useState } from 'react';
import type { Action, Column } from '../../../src/core/plan-schema.ts';
import { deleteAction, moveAction } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { isActionOverdue } from '../plan/action-deadline.ts';
import { canChangeStatus, canEditAction } from '../plan/action-permissions.ts';
import { fieldOf, readActionCell } from '../plan/plan-columns.ts';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import { markAction } from '../plan/version-baseline.ts';
import { useEditorsOf } from '../live/use-plan-live.ts';
import { fieldLabel } from './field-label.ts';
import { ActionEditor } from './action-editor.tsx';
import { ActionHistory } from './action-history.tsx';
import { CellValue } from './cell-value.tsx';
import { ErrorMessage } from './error-message.tsx';
import { StatusForm } from './status-form.tsx';

type Mode = 'view' | 'edit' | 'status' | 'history' | 'indicators' | 'evidence' | 'move';

// Indicators and evidence are opened now and then: their code loads on first use.
const IndicatorsPanel = lazy(() => import('./indicators-panel.tsx'));
const EvidencePanel = lazy(() => import('./evidence-panel.tsx'));

/** One action as a table row in the plan's own columns, with its tools and an inline panel. */
export const ActionRow = memo(function ActionRow({
  action,
  columns,
  ownerId,
}: {
  action: Action;
  columns: Column[];
  ownerId: string;
}) {
  const { t } = useI18n();
  const page = usePlanPage();
  const [mode, setMode] = useState<Mode>('view');
  const [error, setError] = useState<unknown>(null);
  const editable = canEditAction(page.permissions, action);
  const statusChangeable = canChangeStatus(page.permissions, action, page.userName);
  const overdue = isActionOverdue(action, page.today);
  const actionId = action.id ?? '';
  const editingBy = useEditorsOf(actionId);
  // Local actions were written "LLN : …" in the source; the site shows as a tag before the text.
  const showSites = page.sites.length > 1 && !columns.some((column) => fieldOf(column.key) === 'sites');
  const toggle = (next: Mode) => setMode(mode === next ? 'view' : next);

  const remove = async () => {
    if (!window.confirm(t('action.deleteConfirm'))) return;
    try {
      await deleteAction(actionId, page.revisionOf(actionId));
      page.edits.dropAction(actionId);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <tr
        id={`action-${actionId}`}
        className={`action-row${editable ? '' : ' read-only'}${overdue ? ' overdue' : ''}${editingBy.length > 0 ? ' being-edited' : ''}`}
        data-sites={action.sites.join(' ')}
      >
        {columns.map((column) => {
          const field = fieldOf(column.key);
          return (
            <td
              key={column.key}
              data-label={column.label}
              className={`cell-${field.replace(/[^a-z]/gi, '')}`}
            >
              {field === 'text' && showSites && action.sites.length > 0 ? (
                <span className="site-tags action-sites">
                  {action.sites.map((site) => (
                    <span key={site} className="site-tag">
                      {site}
                    </span>
                  ))}
                </span>
              ) : null}
              <CellValue
                field={field}
                value={readActionCell(action, column.key)}
                statusLabel={action.statusLabel}
              />
              {field === 'text' &&
              action.kind === 'step' &&
              action.deadline &&
              !columns.some((c) => fieldOf(c.key) === 'deadline') ? (
                <span className="muted"> ({action.deadline})</span>
              ) : null}
              {field === 'text' ? <SinceMark action={action} /> : null}
              {field === 'text' && editingBy.length > 0 ? (
                <span className="badge presence-badge">
                  {t('live.editing', { name: editingBy.join(', ') })}
                </span>
              ) : null}
              {field === 'status' && overdue ? (
                <span className="badge overdue-badge">{t('plan.overdue')}</span>
              ) : null}
            </td>
          );
        })}
        <td className="row-tools">
          {statusChangeable ? (
            <button type="button" onClick={() => toggle('status')} aria-expanded={mode === 'status'}>
              {t('action.changeStatus')}
            </button>
          ) : null}
          {editable ? (
            <button
              type="button"
              onClick={() => toggle('edit')}
              aria-expanded={mode === 'edit'}
              aria-label={t('action.editLabel', { text: action.text.slice(0, 60) })}
            >
              {t('action.edit')}
            </button>
          ) : (
            <span className="badge read-only-badge" title={t('plan.readOnlyHint')}>
              {t('plan.readOnly')}
            </span>
          )}
          <button type="button" onClick={() => toggle('history')} aria-expanded={mode === 'history'}>
            {mode === 'history' ? t('action.hideHistory') : t('action.history')}
          </button>
          <button type="button" onClick={() => toggle('indicators')} aria-expanded={mode === 'indicators'}>
            {t('action.indicators')}
          </button>
          <button type="button" onClick={() => toggle('evidence')} aria-expanded={mode === 'evidence'}>
            {t('action.evidence')}
          </button>
          {page.permissions.canEditPlan ? (
            <button type="button" onClick={() => toggle('move')} aria-expanded={mode === 'move'}>
              {t('action.move')}
            </button>
          ) : null}
          {editable ? (
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('action.delete')}
            </button>
          ) : null}
        </td>
      </tr>
      {mode !== 'view' || error ? (
        <tr className="action-panel">
          <td colSpan={columns.length + 1}>
            <ErrorMessage error={error} />
            {mode === 'edit' ? <ActionEditor action={action} onDone={() => setMode('view')} /> : null}
            {mode === 'status' ? <StatusForm action={action} onDone={() => setMode('view')} /> : null}
            {mode === 'history' ? <ActionHistory actionId={actionId} canComment={statusChangeable} /> : null}
            {mode === 'indicators' || mode === 'evidence' ? (
              <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
                {mode === 'indicators' ? (
                  <IndicatorsPanel action={action} canMeasure={statusChangeable} />
                ) : (
                  <EvidencePanel actionId={actionId} canAttach={statusChangeable} />
                )}
              </Suspense>
            ) : null}
            {mode === 'move' ? (
              <MoveForm action={action} ownerId={ownerId} onDone={() => setMode('view')} />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
});

/** "New / changed since <the latest version>", with the changed fields in words. */
function SinceMark({ action }: { action: Action }) {
  const { t } = useI18n();
  const { baseline } = usePlanPage();
  const mark = markAction(baseline, action);
  if (!mark || !baseline) return null;
  if (mark.kind === 'new') {
    return (
      <span className="since-mark">
        <span className="badge since-new-badge">{t('since.newAction', { label: baseline.label })}</span>
      </span>
    );
  }
  return (
    <span className="since-mark">
      <span className="badge since-changed-badge">{t('since.changedAction', { label: baseline.label })}</span>{' '}
      <span className="muted small">({mark.fields.map((field) => fieldLabel(t, field)).join(', ')})</span>
    </span>
  );
}

function MoveForm({ action, ownerId, onDone }: { action: Action; ownerId: string; onDone: () => void }) {
  const { t } = useI18n();
  const page = usePlanPage();
  const [options] = useState(() => page.listObjectiveOptions());
  const [target, setTarget] = useState(ownerId);
  const [position, setPosition] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const actionId = action.id ?? '';
  const submit = async () => {
    try {
      const result = await moveAction(actionId, target, position, page.revisionOf(actionId));
      page.edits.relocateAction(result.action, result.revision, target, position);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form
      className="move-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('action.moveTo')}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('action.position')}
        <input
          type="number"
          min={1}
          value={position + 1}
          onChange={(e) => setPosition(Math.max(0, Number(e.target.value) - 1))}
        />
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary">
          {t('action.move')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
