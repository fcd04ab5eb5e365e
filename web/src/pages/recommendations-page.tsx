import { useMemo } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { usePlanDocument } from '../plan/use-plan-document.ts';
import { buildCoverage } from '../recommendations/recommendation-coverage.ts';
import { Link } from '../router/router.tsx';

/** The experts' recommendations and what answers each; unanswered ones stand out. */
export default function RecommendationsPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const planDocument = usePlanDocument(planId);
  const data = planDocument.state.kind === 'ready' ? planDocument.state.data : null;
  const rows = useMemo(() => (data ? buildCoverage(data.plan) : []), [data]);
  if (planDocument.state.kind === 'error') {
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  }
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const missing = rows.filter((row) => row.answers.length === 0);
  const register = rows.filter((row) => !row.citedOnly);
  const registerHasText = register.some((row) => row.text.trim() !== '');
  return (
    <div className="page recommendations-page">
      <PlanHeader planId={planId} plan={data.plan} />
      <h2>{t('recommendations.title')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('recommendations.empty')}</p>
      ) : (
        <>
          <p>
            {t('recommendations.summary', {
              covered: rows.length - missing.length,
              total: rows.length,
              missing: missing.length,
            })}
          </p>
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
                  <tr key={row.key} className={row.answers.length === 0 ? 'unanswered' : undefined}>
                    <th scope="row">
                      {row.criterion ? `${t('recommendations.criterion')} ${row.criterion}, ` : ''}
                      {t('recommendations.number')} {row.number ?? '?'}
                      {row.text && !row.citedOnly ? <p className="muted small">{row.text}</p> : null}
                      {row.citedOnly ? <p className="muted small">{t('recommendations.citedOnly')}</p> : null}
                    </th>
                    <td>
                      {row.answers.length === 0 ? (
                        <span className="badge unanswered-badge">
                          {row.justification ? `${row.justification}` : t('recommendations.unanswered')}
                        </span>
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
        </>
      )}
    </div>
  );
}
