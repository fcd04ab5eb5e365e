import { useMemo, useState, type FormEvent } from 'react';
import type { LinkSuggestionsPage, SuggestedTarget } from '../../../src/core/api/link-suggestions.ts';
import type { PlanResponse } from '../../../src/core/api/plans.ts';
import { JalonError, type LocalizedText } from '../../../src/core/errors.ts';
import { listActions, listObjectives } from '../../../src/core/plan-walk.ts';
import { ApiError } from '../api/api-error.ts';
import {
  fetchLinkSuggestions,
  fetchRecommendations,
  justifyRecommendation,
  replaceRecommendations,
  updateObjective,
} from '../api/follow-up-api.ts';
import { updateAction } from '../api/jalon-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { useAsync } from '../components/use-async.ts';
import { translate, useI18n, type Translate } from '../i18n/i18n-context.tsx';
import { usePlanDocument, type PlanDocument } from '../plan/use-plan-document.ts';
import {
  ActionSuggestions,
  RecommendationSuggestions,
  RejectedSuggestions,
  type OnDecided,
} from '../recommendations/link-suggestions.tsx';
import { buildCoverage, type CoverageRow } from '../recommendations/recommendation-coverage.ts';
import { Link } from '../router/router.tsx';
import type { MessageKey } from '../i18n/fr.ts';

/** An error of the page itself, in both languages: shown in whichever the page is in. */
function inBothLanguages(key: MessageKey): LocalizedText {
  return { fr: translate('fr', key), en: translate('en', key) };
}

/**
 * The experts' recommendations and what answers each: the register (filled by pasting the
 * report), the recommendations still without an answer, each to be answered by an action or
 * objective or explicitly justified, and the coverage matrix.
 */
export default function RecommendationsPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const planDocument = usePlanDocument(planId);
  const [registerState, reloadRegister] = useAsync(() => fetchRecommendations(planId), [planId]);
  const data = planDocument.state.kind === 'ready' ? planDocument.state.data : null;
  const rows = useMemo(() => (data ? buildCoverage(data.plan) : []), [data]);
  // Suggested links are for those who may edit the links; others never ask for them.
  const mayLink = data?.permissions.canEditPlan ?? false;
  const [suggestionsState, reloadSuggestions] = useAsync(
    () => (mayLink ? fetchLinkSuggestions(planId) : Promise.resolve(null)),
    [planId, mayLink],
  );
  /** The suggestions as the last decision left them, until they are next loaded. */
  const [decided, setDecided] = useState<LinkSuggestionsPage | null>(null);
  if (planDocument.state.kind === 'error') {
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  }
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const canEdit = data.permissions.canEditPlan;
  const etag = registerState.kind === 'ready' ? registerState.data.etag : null;
  const missing = rows.filter((row) => row.answers.length === 0);
  const unanswered = missing.filter((row) => !row.justification);
  const justified = missing.filter((row) => row.justification);
  const register = rows.filter((row) => !row.citedOnly);
  const registerHasText = register.some((row) => row.text.trim() !== '');
  /** After a write: the register's new tag, the plan's coverage and the suggestions. */
  const refresh = () => {
    reloadRegister();
    void planDocument.reload();
    setDecided(null);
    reloadSuggestions();
  };
  const suggestions = decided ?? (suggestionsState.kind === 'ready' ? suggestionsState.data : null);
  const suggestionsFor = new Map(
    (suggestions?.recommendations ?? []).map((r) => [r.recommendationId, r.suggestions]),
  );
  const onDecided: OnDecided = (page, linked) => {
    setDecided(page);
    if (linked) {
      reloadRegister();
      void planDocument.reload();
    }
  };
  const rowsById = new Map(rows.flatMap((row) => (row.id ? [[row.id, row] as const] : [])));
  const nameOf = (recommendationId: string, key: string) => {
    const row = rowsById.get(recommendationId);
    return row ? recommendationName(t, row) : key;
  };
  return (
    <div className="page recommendations-page">
      <PlanHeader planId={planId} plan={data.plan} />
      <h2>{t('recommendations.title')}</h2>
      {registerState.kind === 'error' ? (
        <ErrorMessage error={registerState.error} onRetry={reloadRegister} />
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{t('recommendations.empty')}</p>
      ) : (
        <p>
          {t('recommendations.summary', {
            covered: rows.length - missing.length,
            total: rows.length,
            missing: unanswered.length,
            justified: justified.length,
          })}
        </p>
      )}
      {canEdit ? (
        <PasteReport planId={planId} etag={etag} onSaved={refresh} registerEmpty={register.length === 0} />
      ) : null}

      {missing.length > 0 ? (
        <section aria-labelledby="unanswered-title" className="coverage-report">
          <h3 id="unanswered-title">{t('recommendations.unansweredTitle', { count: unanswered.length })}</h3>
          {unanswered.length === 0 ? (
            <p className="muted">{t('recommendations.allAnswered')}</p>
          ) : (
            <ul className="plain-list unanswered-list">
              {unanswered.map((row) => (
                <UnansweredItem
                  key={row.key}
                  planId={planId}
                  row={row}
                  canEdit={canEdit}
                  planDocument={planDocument}
                  onSaved={refresh}
                  suggestions={row.id ? suggestionsFor.get(row.id) : undefined}
                  onDecided={onDecided}
                />
              ))}
            </ul>
          )}
          {justified.length > 0 ? (
            <>
              <h4>{t('recommendations.justifiedTitle', { count: justified.length })}</h4>
              <ul className="plain-list">
                {justified.map((row) => (
                  <UnansweredItem
                    key={row.key}
                    planId={planId}
                    row={row}
                    canEdit={canEdit}
                    planDocument={planDocument}
                    onSaved={refresh}
                  />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {suggestionsState.kind === 'error' ? (
        <ErrorMessage error={suggestionsState.error} onRetry={reloadSuggestions} />
      ) : null}
      {suggestions ? (
        <>
          <ActionSuggestions
            planId={planId}
            plan={data.plan}
            page={suggestions}
            recommendationName={nameOf}
            onDecided={onDecided}
          />
          <RejectedSuggestions
            planId={planId}
            page={suggestions}
            recommendationName={nameOf}
            onDecided={onDecided}
          />
        </>
      ) : null}

      {register.length > 0 ? (
        <section aria-labelledby="register-title">
          <h3 id="register-title">{t('recommendations.register')}</h3>
          <table className="compact register">
            <thead>
              <tr>
                <th scope="col">{t('recommendations.criterion')}</th>
                <th scope="col">{t('recommendations.number')}</th>
                {registerHasText ? <th scope="col">{t('recommendations.text')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {register.map((row) => (
                <tr key={row.key}>
                  <td>{row.criterion ?? '—'}</td>
                  <td>{row.number ?? '—'}</td>
                  {registerHasText ? <td>{row.text}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {rows.length > 0 ? (
        <section aria-labelledby="matrix-title">
          <h3 id="matrix-title">{t('recommendations.matrix')}</h3>
          <table className="compact coverage-matrix">
            <thead>
              <tr>
                <th scope="col">{t('recommendations.number')}</th>
                <th scope="col">{t('recommendations.answers')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.key}
                  className={
                    row.answers.length > 0 ? undefined : row.justification ? 'justified' : 'unanswered'
                  }
                >
                  <th scope="row">
                    {recommendationName(t, row)}
                    {row.text && !row.citedOnly ? <p className="muted small">{row.text}</p> : null}
                    {row.citedOnly ? <p className="muted small">{t('recommendations.citedOnly')}</p> : null}
                  </th>
                  <td>
                    {row.answers.length === 0 ? (
                      row.justification ? (
                        <>
                          <span className="badge justified-badge">{t('recommendations.justified')}</span>{' '}
                          {row.justification}
                        </>
                      ) : (
                        <span className="badge unanswered-badge">{t('recommendations.unanswered')}</span>
                      )
                    ) : (
                      <ul className="cell-list">
                        {row.answers.map((answer) => (
                          <li key={`${answer.kind}-${answer.id}`}>
                            <Link
                              to={`/plans/${planId}#${answer.kind === 'action' ? `action-${answer.id}` : `objective-${answer.objectiveId ?? ''}`}`}
                            >
                              {answer.kind === 'objective' ? `${t('plan.objective')} : ` : ''}
                              {answer.text.length > 140
                                ? `${answer.text.slice(0, 137)}…`
                                : answer.text || '—'}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

function recommendationName(t: Translate, row: CoverageRow): string {
  return `${row.criterion ? `${t('recommendations.criterion')} ${row.criterion}, ` : ''}${t('recommendations.number')} ${row.number ?? '?'}`;
}

/**
 * The experts' report pasted as text fills (or replaces) the register in one go. Open at once
 * while the register is empty, folded afterwards; one component throughout, so that a conflict
 * reloading the register keeps the pasted text and the message on screen.
 */
function PasteReport({
  planId,
  etag,
  onSaved,
  registerEmpty,
}: {
  planId: string;
  etag: string | null;
  onSaved: () => void;
  registerEmpty: boolean;
}) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(registerEmpty);
  const [text, setText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!etag) return;
    setPending(true);
    setError(null);
    setDone('');
    try {
      const result = await replaceRecommendations(planId, etag, { text });
      setDone(t('recommendations.pasteDone', { count: result.recommendations.length }));
      setText('');
      setExpanded(false);
      onSaved();
    } catch (failure) {
      // Someone changed the register meanwhile: show theirs (reloaded) and keep the pasted text.
      if (failure instanceof ApiError && failure.status === 409) {
        setError(new JalonError('CONFLICT', inBothLanguages('recommendations.pasteConflict')));
        onSaved();
      } else setError(failure);
    } finally {
      setPending(false);
    }
  };
  const title = registerEmpty ? t('recommendations.pasteTitle') : t('recommendations.pasteReplaceTitle');
  return (
    <>
      <details className="paste-section" open={expanded} onToggle={(e) => setExpanded(e.currentTarget.open)}>
        <summary>
          <span id="paste-title">{title}</span>
        </summary>
        <form className="stack paste-report" onSubmit={(e) => void submit(e)} aria-labelledby="paste-title">
          <p className="muted small">{t('recommendations.pasteHint')}</p>
          <label>
            {t('recommendations.pasteLabel')}
            <textarea
              rows={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
              placeholder={'Critère 3 : …\nRecommandation 6 : …'}
            />
          </label>
          <ErrorMessage error={error} />
          <div className="button-row">
            <button type="submit" className="primary" disabled={pending || !etag || text.trim() === ''}>
              {pending ? t('action.saving') : t('recommendations.pasteSubmit')}
            </button>
          </div>
        </form>
      </details>
      <p role="status" className={done ? 'notice' : undefined}>
        {done}
      </p>
    </>
  );
}

/** A recommendation without an answer: justify leaving it so, or answer it with an action or objective. */
function UnansweredItem({
  planId,
  row,
  canEdit,
  planDocument,
  onSaved,
  suggestions,
  onDecided,
}: {
  planId: string;
  row: CoverageRow;
  canEdit: boolean;
  planDocument: PlanDocument;
  onSaved: () => void;
  /** The actions and objectives that likely answer it (for those who may link). */
  suggestions?: SuggestedTarget[] | undefined;
  onDecided?: OnDecided;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'view' | 'justify' | 'link'>('view');
  const name = recommendationName(t, row);
  return (
    <li className={row.justification ? 'justified-item' : 'unanswered-item'}>
      <p>
        {row.justification ? null : (
          <>
            <span className="badge unanswered-badge">{t('recommendations.unanswered')}</span>{' '}
          </>
        )}
        <strong>{name}</strong>
        {row.text ? ` — ${row.text}` : ''}
      </p>
      {row.justification ? (
        <p className="justification">
          <span className="badge justified-badge">{t('recommendations.justified')}</span> {row.justification}
        </p>
      ) : null}
      {canEdit && row.id && suggestions && onDecided ? (
        <RecommendationSuggestions
          planId={planId}
          recommendationId={row.id}
          name={name}
          suggestions={suggestions}
          onDecided={onDecided}
        />
      ) : null}
      {canEdit && row.id ? (
        <>
          <div className="button-row">
            <button
              type="button"
              aria-expanded={mode === 'justify'}
              onClick={() => setMode(mode === 'justify' ? 'view' : 'justify')}
              aria-label={t(
                row.justification ? 'recommendations.editJustificationOf' : 'recommendations.justifyOf',
                {
                  name,
                },
              )}
            >
              {row.justification ? t('recommendations.editJustification') : t('recommendations.justify')}
            </button>
            <button
              type="button"
              aria-expanded={mode === 'link'}
              onClick={() => setMode(mode === 'link' ? 'view' : 'link')}
              aria-label={t('recommendations.linkOf', { name })}
            >
              {t('recommendations.link')}
            </button>
          </div>
          {mode === 'justify' ? (
            <JustifyForm
              planId={planId}
              recommendationId={row.id}
              name={name}
              before={row.justification}
              onDone={(saved) => {
                setMode('view');
                if (saved) onSaved();
              }}
              onStale={onSaved}
            />
          ) : null}
          {mode === 'link' && planDocument.state.kind === 'ready' ? (
            <LinkForm
              recommendationId={row.id}
              name={name}
              data={planDocument.state.data}
              planDocument={planDocument}
              onDone={() => setMode('view')}
            />
          ) : null}
        </>
      ) : null}
    </li>
  );
}

function JustifyForm({
  planId,
  recommendationId,
  name,
  before,
  onDone,
  onStale,
}: {
  planId: string;
  recommendationId: string;
  name: string;
  /** The justification as last read: sent back, so that a change made meanwhile is not overwritten. */
  before: string | null;
  onDone: (saved: boolean) => void;
  /** Reloads the register after a conflict; the form stays open with the user's text. */
  onStale: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(before ?? '');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async (justification: string | null) => {
    setPending(true);
    setError(null);
    try {
      await justifyRecommendation(planId, recommendationId, justification, before);
      onDone(true);
    } catch (failure) {
      const stale = failure instanceof ApiError && failure.status === 409;
      setError(
        stale ? new JalonError('CONFLICT', inBothLanguages('recommendations.justifyConflict')) : failure,
      );
      if (stale) onStale();
      setPending(false);
    }
  };
  return (
    <form
      className="stack justify-form"
      aria-label={t('recommendations.justifyOf', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        void save(text.trim());
      }}
    >
      <label>
        {t('recommendations.justificationLabel')}
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required autoFocus />
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending || text.trim() === ''}>
          {pending ? t('action.saving') : t('recommendations.saveJustification')}
        </button>
        {before ? (
          <button type="button" disabled={pending} onClick={() => void save(null)}>
            {t('recommendations.clearJustification')}
          </button>
        ) : null}
        <button type="button" onClick={() => onDone(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Answers the recommendation by adding it to an action's or objective's recommendations. */
function LinkForm({
  recommendationId,
  name,
  data,
  planDocument,
  onDone,
}: {
  recommendationId: string;
  name: string;
  data: PlanResponse;
  planDocument: PlanDocument;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const groups = useMemo(() => {
    const byAxis = new Map<string, { title: string; options: Array<{ value: string; label: string }> }>();
    const group = (axisId: string, title: string) => {
      const existing = byAxis.get(axisId);
      if (existing) return existing;
      const created = { title, options: [] as Array<{ value: string; label: string }> };
      byAxis.set(axisId, created);
      return created;
    };
    const short = (text: string) => (text.length > 110 ? `${text.slice(0, 107)}…` : text);
    for (const { objective, axis } of listObjectives(data.plan)) {
      group(axis.id ?? '', axis.title).options.push({
        value: `objective:${objective.id ?? ''}`,
        label: `${t('plan.objective')} : ${short(objective.title)}`,
      });
    }
    for (const { action, axis } of listActions(data.plan)) {
      if (!action.text) continue;
      group(axis.id ?? '', axis.title).options.push({
        value: `action:${action.id ?? ''}`,
        label: `${t('recommendations.actionOption')} : ${action.sites.length > 0 ? `${action.sites.join(', ')} — ` : ''}${short(action.text)}`,
      });
    }
    return [...byAxis.values()];
  }, [data.plan, t]);
  const [target, setTarget] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const [kind, id] = target.split(':') as ['action' | 'objective', string];
    setPending(true);
    setError(null);
    try {
      const revision = data.revisions[id] ?? 1;
      if (kind === 'action') {
        const action = listActions(data.plan).find((c) => c.action.id === id)?.action;
        const ids = [...new Set([...(action?.recommendationIds ?? []), recommendationId])];
        const result = await updateAction(id, revision, { recommendationIds: ids });
        planDocument.applyAction(result.action, result.revision);
      } else {
        const objective = listObjectives(data.plan).find((c) => c.objective.id === id)?.objective;
        const ids = [...new Set([...(objective?.recommendationIds ?? []), recommendationId])];
        await updateObjective(id, revision, { recommendationIds: ids });
        await planDocument.reload();
      }
      onDone();
    } catch (failure) {
      // A stale revision: the plan is reloaded so that trying again uses the current one.
      if (failure instanceof ApiError && failure.status === 409) void planDocument.reload();
      setError(failure);
      setPending(false);
    }
  };
  return (
    <form
      className="stack link-form"
      aria-label={t('recommendations.linkOf', { name })}
      onSubmit={(e) => void submit(e)}
    >
      <label>
        {t('recommendations.linkLabel')}
        <select value={target} onChange={(e) => setTarget(e.target.value)} required autoFocus>
          <option value="">{t('recommendations.linkChoose')}</option>
          {groups.map((g, i) => (
            <optgroup key={i} label={g.title}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending || target === ''}>
          {pending ? t('action.saving') : t('recommendations.linkSubmit')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
