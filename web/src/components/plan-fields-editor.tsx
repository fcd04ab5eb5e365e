import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PlanChanges } from '../../../src/core/api/plans.ts';
import type { Plan, Section } from '../../../src/core/plan-schema.ts';
import { ApiError } from '../api/api-error.ts';
import { updatePlanFields } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { sameValue } from '../../../src/core/same-value.ts';
import { ConflictTable } from './conflict-notice.tsx';
import { ErrorMessage } from './error-message.tsx';

export type PlanFields = Omit<Plan, 'axes'>;

/** The plan's own fields this form edits. */
const editedKeys = [
  'title',
  'institution',
  'department',
  'programme',
  'version',
  'period',
  'sections',
] as const;
type EditedKey = (typeof editedKeys)[number];

interface Draft {
  title: string;
  institution: string;
  department: string;
  programme: string;
  versionLabel: string;
  versionDate: string;
  periodFrom: string;
  periodTo: string;
  sections: Section[];
}

const toDraft = (plan: PlanFields): Draft => ({
  title: plan.title,
  institution: plan.institution ?? '',
  department: plan.department ?? '',
  programme: plan.programme ?? '',
  versionLabel: plan.version.label ?? '',
  versionDate: plan.version.date ?? '',
  periodFrom: plan.period?.from ?? '',
  periodTo: plan.period?.to ?? '',
  sections: plan.sections,
});

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** Only the fields the user changed, so that a save never overwrites someone else's other fields. */
export function diffPlanDraft(plan: PlanFields, draft: Draft): PlanChanges {
  const from = orNull(draft.periodFrom);
  const to = orNull(draft.periodTo);
  const next: Pick<PlanFields, EditedKey> = {
    title: draft.title.trim(),
    institution: orNull(draft.institution),
    department: orNull(draft.department),
    programme: orNull(draft.programme),
    version: { ...plan.version, label: orNull(draft.versionLabel), date: orNull(draft.versionDate) },
    // Both emptied: no period, unless the plan already held an empty one.
    period: from || to ? { from, to } : plan.period?.from || plan.period?.to ? null : plan.period,
    sections: draft.sections
      .map((section) => ({ ...section, title: section.title.trim(), text: section.text.trim() }))
      .filter((section) => section.title !== '' || section.text !== ''),
  };
  const changes: Record<string, unknown> = {};
  for (const key of editedKeys) if (!sameValue(next[key], plan[key])) changes[key] = next[key];
  return changes as PlanChanges;
}

interface PlanConflict {
  current: PlanFields;
  revision: number;
  /** The fields the other person changed. */
  theirs: EditedKey[];
  mine: PlanChanges;
}

/**
 * The plan's own fields — title, institution, programme, version, period, its presentation
 * sections — sent with the plan revision read. That revision moves with every write anywhere in
 * the plan: when the fields this form edits are as they were read, the save goes through again
 * at once; when someone changed them, both versions are shown, field by field.
 */
export default function PlanFieldsEditor({
  planId,
  plan,
  planRevision,
  onSaved,
  onClose,
}: {
  planId: string;
  plan: PlanFields;
  planRevision: number | undefined;
  onSaved: (fields: PlanFields, revision: number) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [original] = useState(plan);
  const [draft, setDraft] = useState<Draft>(() => toDraft(plan));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<PlanConflict | null>(null);

  const save = async (revision: number, changes: PlanChanges, retried = false): Promise<void> => {
    if (Object.keys(changes).length === 0) return onClose();
    setPending(true);
    setError(null);
    try {
      const result = await updatePlanFields(planId, revision, changes);
      onSaved(result.plan, result.revision);
      onClose();
    } catch (failure) {
      const current = readPlanConflict(failure);
      if (!current) {
        setError(failure);
      } else {
        const theirs = editedKeys.filter((key) => !sameValue(current.plan[key], original[key]));
        // Only the revision moved (an action, a comment…): nothing of theirs would be overwritten.
        if (theirs.length === 0 && !retried) return save(current.revision, changes, true);
        setConflict({ current: current.plan, revision: current.revision, theirs, mine: changes });
      }
    } finally {
      setPending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(planRevision ?? 1, diffPlanDraft(original, draft));
  };
  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
  };

  if (conflict) {
    const fields = [...new Set([...conflict.theirs, ...(Object.keys(conflict.mine) as EditedKey[])])];
    return (
      <ConflictTable
        className="plan-fields-conflict"
        title={t('planFields.conflict')}
        rows={fields.map((key) => ({
          key,
          label: t(`planFields.label.${key}`),
          theirs: describeValue(key, conflict.current[key]),
          ...(key in conflict.mine
            ? { mine: describeValue(key, conflict.mine[key as keyof PlanChanges]) }
            : {}),
        }))}
        pending={pending}
        onReload={() => {
          onSaved(conflict.current, conflict.revision);
          onClose();
        }}
        onReapply={() => {
          const { mine, revision } = conflict;
          setConflict(null);
          void save(revision, mine, true);
        }}
      />
    );
  }

  const text = (key: Exclude<keyof Draft, 'sections'>, label: string, required = false) => (
    <label>
      {label}
      <input
        value={draft[key]}
        required={required}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  const setSection = (index: number, change: Partial<Section>) =>
    setDraft({
      ...draft,
      sections: draft.sections.map((section, i) => (i === index ? { ...section, ...change } : section)),
    });

  return (
    <form
      className="plan-fields-editor"
      onSubmit={submit}
      onKeyDown={cancelOnEscape}
      aria-label={t('planFields.form')}
    >
      <label className="wide">
        {t('planFields.label.title')}
        <input
          value={draft.title}
          required
          autoFocus
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        />
      </label>
      {text('institution', t('planFields.label.institution'))}
      {text('department', t('planFields.label.department'))}
      {text('programme', t('planFields.label.programme'))}
      {text('versionLabel', t('planFields.label.version'))}
      {text('versionDate', t('planFields.versionDate'))}
      {text('periodFrom', t('planFields.periodFrom'))}
      {text('periodTo', t('planFields.periodTo'))}
      <fieldset className="wide plan-sections-editor">
        <legend>{t('planFields.label.sections')}</legend>
        {draft.sections.map((section, i) => (
          <div key={i} className="section-editor">
            <label>
              {t('planFields.sectionTitle', { n: i + 1 })}
              <input value={section.title} onChange={(e) => setSection(i, { title: e.target.value })} />
            </label>
            <label className="wide">
              {t('planFields.sectionText', { n: i + 1 })}
              <textarea
                rows={4}
                value={section.text}
                onChange={(e) => setSection(i, { text: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="danger small-button"
              onClick={() => setDraft({ ...draft, sections: draft.sections.filter((_, j) => j !== i) })}
            >
              {t('planFields.removeSection', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small-button"
          onClick={() =>
            setDraft({
              ...draft,
              sections: [...draft.sections, { title: '', level: 1, text: '', footnotes: [] }],
            })
          }
        >
          + {t('planFields.addSection')}
        </button>
      </fieldset>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('action.saving') : t('action.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

function readPlanConflict(error: unknown): { plan: PlanFields; revision: number } | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const current = error.current as { plan?: PlanFields; revision?: unknown } | undefined;
  if (!current?.plan || typeof current.revision !== 'number') return null;
  return { plan: current.plan, revision: current.revision };
}

/** A plan field's value in a few words, for the conflict table. */
function describeValue(key: EditedKey, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (key === 'sections' && Array.isArray(value)) {
    return (
      (value as Section[]).map((section) => section.title || section.text.slice(0, 40)).join(' · ') || '—'
    );
  }
  if (key === 'version') {
    const version = value as PlanFields['version'];
    return [version.label, version.date].filter(Boolean).join(' — ') || '—';
  }
  if (key === 'period') {
    const period = value as NonNullable<PlanFields['period']>;
    return `${period.from ?? '…'} – ${period.to ?? '…'}`;
  }
  return String(value);
}
