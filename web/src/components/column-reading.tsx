import type { ImportPreviewResponse } from '../../../src/core/api/imports.ts';
import {
  selectableColumnRoles,
  type ColumnReading as Reading,
  type ColumnReason,
  type ColumnRole,
  type StructureLevel,
} from '../../../src/core/column-roles.ts';
import { isMessageKey, type MessageKey } from '../i18n/fr.ts';
import { useI18n, type Translate } from '../i18n/i18n-context.tsx';

/** A role as users name it ("Objectif", "Responsable(s)"); a machine role by its name. */
export function roleLabel(t: Translate, role: ColumnRole): string {
  const key = `import.role.${role}`;
  return isMessageKey(key) ? t(key) : t('import.role.other', { role });
}

function rows(t: Translate, min: number, max: number): string {
  return min === max ? t('import.rows', { min }) : t('import.rowsRange', { min, max });
}

/** A reason in words: "cellules fusionnées sur 2 à 3 lignes", "en-tête « Owner »". */
export function reasonText(t: Translate, reason: ColumnReason): string {
  const key = `import.reason.${reason.code}` as MessageKey;
  switch (reason.code) {
    case 'header':
    case 'unknown-header':
      return t(key, { label: reason.label });
    case 'merged':
    case 'repeated':
    case 'group-starts':
      return t(key, { rows: rows(t, reason.min, reason.max) });
    case 'nested':
      return t(key, { within: reason.within });
    case 'site-marks':
      return t(key, { site: reason.site });
    case 'remembered':
      return t(key, { institution: reason.institution });
    default:
      return t(key);
  }
}

function levelText(t: Translate, level: StructureLevel): string {
  return t('import.level', {
    role: roleLabel(t, level.role),
    count: level.count,
    source: t(`import.levelSource.${level.source}`),
    examples: level.examples.map((e) => `« ${e} »`).join(', '),
  });
}

/**
 * How each column of the document was read, with a role to pick per column: the coordinator's
 * choice is sent to the server, which reads the same file again (`onChoose`).
 */
export function ColumnReading({
  preview,
  pending,
  onChoose,
  onIgnoreRemembered,
  onReset,
}: {
  preview: ImportPreviewResponse;
  pending: boolean;
  onChoose: (label: string, role: ColumnRole) => void;
  onIgnoreRemembered: (ignore: boolean) => void;
  onReset: () => void;
}) {
  const { t } = useI18n();
  const { reading, remembered } = preview;
  if (reading.tables.length === 0) return null;
  const chosen = Object.keys(preview.mapping).length > 0;
  return (
    <section aria-labelledby="column-reading" className="column-reading">
      <h3 id="column-reading">{t('import.columns')}</h3>
      <p className="muted">{t('import.columnsIntro')}</p>
      {remembered ? (
        <p className="notice" role="status">
          {t('import.remembered', {
            institution: remembered.institution,
            count: Object.keys(remembered.mapping).length,
          })}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onIgnoreRemembered(true)}
            disabled={pending}
          >
            {t('import.ignoreRemembered')}
          </button>
        </p>
      ) : null}
      {chosen ? (
        <p>
          <button type="button" className="link-button" onClick={onReset} disabled={pending}>
            {t('import.resetMapping')}
          </button>
        </p>
      ) : null}
      {reading.tables.map((table) => {
        const caption =
          typeof table.table === 'number'
            ? t('import.columnsOf', { table: table.table })
            : t('import.columnsOfSheet', { table: table.table });
        const details = [
          table.headerRow !== null ? t('import.headerRow', { row: table.headerRow }) : null,
          table.continuedIn.length ? t('import.continued', { count: table.continuedIn.length }) : null,
        ].filter(Boolean);
        return (
          <table key={String(table.table)} className="column-table">
            <caption>
              {caption}
              {details.length ? <span className="muted"> ({details.join(', ')})</span> : null}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.readAs')}</th>
                <th scope="col">{t('import.confidence')}</th>
                <th scope="col">{t('import.why')}</th>
              </tr>
            </thead>
            <tbody>
              {table.columns.map((column) => (
                <ColumnRow
                  key={column.column}
                  column={column}
                  pending={pending}
                  onChoose={(role) => onChoose(column.label, role)}
                />
              ))}
            </tbody>
          </table>
        );
      })}
      {reading.levels.length > 0 ? (
        <>
          <h4>{t('import.levels')}</h4>
          <ul className="reading-levels">
            {reading.levels.map((level) => (
              <li key={`${level.source}:${level.role}`}>{levelText(t, level)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ColumnRow({
  column,
  pending,
  onChoose,
}: {
  column: Reading;
  pending: boolean;
  onChoose: (role: ColumnRole) => void;
}) {
  const { t } = useI18n();
  const label = column.label || t('import.unlabelled', { n: column.column + 1 });
  // A machine role stays offered when the column holds it.
  const roles = selectableColumnRoles.includes(column.role)
    ? selectableColumnRoles
    : [...selectableColumnRoles, column.role];
  return (
    <tr className={`confidence-${column.confidence}`}>
      <th scope="row">{label}</th>
      <td>
        {column.label ? (
          <select
            value={column.role}
            disabled={pending}
            aria-label={t('import.readAsLabel', { label })}
            onChange={(event) => onChoose(event.target.value as ColumnRole)}
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabel(t, role)}
              </option>
            ))}
          </select>
        ) : (
          roleLabel(t, column.role)
        )}
      </td>
      <td>
        <span className={`confidence confidence-${column.confidence}`}>
          {t(`import.confidence.${column.confidence}`)}
        </span>
      </td>
      <td>{column.reasons.map((reason) => reasonText(t, reason)).join(' ; ')}</td>
    </tr>
  );
}
