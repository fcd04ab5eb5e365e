import { useId, useState, type FormEvent } from 'react';
import type { Action, Measure } from '../../../src/core/plan-schema.ts';
import { addMeasurement } from '../api/follow-up-api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { usePlanPage } from '../plan/plan-page-context.tsx';
import { ErrorMessage } from './error-message.tsx';
import { formatMeasure, IndicatorChart } from './indicator-chart.tsx';

/** The indicators the action names, followed or not yet, and those it follows without naming. */
export function listIndicators(action: Action): Measure[] {
  const measures = new Map(action.measures.map((m) => [m.indicator.trim().toLowerCase(), m]));
  const listed = action.indicators.map(
    (indicator) =>
      measures.get(indicator.trim().toLowerCase()) ?? { indicator, unit: null, target: null, values: [] },
  );
  const named = new Set(action.indicators.map((i) => i.trim().toLowerCase()));
  return [...listed, ...action.measures.filter((m) => !named.has(m.indicator.trim().toLowerCase()))];
}

/**
 * The action's indicators: each followed one as a chart of its values over time with its
 * target, and the same numbers in a table; a form to add a measured value.
 */
export default function IndicatorsPanel({ action, canMeasure }: { action: Action; canMeasure: boolean }) {
  const { t, lang, formatDate } = useI18n();
  const indicators = listIndicators(action);
  return (
    <section className="indicators-panel" aria-label={t('indicators.title')}>
      <h4>{t('indicators.title')}</h4>
      {indicators.length === 0 ? <p className="muted">{t('indicators.none')}</p> : null}
      {indicators.map((measure) => {
        const values = [...measure.values].sort((a, b) => a.date.localeCompare(b.date));
        return (
          <figure key={measure.indicator} className="indicator">
            <figcaption>
              <strong>{measure.indicator}</strong>
              {measure.target !== null ? (
                <span className="muted">
                  {' '}
                  — {t('indicators.target')} : {formatMeasure(measure.target, measure.unit, lang)}
                </span>
              ) : null}
            </figcaption>
            {values.length === 0 ? (
              <p className="muted small">{t('indicators.noValues')}</p>
            ) : (
              <div className="indicator-body">
                <IndicatorChart measure={measure} />
                <table className="compact indicator-values">
                  <caption className="visually-hidden">
                    {t('indicators.valuesOf', { indicator: measure.indicator })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('indicators.date')}</th>
                      <th scope="col">{t('indicators.value')}</th>
                      <th scope="col">{t('indicators.comment')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {values.map((value, i) => (
                      <tr key={`${value.date}-${i}`}>
                        <td>
                          <time dateTime={value.date}>{formatDate(value.date)}</time>
                        </td>
                        <td className="number">{formatMeasure(value.value, measure.unit, lang)}</td>
                        <td>{value.comment ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </figure>
        );
      })}
      {canMeasure ? <MeasurementForm action={action} indicators={indicators} /> : null}
    </section>
  );
}

const otherIndicator = '\u0000other';

function MeasurementForm({ action, indicators }: { action: Action; indicators: Measure[] }) {
  const { t } = useI18n();
  const page = usePlanPage();
  const idPrefix = useId();
  const [choice, setChoice] = useState(indicators[0]?.indicator ?? otherIndicator);
  const [newIndicator, setNewIndicator] = useState('');
  const chosen = indicators.find((m) => m.indicator === choice) ?? null;
  const [date, setDate] = useState(page.today);
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState(chosen?.unit ?? '');
  const [target, setTarget] = useState(chosen?.target === null || !chosen ? '' : String(chosen.target));
  const [comment, setComment] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pick = (next: string) => {
    setChoice(next);
    const measure = indicators.find((m) => m.indicator === next);
    setUnit(measure?.unit ?? '');
    setTarget(measure?.target === null || !measure ? '' : String(measure.target));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    const indicator = choice === otherIndicator ? newIndicator.trim() : choice;
    try {
      const result = await addMeasurement(action.id ?? '', {
        indicator,
        date,
        value: Number(value),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(unit.trim() ? { unit: unit.trim() } : {}),
        ...(target.trim() ? { target: Number(target) } : {}),
      });
      page.edits.applyAction(result.action, result.revision);
      page.announce(t('indicators.added', { indicator }));
      setValue('');
      setComment('');
      if (choice === otherIndicator) {
        setChoice(indicator);
        setNewIndicator('');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="measurement-form" aria-labelledby={`${idPrefix}-title`} onSubmit={(e) => void submit(e)}>
      <h5 id={`${idPrefix}-title`}>{t('indicators.add')}</h5>
      <label>
        {t('indicators.indicator')}
        <select value={choice} onChange={(e) => pick(e.target.value)}>
          {indicators.map((m) => (
            <option key={m.indicator} value={m.indicator}>
              {m.indicator.length > 80 ? `${m.indicator.slice(0, 77)}…` : m.indicator}
            </option>
          ))}
          <option value={otherIndicator}>{t('indicators.other')}</option>
        </select>
      </label>
      {choice === otherIndicator ? (
        <label>
          {t('indicators.newIndicator')}
          <input
            value={newIndicator}
            onChange={(e) => setNewIndicator(e.target.value)}
            required
            maxLength={500}
          />
        </label>
      ) : null}
      <label>
        {t('indicators.date')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>
      <label>
        {t('indicators.value')}
        <input type="number" step="any" value={value} onChange={(e) => setValue(e.target.value)} required />
      </label>
      <label>
        {t('indicators.unit')}
        <input value={unit} onChange={(e) => setUnit(e.target.value)} maxLength={50} placeholder="%" />
      </label>
      <label>
        {t('indicators.targetField')}
        <input type="number" step="any" value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
      <label className="wide">
        {t('indicators.comment')}
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('action.saving') : t('indicators.submit')}
        </button>
      </div>
    </form>
  );
}
