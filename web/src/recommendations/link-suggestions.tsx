import { useState } from 'react';
import type {
  LinkSuggestionDecision,
  LinkSuggestionsPage,
  SuggestedRecommendation,
  SuggestedTarget,
} from '../../../src/core/api/link-suggestions.ts';
import type { Plan } from '../../../src/core/plan-schema.ts';
import { listActions } from '../../../src/core/plan-walk.ts';
import { decideLinkSuggestion, undoLinkRejection } from '../api/follow-up-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** What the page does after a decision: show the suggestions as they are now, and the plan's new links. */
export type OnDecided = (page: LinkSuggestionsPage, linked: boolean) => void;

const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A score of 0 to 1 shown as a percentage: how close the two texts' words are. */
const percent = (score: number) => `${Math.round(score * 100)} %`;

/** One decision at a time per list, its error shown under the list. */
function useDecision(planId: string, onDecided: OnDecided) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'accept' | 'reject' | 'undo', pair: LinkSuggestionDecision) => {
    setPending(`${decision}|${pair.recommendationId}|${pair.targetKind}|${pair.targetId}`);
    setError(null);
    try {
      const page =
        decision === 'undo'
          ? await undoLinkRejection(planId, pair)
          : await decideLinkSuggestion(planId, decision, pair);
      onDecided(page, decision === 'accept');
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(null);
    }
  };
  return { pending: pending !== null, error, decide };
}

function SuggestionButtons({
  pending,
  name,
  onAccept,
  onReject,
}: {
  pending: boolean;
  /** What the pair links, for the buttons' accessible names: "C3-R6 et « Créer un guide… »". */
  name: string;
  onAccept: () => void;
  onReject: () => void;
}) {
  const { t } = useI18n();
  return (
    <span className="button-row suggestion-buttons">
      <button
        type="button"
        className="primary"
        disabled={pending}
        onClick={onAccept}
        aria-label={t('suggestions.acceptOf', { name })}
      >
        {t('suggestions.accept')}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={onReject}
        aria-label={t('suggestions.rejectOf', { name })}
      >
        {t('suggestions.reject')}
      </button>
    </span>
  );
}

function SharedTerms({ terms }: { terms: string[] }) {
  const { t } = useI18n();
  if (terms.length === 0) return null;
  return <span className="muted small"> {t('suggestions.sharedTerms', { terms: terms.join(', ') })}</span>;
}

/** Under an unanswered recommendation: the actions and objectives that likely answer it, best first. */
export function RecommendationSuggestions({
  planId,
  recommendationId,
  name,
  suggestions,
  onDecided,
}: {
  planId: string;
  recommendationId: string;
  name: string;
  suggestions: SuggestedTarget[];
  onDecided: OnDecided;
}) {
  const { t } = useI18n();
  const { pending, error, decide } = useDecision(planId, onDecided);
  if (suggestions.length === 0) return null;
  const headingId = `suggestions-${recommendationId}`;
  return (
    <div className="link-suggestions">
      <p id={headingId} className="small">
        <strong>{t('suggestions.forRecommendation')}</strong>
      </p>
      <ul className="plain-list suggestion-list" aria-labelledby={headingId}>
        {suggestions.map((s) => {
          const pair = { recommendationId, targetKind: s.kind, targetId: s.id };
          const target = `${s.kind === 'objective' ? `${t('plan.objective')} : ` : ''}${short(s.label)}`;
          const pairName = `${name} — ${short(s.label, 80)}`;
          return (
            <li key={`${s.kind}:${s.id}`} className="suggestion">
              <span className="badge score-badge">{t('suggestions.score', { score: percent(s.score) })}</span>{' '}
              {target}
              <SharedTerms terms={s.sharedTerms} />
              <SuggestionButtons
                pending={pending}
                name={pairName}
                onAccept={() => void decide('accept', pair)}
                onReject={() => void decide('reject', pair)}
              />
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
    </div>
  );
}

/** The other way: actions answering no recommendation, each with the recommendations that fit it. */
export function ActionSuggestions({
  planId,
  plan,
  page,
  recommendationName,
  onDecided,
}: {
  planId: string;
  plan: Plan;
  page: LinkSuggestionsPage;
  /** How the page names a recommendation ("Critère 3, Recommandation 6"), by id. */
  recommendationName: (recommendationId: string, key: string) => string;
  onDecided: OnDecided;
}) {
  const { t } = useI18n();
  const { pending, error, decide } = useDecision(planId, onDecided);
  if (page.actions.length === 0) return null;
  const texts = new Map(listActions(plan).map(({ action }) => [action.id, action.text]));
  return (
    <section aria-labelledby="action-suggestions-title" className="action-suggestions">
      <h3 id="action-suggestions-title">{t('suggestions.actionsTitle', { count: page.actions.length })}</h3>
      <p className="muted small">{t('suggestions.actionsHint')}</p>
      <ul className="plain-list">
        {page.actions.map((entry) => {
          const text = texts.get(entry.actionId) ?? '';
          return (
            <li key={entry.actionId} className="action-suggestion-item">
              <p>
                <strong>{short(text)}</strong>
              </p>
              <ul className="plain-list suggestion-list">
                {entry.suggestions.map((s: SuggestedRecommendation) => {
                  const pair = {
                    recommendationId: s.recommendationId,
                    targetKind: 'action' as const,
                    targetId: entry.actionId,
                  };
                  const name = recommendationName(s.recommendationId, s.key);
                  return (
                    <li key={s.recommendationId} className="suggestion">
                      <span className="badge score-badge">
                        {t('suggestions.score', { score: percent(s.score) })}
                      </span>{' '}
                      {name}
                      <SharedTerms terms={s.sharedTerms} />
                      <SuggestionButtons
                        pending={pending}
                        name={`${name} — ${short(text, 80)}`}
                        onAccept={() => void decide('accept', pair)}
                        onReject={() => void decide('reject', pair)}
                      />
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
    </section>
  );
}

/** The pairs turned down, folded: each can be suggested again. */
export function RejectedSuggestions({
  planId,
  page,
  recommendationName,
  onDecided,
}: {
  planId: string;
  page: LinkSuggestionsPage;
  recommendationName: (recommendationId: string, key: string) => string;
  onDecided: OnDecided;
}) {
  const { t, formatDate } = useI18n();
  const { pending, error, decide } = useDecision(planId, onDecided);
  if (page.rejected.length === 0) return null;
  return (
    <details className="rejected-suggestions">
      <summary>{t('suggestions.rejectedTitle', { count: page.rejected.length })}</summary>
      <ul className="plain-list">
        {page.rejected.map((r) => {
          const name = `${recommendationName(r.recommendationId, r.key ?? '?')} — ${short(r.label ?? '—', 80)}`;
          return (
            <li key={`${r.recommendationId}|${r.targetKind}|${r.targetId}`}>
              {name}{' '}
              <span className="muted small">
                {t('suggestions.rejectedBy', {
                  who: r.rejectedBy ?? '—',
                  date: formatDate(r.rejectedAt.slice(0, 10)),
                })}
              </span>{' '}
              <button
                type="button"
                disabled={pending}
                onClick={() =>
                  void decide('undo', {
                    recommendationId: r.recommendationId,
                    targetKind: r.targetKind,
                    targetId: r.targetId,
                  })
                }
                aria-label={t('suggestions.undoOf', { name })}
              >
                {t('suggestions.undo')}
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
    </details>
  );
}
