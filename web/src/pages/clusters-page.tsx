import { useState, type FormEvent } from 'react';
import { createCluster, fetchClusters } from '../api/clusters-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link, navigate } from '../router/router.tsx';
import { useMe } from '../session/session-context.tsx';

/** The clusters the user holds a role over, and a form creating one (admins and coordinators). */
export default function ClustersPage() {
  const { t } = useI18n();
  const me = useMe();
  const [state, reload] = useAsync(() => fetchClusters(), []);
  const [error, setError] = useState<Error | null>(null);
  const canCreate = me.user.role === 'admin' || me.memberships.some((m) => m.role === 'coordinator');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    try {
      const { cluster } = await createCluster({
        name: text('name'),
        programme: text('programme'),
        evaluationYear: text('evaluationYear'),
        owner: text('owner'),
      });
      reload();
      navigate(`/clusters/${encodeURIComponent(cluster.id)}`);
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <div className="page clusters-page">
      <h1>{t('cluster.listTitle')}</h1>
      {state.kind === 'loading' ? <p role="status">{t('app.loading')}</p> : null}
      {state.kind === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.kind === 'ready' ? (
        state.data.clusters.length === 0 ? (
          <p className="muted">{t('cluster.none')}</p>
        ) : (
          <ul className="cluster-list">
            {state.data.clusters.map((c) => (
              <li key={c.id}>
                <Link to={`/clusters/${encodeURIComponent(c.id)}`}>{c.name}</Link>{' '}
                <span className="muted">
                  {[c.programme, c.evaluationYear, c.owner].filter(Boolean).join(' · ')} —{' '}
                  {t('cluster.planCount', { count: c.planCount })}
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {canCreate ? (
        <form className="cluster-form" onSubmit={(e) => void submit(e)} aria-labelledby="cluster-new">
          <h2 id="cluster-new">{t('cluster.create')}</h2>
          <label>
            {t('cluster.name')} <input name="name" required maxLength={200} />
          </label>
          <label>
            {t('cluster.programme')} <input name="programme" maxLength={200} />
          </label>
          <label>
            {t('cluster.evaluationYear')}{' '}
            <input name="evaluationYear" maxLength={20} placeholder="2025-2026" />
          </label>
          <label>
            {t('cluster.owner')} <input name="owner" maxLength={200} placeholder="AEQES" />
          </label>
          <button type="submit">{t('cluster.createButton')}</button>
          {error ? <ErrorMessage error={error} /> : null}
        </form>
      ) : null}
    </div>
  );
}
