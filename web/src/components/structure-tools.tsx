import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Axis, Objective, Subdimension } from '../../../src/core/plan-schema.ts';
import { ApiError } from '../api/api-error.ts';
import {
  createAxis,
  createObjective,
  createSubdimension,
  deleteNode,
  type NodeKind,
} from '../api/jalon-api.ts';
import { useI18n, type Translate } from '../i18n/i18n-context.tsx';
import type { NodeParent } from '../plan/plan-mutations.ts';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import type { StructureTarget } from '../plan/structure-mode.tsx';
import { ErrorMessage } from './error-message.tsx';

/**
 * The plan's structure, shaped on the plan page by those who may edit the plan: add an axis, a
 * sub-dimension or an objective (operational under an objective) where it belongs, or delete one
 * with everything under it. Loaded when "edit the structure" is first switched on.
 */
export function NodeTools({ target }: { target: StructureTarget }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState<AddKind | null>(null);
  if (target.kind === 'plan') {
    return (
      <div className="node-tools plan-end-tools">
        {adding ? (
          <AddNodeForm
            parent={{ kind: 'plan' }}
            kind="axis"
            siblings={target.axes.map((axis) => ({ id: axis.id ?? '', label: nodeLabel(axis) }))}
            onDone={() => setAdding(null)}
          />
        ) : (
          <button type="button" className="small-button" onClick={() => setAdding('axis')}>
            + {t('structure.addAxis')}
          </button>
        )}
      </div>
    );
  }
  const node = nodeOf(target);
  const title = nodeLabel(node);
  const parent: NodeParent = { kind: target.kind, id: node.id ?? '' };
  const adds: Array<{ kind: AddKind; label: string; siblings: Array<Axis | Subdimension | Objective> }> =
    target.kind === 'axis'
      ? [
          {
            kind: 'subdimension',
            label: t('structure.addSubdimension'),
            siblings: target.axis.subdimensions,
          },
          { kind: 'objective', label: t('structure.addObjective'), siblings: target.axis.objectives },
        ]
      : target.kind === 'subdimension'
        ? [
            {
              kind: 'objective',
              label: t('structure.addObjective'),
              siblings: target.subdimension.objectives,
            },
          ]
        : [
            {
              kind: 'objective',
              label: t('structure.addOperational'),
              siblings: target.objective.objectives,
            },
          ];
  const open = adds.find((add) => add.kind === adding);
  return (
    <div className="node-tools">
      <div className="node-tool-buttons">
        {adds.map((add) => (
          <button
            key={add.kind}
            type="button"
            className="small-button"
            aria-expanded={adding === add.kind}
            aria-label={t('structure.underLabel', { what: add.label, title })}
            onClick={() => setAdding(adding === add.kind ? null : add.kind)}
          >
            + {add.label}
          </button>
        ))}
        <DeleteNodeButton kind={target.kind} node={node} />
      </div>
      {open ? (
        <AddNodeForm
          parent={parent}
          kind={open.kind}
          operational={target.kind === 'objective'}
          siblings={open.siblings.map((sibling) => ({ id: sibling.id ?? '', label: nodeLabel(sibling) }))}
          onDone={() => setAdding(null)}
        />
      ) : null}
    </div>
  );
}

type AddKind = NodeKind;

const nodeOf = (target: Exclude<StructureTarget, { kind: 'plan' }>) =>
  target.kind === 'axis'
    ? target.axis
    : target.kind === 'subdimension'
      ? target.subdimension
      : target.objective;

function nodeLabel(node: Axis | Subdimension | Objective): string {
  const number = 'number' in node && node.number ? `${node.number} ` : '';
  const text = `${number}${node.title}`.trim();
  return text.length > 70 ? `${text.slice(0, 68)}…` : text;
}

/** Where a new node's section is, to move the focus there once it is drawn. */
const anchorOf = (kind: NodeKind, id: string) =>
  kind === 'axis' ? `axis-block-${id}` : kind === 'subdimension' ? `sub-block-${id}` : `objective-${id}`;

function focusWhenDrawn(elementId: string, attempts = 20) {
  requestAnimationFrame(() => {
    const element = document.getElementById(elementId);
    if (element) {
      element.scrollIntoView({ block: 'nearest' });
      element.focus({ preventScroll: true });
    } else if (attempts > 0) focusWhenDrawn(elementId, attempts - 1);
  });
}

function AddNodeForm({
  parent,
  kind,
  operational = false,
  siblings,
  onDone,
}: {
  parent: NodeParent;
  kind: AddKind;
  operational?: boolean;
  siblings: Array<{ id: string; label: string }>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const page = usePlanPage();
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [position, setPosition] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const what =
    kind === 'axis'
      ? t('structure.kind.axis')
      : kind === 'subdimension'
        ? t('structure.kind.subdimension')
        : operational
          ? t('structure.kind.operational')
          : t('structure.kind.objective');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    const at = position === '' ? undefined : Number(position);
    const fields = {
      title: title.trim(),
      ...(kind !== 'objective' && number.trim() ? { number: number.trim() } : {}),
    };
    try {
      let id: string;
      if (kind === 'axis') {
        const result = await createAxis(page.planId, fields, at);
        id = result.axis.id ?? '';
        page.edits.addNode(
          parent,
          { kind: 'axis', axis: { ...result.axis, subdimensions: [], objectives: [], actions: [] } },
          result.revision,
          at,
        );
      } else if (kind === 'subdimension' && parent.kind === 'axis') {
        const result = await createSubdimension(parent.id, fields, at);
        id = result.subdimension.id ?? '';
        page.edits.addNode(
          parent,
          { kind: 'subdimension', subdimension: { ...result.subdimension, objectives: [], actions: [] } },
          result.revision,
          at,
        );
      } else if (parent.kind !== 'plan') {
        const result = await createObjective(parent, { title: fields.title }, at);
        id = result.objective.id ?? '';
        page.edits.addNode(
          parent,
          { kind: 'objective', objective: { ...result.objective, objectives: [], actions: [] } },
          result.revision,
          at,
        );
      } else return;
      page.announce(t('structure.added', { title: fields.title }));
      onDone();
      focusWhenDrawn(anchorOf(kind, id));
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onDone();
  };

  return (
    <form
      className="structure-form"
      onSubmit={(e) => void submit(e)}
      onKeyDown={cancelOnEscape}
      aria-label={t('structure.newLabel', { what })}
    >
      {kind !== 'objective' ? (
        <label className="narrow">
          {t('structure.number')}
          <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={20} />
        </label>
      ) : null}
      <label className="wide">
        {t('structure.title', { what })}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required autoFocus />
      </label>
      {siblings.length > 0 ? (
        <label>
          {t('structure.position')}
          <select value={position} onChange={(e) => setPosition(e.target.value)}>
            <option value="">{t('structure.atEnd')}</option>
            {siblings.map((sibling, i) => (
              <option key={sibling.id} value={i}>
                {t('structure.before', { label: sibling.label })}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary small-button" disabled={pending}>
          {pending ? t('action.saving') : t('structure.add', { what })}
        </button>
        <button type="button" className="small-button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

/** What a deletion takes with it, in words: "avec ses 3 objectifs et 12 actions". */
function describeContents(t: Translate, node: Axis | Subdimension | Objective): string {
  let objectives = 0;
  let actions = node.actions.length;
  const visit = (objective: Objective) => {
    objectives++;
    actions += objective.actions.length;
    objective.objectives.forEach(visit);
  };
  node.objectives.forEach(visit);
  if ('subdimensions' in node) {
    for (const sub of node.subdimensions) {
      actions += sub.actions.length;
      sub.objectives.forEach(visit);
    }
  }
  return objectives + actions > 0 ? t('structure.contents', { objectives, actions }) : '';
}

interface NodeConflict {
  revision: number;
  title: string;
}

/** The other person's version of a node carried by a 409, or null when the error is not a conflict. */
function readNodeConflict(error: unknown, kind: NodeKind): NodeConflict | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const current = error.current as Record<string, unknown> | undefined;
  const node = current?.[kind] as { title?: unknown; number?: unknown } | undefined;
  if (!current || typeof current.revision !== 'number') return null;
  const number = typeof node?.number === 'string' && node.number ? `${node.number} ` : '';
  return {
    revision: current.revision,
    title: `${number}${typeof node?.title === 'string' ? node.title : ''}`,
  };
}

function DeleteNodeButton({ kind, node }: { kind: NodeKind; node: Axis | Subdimension | Objective }) {
  const { t } = useI18n();
  const page = usePlanPage();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<NodeConflict | null>(null);
  const id = node.id ?? '';
  const what = t(`change.object.${kind}`);
  const title = nodeLabel(node);

  const remove = async (revision: number) => {
    setPending(true);
    setError(null);
    setConflict(null);
    try {
      await deleteNode(kind, id, revision);
      page.announce(t('structure.deleted', { title }));
      page.edits.dropNode(id);
    } catch (failure) {
      const current = readNodeConflict(failure, kind);
      if (current) setConflict(current);
      else setError(failure);
      setPending(false);
    }
  };

  const ask = () => {
    if (window.confirm(t('structure.deleteConfirm', { what, title, contents: describeContents(t, node) })))
      void remove(page.revisionOf(id));
  };

  return (
    <>
      <button
        type="button"
        className="danger small-button"
        disabled={pending}
        aria-label={t('structure.deleteLabel', { what, title })}
        onClick={ask}
      >
        {t(`structure.delete.${kind}`)}
      </button>
      {conflict ? (
        <div className="conflict" role="alert">
          <p>{t('structure.conflict', { what, title: conflict.title })}</p>
          <div className="button-row">
            <button type="button" className="small-button" onClick={() => void page.edits.reload()}>
              {t('structure.reload')}
            </button>
            <button
              type="button"
              className="danger small-button"
              disabled={pending}
              onClick={() => void remove(conflict.revision)}
            >
              {t('structure.deleteAnyway')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </>
  );
}
