import { statusLabel, type Status } from '../../../src/core/status.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The canonical status as a coloured badge with its words (colour is never the only cue); the plan's own label beside it when it says more. */
export function StatusBadge({ status, label }: { status: Status | null; label?: string | null }) {
  const { lang } = useI18n();
  const canonical = statusLabel(status, lang);
  const original =
    label && label.trim() && label.trim().toLowerCase() !== canonical.toLowerCase() ? label : null;
  return (
    <span className="status-cell">
      <span className={`badge status-${status ?? 'none'}`}>{canonical}</span>
      {original ? <span className="status-original">{original}</span> : null}
    </span>
  );
}
