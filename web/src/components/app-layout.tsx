import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { useMe, useSession } from '../session/session-context.tsx';

/** Header with the main navigation, language switch and sign-out; the page in a <main> landmark. */
export function AppLayout({ path, children }: { path: string; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { signOut } = useSession();
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  const canImport = isAdmin || me.memberships.some((m) => m.role === 'coordinator');
  useFocusOnNavigation(path);
  const current = (to: string) => (path.split(/[?#]/)[0] === to ? ('page' as const) : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{' '}
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            <li>
              <Link to="/" aria-current={current('/')}>
                {t('nav.home')}
              </Link>
            </li>
            {canImport ? (
              <li>
                <Link to="/import" aria-current={current('/import')}>
                  {t('nav.import')}
                </Link>
              </li>
            ) : null}
            <li>
              <Link to="/clusters" aria-current={current('/clusters')}>
                {t('nav.clusters')}
              </Link>
            </li>
            {isAdmin ? (
              <li>
                <Link to="/admin" aria-current={current('/admin')}>
                  {t('nav.admin')}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="header-tools">
          <span className="user-name">{me.user.name}</span>
          <button
            type="button"
            className="link-button"
            lang={lang === 'fr' ? 'en' : 'fr'}
            aria-label={t('app.switchLanguageLabel')}
            onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
          >
            {t('app.switchLanguage')}
          </button>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/**
 * After moving to another page, keyboard and screen-reader users start from its content, as
 * they would after a full page load; an address with an anchor focuses its target instead.
 */
function useFocusOnNavigation(path: string) {
  const pathname = path.split(/[?#]/)[0];
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!window.location.hash) document.getElementById('main')?.focus();
  }, [pathname]);
}
