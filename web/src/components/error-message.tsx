import { JalonError } from '../../../src/core/errors.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * Every error as a sentence a user can act on: the general meaning of its code in the
 * interface language, then the server's own words, which name the field or row at fault.
 */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const general = error instanceof JalonError ? t(`error.${error.code}`) : t('error.title');
  const detail =
    error instanceof JalonError
      ? error.messageIn(lang)
      : error instanceof Error
        ? error.message
        : String(error);
  const showDetail = detail !== '' && detail !== general;
  return (
    <div className="error-message" role="alert">
      <p>
        <strong>{general}</strong>
        {showDetail ? <span className="error-detail"> {detail}</span> : null}
      </p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      ) : null}
    </div>
  );
}
