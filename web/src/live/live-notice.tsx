import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { LiveNotice as Notice } from './use-plan-live.ts';

/** How long the notice stays: long enough to read, short enough to stay quiet. */
const SHOWN_MS = 8_000;

/** « Modifié par X » when someone else changed the plan and the page was brought up to date. */
export function LiveNotice({ notice }: { notice: Notice | null }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<Notice | null>(null);
  useEffect(() => {
    if (!notice) return;
    setShown(notice);
    const timer = setTimeout(() => setShown(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <p className="live-notice" role="status" aria-live="polite">
      {shown
        ? shown.label
          ? t('live.changedByWhat', { name: shown.name || t('live.someone'), what: shown.label })
          : t('live.changedBy', { name: shown.name || t('live.someone') })
        : null}
    </p>
  );
}
