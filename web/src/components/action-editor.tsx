import { useState, type FormEvent } from 'react';
import type { ActionChanges } from '../../../src/core/api/actions.ts';
import type { Action } from '../../../src/core/plan-schema.ts';
import { sameValue } from '../../../src/core/same-value.ts';
import { ApiError } from '../api/api-error.ts';
import { updateAction } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import { useAnnounceEditing } from '../live/use-plan-live.ts';
import { ConflictNotice, type Conflict } from './conflict-notice.tsx';
import { ErrorMessage } from './error-message.tsx';

type Draft = {
  text: string;
  sites: string[];
  responsibles: string;
  indicators: string;
  expectedResults: string;
  deadline: string;
  priority: string;
  conditions: string;
  notes: string;
};

const toDraft = (action: Action): Draft => ({
  text: action.text,
  sites: action.sites,
  responsibles: action.responsibles.join('\n'),
  indicators: action.indicators.join('\n'),
  expectedResults: action.expectedResults.join('\n'),
  deadline: action.deadline ?? '',
  priority: action.priority === null ? '' : String(action.priority),
  conditions: action.conditions ?? '',
  notes: action.notes ?? '',
});

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** Only the fields the user changed, so that a save never overwrites someone else's other fields. */
export function diffDraft(action: Action, draft: Draft): ActionChanges {
  const next: ActionChanges = {
    text: draft.text.trim(),
    sites: draft.sites,
    responsibles: lines(draft.responsibles),
    indicators: lines(draft.indicators),
    expectedResults: lines(draft.expectedResults),
    deadline: orNull(draft.deadline),
    priority: draft.priority === '' ? null : Number(draft.priority),
    conditions: orNull(draft.conditions),
    notes: orNull(draft.notes),
  };
  const changes: ActionChanges = {};
  for (const [key, value] of Object.entries(next) as Array<[keyof ActionChanges, unknown]>) {
    if (!sameValue(value, action[key as keyof Action])) (changes as Record<string, unknown>)[key] = value;
  }
  return changes;
}

/** Inline editing of one action: sends the revision it read; a 409 shows both versions. */
export function ActionEditor({ action, onDone }: { action: Action; onDone: () => void }) {
  const { t } = useI18n();
  const page = usePlanPage();
  // What the editor opened on: the plan may be read again meanwhile (someone else's change),
  // and the draft is still diffed against, and saved over, the revision it started from, so a
  // change made meanwhile comes back as a conflict rather than being overwritten.
  const [base] = useState(() => ({ action, revision: page.revisionOf(action.id ?? '') }));
  const [draft, setDraft] = useState<Draft>(() => toDraft(action));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const actionId = action.id ?? '';
  const editableSites = page.permissions.editableSites;
  // The others see on this row that I am editing it.
  useAnnounceEditing(page.planId, actionId);

  const save = async (revision: number, changes: ActionChanges) => {
    if (Object.keys(changes).length === 0) return onDone();
    setPending(true);
    setError(null);
    try {
      const result = await updateAction(actionId, revision, changes);
      page.edits.applyAction(result.action, result.revision);
      page.announce(t('action.saved'));
      onDone();
    } catch (failure) {
      const current = failure instanceof ApiError ? readConflict(failure) : null;
      if (current) setConflict({ ...current, original: base.action, mine: changes });
      else setError(failure);
    } finally {
      setPending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(base.revision, diffDraft(base.action, draft));
  };

  const field = (key: keyof Draft, label: string, multiline = false) => (
    <label className={multiline ? 'wide' : undefined}>
      {label}
      {multiline ? (
        <textarea
          rows={3}
          value={draft[key] as string}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
      ) : (
        <input value={draft[key] as string} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
      )}
    </label>
  );

  if (conflict) {
    return (
      <ConflictNotice
        conflict={conflict}
        pending={pending}
        onReload={() => {
          // Their version becomes the one on screen; the editor closes, as nothing of mine is kept.
          page.edits.applyAction(conflict.action, conflict.revision);
          setConflict(null);
          onDone();
        }}
        onReapply={() => {
          const mine = conflict.mine;
          setConflict(null);
          void save(conflict.revision, mine);
        }}
      />
    );
  }

  return (
    <form
      className="action-editor"
      onSubmit={submit}
      aria-label={t('action.editLabel', { text: action.text.slice(0, 60) })}
    >
      <label className="wide">
        {t('action.field.text')}
        <textarea
          rows={3}
          value={draft.text}
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          required
        />
      </label>
      {page.sites.length > 1 ? (
        <fieldset>
          <legend>{t('action.field.sites')}</legend>
          {page.sites.map((site) => (
            <label key={site.code} className="checkbox">
              <input
                type="checkbox"
                checked={draft.sites.includes(site.code)}
                disabled={
                  editableSites !== 'all' &&
                  !page.permissions.canEditPlan &&
                  !editableSites.includes(site.code)
                }
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    sites: e.target.checked
                      ? [...draft.sites, site.code]
                      : draft.sites.filter((s) => s !== site.code),
                  })
                }
              />
              {site.code}
            </label>
          ))}
        </fieldset>
      ) : null}
      {field('responsibles', t('action.field.responsibles'), true)}
      {field('indicators', t('action.field.indicators'), true)}
      {field('expectedResults', t('action.field.expectedResults'), true)}
      {field('deadline', t('action.field.deadline'))}
      <label>
        {t('action.field.priority')}
        <select value={draft.priority} onChange={(e) => setDraft({ ...draft, priority: e.target.value })}>
          <option value="">—</option>
          <option value="1">★</option>
          <option value="2">★★</option>
          <option value="3">★★★</option>
        </select>
      </label>
      {field('conditions', t('action.field.conditions'), true)}
      {field('notes', t('action.field.notes'), true)}
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('action.saving') : t('action.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The other person's version carried by a 409, or null when the error is not a conflict. */
export function readConflict(error: ApiError): { action: Action; revision: number } | null {
  if (error.status !== 409) return null;
  const current = error.current as { action?: Action; revision?: number } | undefined;
  if (!current?.action || typeof current.revision !== 'number') return null;
  return { action: current.action, revision: current.revision };
}
