import {
  columnRoleValues,
  selectableColumnRoles,
  type ColumnMapping,
  type ColumnRole,
} from '../core/column-roles.ts';
import { JalonError } from '../core/errors.ts';
import { foldText } from '../core/text.ts';
import { matchColumn } from './column-synonyms.ts';
import { jsonSyntaxProblem } from './json-syntax.ts';

const roleByFoldedName = new Map<string, ColumnRole>(
  columnRoleValues.map((role) => [role.toLowerCase(), role]),
);
const extraWords = new Set(['extra', 'champ supplementaire', 'extra field', 'autre', 'other', 'keep']);

/**
 * A role as a coordinator writes it on the command line: Jalon's name ("objective",
 * "indicators", "extra") or any header word Jalon knows for it ("objectif", "KPI", "Échéance").
 */
export function parseColumnRole(text: string): ColumnRole | null {
  const folded = foldText(text.trim());
  const exact = roleByFoldedName.get(folded.replace(/[\s_-]+/g, ''));
  if (exact) return exact;
  if (extraWords.has(folded)) return 'extra';
  return matchColumn(text);
}

const roleList = selectableColumnRoles.join(', ');

/** `--map "Axe/Objectif=objective"` entries: the header, an equals sign, the role (the last "=" separates them). */
export function parseMappingEntries(entries: readonly string[], source = '--map'): ColumnMapping {
  const mapping: ColumnMapping = {};
  entries.forEach((entry, i) => {
    const at = entry.lastIndexOf('=');
    const label = at > 0 ? entry.slice(0, at).trim() : '';
    const roleText = at > 0 ? entry.slice(at + 1).trim() : '';
    const fromFile = source !== '--map';
    const where = fromFile ? `${source}, line ${i + 1}` : `--map "${entry}"`;
    const whereFr = fromFile ? `${source}, ligne ${i + 1}` : `--map « ${entry} »`;
    const location = fromFile ? { file: source, row: i + 1 } : { field: '--map' };
    if (!label || !roleText) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `${whereFr} : écrivez l’en-tête de la colonne, « = », puis son rôle (par exemple « KPI=indicators »).`,
          en: `${where}: write the column's header, "=", then its role (for example "KPI=indicators").`,
        },
        { location },
      );
    }
    const role = parseColumnRole(roleText);
    if (!role) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `${whereFr} : « ${roleText} » n’est pas un rôle de colonne (l’un de ${roleList}).`,
          en: `${where}: "${roleText}" is not a column role (one of ${roleList}).`,
        },
        {
          location,
        },
      );
    }
    mapping[label] = role;
  });
  return mapping;
}

/**
 * A mapping file: a JSON object `{"Axe/Objectif": "objective", "KPI": "indicators"}`, or one
 * `header=role` a line (blank lines and lines starting with # ignored).
 */
export function parseMappingFile(text: string, file: string): ColumnMapping {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      // Our words and the file's own line (before trimming), JSON.parse's message in details.
      const problem = jsonSyntaxProblem(text.replace(/^\uFEFF/, ''));
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `${file} : JSON illisible : ${problem.fr}.`,
          en: `${file} is not valid JSON: ${problem.en}.`,
        },
        {
          location: { file },
          details: { reason: (error as Error).message },
          cause: error,
        },
      );
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `${file} : un objet en-tête → rôle est attendu.`,
          en: `${file}: expected an object of header → role.`,
        },
        {
          location: { file },
        },
      );
    }
    return parseMappingEntries(
      Object.entries(parsed as Record<string, unknown>).map(([label, role]) => `${label}=${String(role)}`),
      file,
    );
  }
  const lines = trimmed.split(/\r?\n/);
  const entries: string[] = [];
  const numbers: number[] = [];
  lines.forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    entries.push(line);
    numbers.push(i + 1);
  });
  try {
    return parseMappingEntries(entries, file);
  } catch (error) {
    // Name the file's own line, not the entry's rank among the non-blank lines.
    if (error instanceof JalonError && typeof error.location?.row === 'number') {
      const row = numbers[error.location.row - 1] ?? error.location.row;
      const texts = {
        fr: error.texts.fr.replace(/ligne \d+/, `ligne ${row}`),
        en: error.texts.en.replace(/line \d+/, `line ${row}`),
      };
      throw new JalonError('BAD_INPUT', texts, {
        location: { file, row },
      });
    }
    throw error;
  }
}
