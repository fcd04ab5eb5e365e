import type { z } from 'zod';
import type { Language, LocalizedText } from './errors.ts';

/**
 * What a value failing a schema is told, in both languages, written by us rather than the
 * validation library's own (English-first) texts. Schemas name their own rules by a key
 * (`message: 'jalon:date-exists'`), worded here.
 */
export const schemaMessages = {
  'jalon:iso-date': {
    fr: 'une date AAAA-MM-JJ, comme « 2026-03-31 », est attendue',
    en: 'expected an ISO date like "2026-03-31"',
  },
  'jalon:date-exists': {
    fr: 'cette date n’existe pas dans le calendrier',
    en: 'this date does not exist in the calendar',
  },
  'jalon:recommendations-input': {
    fr: 'donnez le texte collé ou la liste des recommandations',
    en: 'give the pasted text or the list of recommendations',
  },
  'jalon:http-link': {
    fr: 'seuls les liens http et https sont acceptés',
    en: 'only http and https links are accepted',
  },
  'jalon:too-many-columns': { fr: 'trop de colonnes (200 au plus)', en: 'too many columns (200 at most)' },
  'jalon:role-rule-scope': {
    fr: '« admin » se donne sans portée, tout autre rôle sur une institution, un programme ou un plan',
    en: '"admin" is given without a scope, every other role over an institution, a programme or a plan',
  },
  'jalon:scope-needs-id': { fr: 'une portée demande son identifiant', en: 'a scope needs its id' },
} as const satisfies Record<string, LocalizedText>;

const typeNames: Record<string, LocalizedText> = {
  string: { fr: 'un texte', en: 'a text' },
  number: { fr: 'un nombre', en: 'a number' },
  int: { fr: 'un nombre entier', en: 'a whole number' },
  boolean: { fr: 'vrai ou faux', en: 'true or false' },
  object: { fr: 'un objet', en: 'an object' },
  array: { fr: 'une liste', en: 'a list' },
  date: { fr: 'une date', en: 'a date' },
  null: { fr: 'rien (null)', en: 'nothing (null)' },
  undefined: { fr: 'rien', en: 'nothing' },
  NaN: { fr: 'une valeur qui n’est pas un nombre (NaN)', en: 'a value that is not a number (NaN)' },
  bigint: { fr: 'un grand entier', en: 'a big integer' },
};

function typeName(type: unknown, lang: Language): string {
  return typeNames[String(type)]?.[lang] ?? String(type);
}

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** One issue of a failed validation, in a language. */
export function describeIssue(issue: z.core.$ZodIssue, lang: Language): string {
  const fr = lang === 'fr';
  const keyed = (schemaMessages as Record<string, LocalizedText>)[issue.message];
  if (keyed) return keyed[lang];
  switch (issue.code) {
    case 'invalid_type': {
      // zod reports the input only when asked (reportInput): its type is then read from its own
      // words ("…, received string"), which name the types as `received` does.
      const type = 'input' in issue ? received(issue.input) : /received (\w+)$/.exec(issue.message)?.[1];
      if (type === 'undefined') return fr ? 'valeur manquante' : 'missing value';
      const expected = typeName(issue.expected, lang);
      if (!type) return fr ? `attendu : ${expected}` : `expected ${expected}`;
      const got = typeName(type, lang);
      return fr ? `attendu : ${expected}, reçu : ${got}` : `expected ${expected}, received ${got}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      const what =
        issue.origin === 'string'
          ? fr
            ? ` caractère${limit > 1 ? 's' : ''}`
            : ` character${limit === 1 ? '' : 's'}`
          : issue.origin === 'array' || issue.origin === 'set'
            ? fr
              ? ` élément${limit > 1 ? 's' : ''}`
              : ` item${limit === 1 ? '' : 's'}`
            : '';
      if (issue.origin === 'string' && small && limit === 1)
        return fr ? 'ne peut pas être vide' : 'cannot be empty';
      if (fr)
        return `${small ? (inclusive ? 'au moins' : 'plus de') : inclusive ? 'au plus' : 'moins de'} ${limit}${what}`;
      return `${small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than'} ${limit}${what}`;
    }
    case 'invalid_value':
      return fr
        ? `valeur non prévue (possibles : ${list(issue.values)})`
        : `unexpected value (one of ${list(issue.values)})`;
    case 'invalid_format':
      return fr ? `format non valide (${issue.format} attendu)` : `invalid format (expected ${issue.format})`;
    case 'unrecognized_keys':
      return fr
        ? `champ${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')}`
        : `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return fr ? 'clé non valide' : 'invalid key';
    case 'invalid_element':
      return fr ? 'élément non valide' : 'invalid element';
    case 'invalid_union':
      return fr ? 'valeur non valide' : 'invalid value';
    case 'not_multiple_of':
      return fr
        ? `multiple de ${String(issue.divisor)} attendu`
        : `expected a multiple of ${String(issue.divisor)}`;
    case 'custom':
    default:
      return fr ? 'valeur refusée' : 'value refused';
  }
}

/** A failed validation as one message in both languages: what is wrong and where ("changes.priority"). */
export function describeValidation(
  issues: readonly z.core.$ZodIssue[],
  what: LocalizedText,
): { texts: LocalizedText; field: string | null } {
  const issue = issues[0]!;
  const field = issue.path.map(String).join('.') || null;
  const at = field ? ` (${field})` : '';
  return {
    field,
    texts: {
      fr: `${what.fr} : valeur non valide${at} : ${describeIssue(issue, 'fr')}.`,
      en: `${what.en}: invalid value${at}: ${describeIssue(issue, 'en')}.`,
    },
  };
}
