import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useSession } from '../session/session-context.tsx';

export function SignInPage({ initialError }: { initialError: unknown }) {
  const { t, lang, setLang } = useI18n();
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
