import { lazy, Suspense, type ReactNode } from 'react';
import { AppLayout } from './components/app-layout.tsx';
import { ErrorMessage } from './components/error-message.tsx';
import { useI18n } from './i18n/i18n-context.tsx';
import { HomePage } from './pages/home-page.tsx';
import PlanPage from './pages/plan-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { matchRoute, useLocationPath } from './router/router.tsx';
import { useSession } from './session/session-context.tsx';

// The plan page, where users spend their time, is in the first download: a lazily loaded page
// costs a Suspense fallback whose reveal React throttles by 300 ms. The others load on demand.
const TimelinePage = lazy(() => import('./pages/timeline-page.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard-page.tsx'));
const RecommendationsPage = lazy(() => import('./pages/recommendations-page.tsx'));
const VersionsPage = lazy(() => import('./pages/versions-page.tsx'));
const RemindersPage = lazy(() => import('./pages/reminders-page.tsx'));
const ImportPage = lazy(() => import('./pages/import-page.tsx'));
const AdminPage = lazy(() => import('./pages/admin-page.tsx'));
const ClustersPage = lazy(() => import('./pages/clusters-page.tsx'));
const ClusterPage = lazy(() => import('./pages/cluster-page.tsx'));

export function App() {
  const { state } = useSession();
  const { t } = useI18n();
  const path = useLocationPath();
  if (state.kind === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (state.kind === 'signed-out') return <SignInPage initialError={state.error} />;
  return (
    <AppLayout path={path}>
      <Suspense
        fallback={
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        }
      >
        {routePage(path) ?? <ErrorMessage error={new Error(t('error.notFound'))} />}
      </Suspense>
    </AppLayout>
  );
}

function routePage(path: string): ReactNode | null {
  if (matchRoute('/', path)) return <HomePage />;
  if (matchRoute('/import', path)) return <ImportPage />;
  if (matchRoute('/admin', path)) return <AdminPage />;
  if (matchRoute('/clusters', path)) return <ClustersPage />;
  let params = matchRoute('/clusters/:clusterId', path);
  if (params) return <ClusterPage key={params.clusterId} clusterId={params.clusterId!} />;
  params = matchRoute('/plans/:planId', path);
  if (params) return <PlanPage key={params.planId} planId={params.planId!} />;
  params = matchRoute('/plans/:planId/timeline', path);
  if (params) return <TimelinePage key={params.planId} planId={params.planId!} />;
  params = matchRoute('/plans/:planId/dashboard', path);
  if (params) return <DashboardPage key={params.planId} planId={params.planId!} />;
  params = matchRoute('/plans/:planId/recommendations', path);
  if (params) return <RecommendationsPage key={params.planId} planId={params.planId!} />;
  params = matchRoute('/plans/:planId/versions', path);
  if (params) return <VersionsPage key={params.planId} planId={params.planId!} />;
  params = matchRoute('/plans/:planId/reminders', path);
  if (params) return <RemindersPage key={params.planId} planId={params.planId!} />;
  return null;
}
