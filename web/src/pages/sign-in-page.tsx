import { useEffect, useState, type FormEvent } from 'react';
import {
  externalSignInErrorSchema,
  type ExternalSignInError,
  type SignInOptionsResponse,
} from '../../../src/core/api/sign-in.ts';
import { fetchSignInOptions } from '../api/jalon-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useSession } from '../session/session-context.tsx';

/** The refusal a provider's sign-in came back with (`/?signInError=<code>`), if any. */
function readSignInError(): ExternalSignInError | null {
  const code = new URLSearchParams(window.location.search).get('signInError');
  const parsed = externalSignInErrorSchema.safeParse(code);
  return parsed.success ? parsed.data : null;
}

/** Loading, the server's options, or none (an unreachable server: the password form is shown). */
type Options = { kind: 'loading' } | { kind: 'ready'; options: SignInOptionsResponse } | { kind: 'failed' };

/**
 * The way in: a button per identity provider the server knows (« Se connecter avec … »), the
 * password form unless an administrator turned it off (administrators keep theirs, behind a
 * disclosure), and the reason a provider's sign-in was refused, in the interface language.
 */
export function SignInPage({ initialError }: { initialError: unknown }) {
  const { t, lang, setLang } = useI18n();
  const [options, setOptions] = useState<Options>({ kind: 'loading' });
  const [externalError] = useState(readSignInError);
  useEffect(() => {
    let live = true;
    fetchSignInOptions().then(
      (answer) => live && setOptions({ kind: 'ready', options: answer }),
      () => live && setOptions({ kind: 'failed' }),
    );
    // The code is read: a reload or a bookmark should not show the refusal again.
    if (externalError) {
      const url = new URL(window.location.href);
      url.searchParams.delete('signInError');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
    return () => {
      live = false;
    };
  }, [externalError]);

  const buttons =
    options.kind === 'ready'
      ? [
          ...options.options.providers.map((p) => ({
            key: `oidc-${p.id}`,
            name: p.name,
            href: `/api/v1/auth/oidc/${encodeURIComponent(p.id)}/start`,
          })),
          ...(options.options.trustedHeader
            ? [
                {
                  key: 'header',
                  name: options.options.trustedHeader.name,
                  href: options.options.trustedHeader.url,
                },
              ]
            : []),
        ]
      : [];
  const passwordOn = options.kind !== 'ready' || options.options.passwordSignIn;
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <p className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{' '}
          {t('app.name')} <span className="tagline">— {t('app.tagline')}</span>
        </p>
        <h1>{t('signIn.title')}</h1>
        <p>{t('signIn.intro')}</p>
        {externalError ? (
          <div className="error-message" role="alert">
            <p>
              <strong>{t('signIn.refused')}</strong>{' '}
              <span className="error-detail">{t(`signIn.error.${externalError}`)}</span>
            </p>
          </div>
        ) : null}
        {options.kind === 'loading' ? (
          <p role="status" className="muted">
            {t('app.loading')}
          </p>
        ) : (
          <>
            {buttons.length > 0 ? (
              <ul className="provider-buttons">
                {buttons.map((button) => (
                  <li key={button.key}>
                    <a className="button-link primary" href={button.href}>
                      {t('signIn.withProvider', { name: button.name })}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
            {passwordOn ? (
              <>
                {buttons.length > 0 ? (
                  <p className="sign-in-or" aria-hidden="true">
                    {t('signIn.or')}
                  </p>
                ) : null}
                <PasswordForm initialError={initialError} />
              </>
            ) : (
              <details className="admin-password">
                <summary>{t('signIn.adminPassword')}</summary>
                <p className="muted small">{t('signIn.adminPasswordHelp')}</p>
                <PasswordForm initialError={initialError} />
              </details>
            )}
          </>
        )}
        <button
          type="button"
          className="link-button"
          lang={lang === 'fr' ? 'en' : 'fr'}
          onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
        >
          {t('app.switchLanguage')}
        </button>
      </div>
    </main>
  );
}

function PasswordForm({ initialError }: { initialError: unknown }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(initialError);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="stack">
      <label>
        {t('signIn.email')}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        {t('signIn.password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t('signIn.pending') : t('signIn.submit')}
      </button>
    </form>
  );
}
