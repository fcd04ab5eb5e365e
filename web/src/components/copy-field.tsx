import { useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * An address to hand over (a public page, a calendar feed): shown in full in a read-only field
 * that selects itself, with a copy button whose result is announced.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // Without clipboard access (an insecure origin, a refused permission) the selected text
      // can still be copied the old way, or by hand.
      setCopied(document.execCommand?.('copy') ? 'yes' : 'no');
    }
  };
  return (
    <div className="copy-field">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        ref={input}
        readOnly
        value={value}
        className="mono"
        onFocus={(e) => e.currentTarget.select()}
        size={Math.min(70, value.length)}
      />
      <button type="button" onClick={() => void copy()} aria-label={t('copy.buttonLabel', { label })}>
        {t('copy.button')}
      </button>
      <span role="status" className="copy-status">
        {copied === 'yes' ? t('copy.done') : copied === 'no' ? t('copy.manual') : ''}
      </span>
    </div>
  );
}
