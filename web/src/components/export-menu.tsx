import { useState } from 'react';
import { exportUrl, type ExportFormat } from '../api/jalon-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const formats: Array<{ format: ExportFormat; label: string }> = [
  { format: 'docx', label: 'Word (.docx)' },
  { format: 'pdf', label: 'PDF' },
  { format: 'xlsx', label: 'Excel (.xlsx)' },
  { format: 'csv', label: 'CSV' },
  { format: 'html', label: 'HTML' },
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'JSON (format Jalon)' },
];

/** Every export format as a plain download link; the layout and public choices apply to all. */
export function ExportMenu({ planId }: { planId: string }) {
  const { t } = useI18n();
  const [layout, setLayout] = useState<'original' | 'aeqes'>('original');
  const [isPublic, setIsPublic] = useState(false);
  return (
    <details className="export-menu">
      <summary>{t('export.title')}</summary>
      <div className="export-panel">
        <fieldset>
          <legend>{t('export.layout')}</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="layout"
              checked={layout === 'original'}
              onChange={() => setLayout('original')}
            />
            {t('export.layoutOriginal')}
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="layout"
              checked={layout === 'aeqes'}
              onChange={() => setLayout('aeqes')}
            />
            {t('export.layoutAeqes')}
          </label>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />
          {t('export.public')}
        </label>
        <ul className="plain-list">
          {formats.map(({ format, label }) => (
            <li key={format}>
              <a href={exportUrl(planId, format, layout, isPublic)} download data-format={format}>
                {t('export.download')} {label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
