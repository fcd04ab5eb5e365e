import { normaliseAcademicYear, type TermSlot } from '../core/academic-calendar.ts';
import type { ColumnKey } from '../core/column-roles.ts';
import { foldText } from '../core/text.ts';

/** The fields a plan table column can hold: see src/core/column-roles.ts. */
export { columnKeys, type ColumnKey } from '../core/column-roles.ts';

/** Columns that only an objective can fill. */
export const objectiveOnlyKeys: ReadonlySet<ColumnKey> = new Set([
  'parentObjective',
  'scope',
  'isNew',
  'completionNote',
  'timelineSlot',
]);

/** Objective-level fields and the key of their column when a header says it is the action's own. */
export const actionScopedKeys = {
  references: 'actionReferences',
  steeringLevel: 'actionSteeringLevel',
  guarantor: 'actionGuarantor',
  expectedResults: 'actionExpectedResults',
} as const satisfies Partial<Record<ColumnKey, ColumnKey>>;
export type ObjectiveLevelKey = keyof typeof actionScopedKeys;
export const objectiveLevelKeys = Object.keys(actionScopedKeys) as ObjectiveLevelKey[];

/** The action field an action-scoped key names ("actionGuarantor" → "guarantor"), or null. */
export function actionScopedField(key: ColumnKey): ObjectiveLevelKey | null {
  return objectiveLevelKeys.find((field) => actionScopedKeys[field] === key) ?? null;
}

/**
 * Column names seen in French and English plans, folded (lower case, no accents). A header cell
 * matches a key when it starts with, or equals, one of these after folding and cleaning.
 * Order matters: the first key whose pattern matches wins, so combined and specific names come
 * before generic ones ("Degré de réalisation / Échéance" before "Échéance").
 */
const synonymPatterns: Array<[ColumnKey, RegExp]> = [
  // Jalon's machine columns; "Date de fin" stays a deadline, as plans use it.
  ['statusCode', /^(code (du )?statut|code (d')?etat|status code|status value)$/],
  ['periodStart', /^(debut|date de debut|debut de (la )?periode|start|start date|period start)$/],
  ['periodEnd', /^(fin|fin de (la )?periode|end|end date|period end)$/],
  ['kind', /^(types?|type de ligne|type d'action|kind|row type)$/],
  ['actionId', /^(identifiant jalon|id jalon|jalon id)$/],
  ['parentObjective', /^(objectifs? parents?|parent objectives?)$/],
  ['scope', /^(portee|scope)$/],
  ['isNew', /^(nouveau|nouvel objectif|new|new objective)$/],
  ['completionNote', /^(note d'achevement|completion note)$/],
  [
    'timelineSlot',
    /^(\d{4}\s*[-/–]\s*(\d{2}|\d{4})\s+(q|quadri(mestre)?\s*)[12]|(q|quadri(mestre)?\s*)[12]\s+\d{4}\s*[-/–]\s*(\d{2}|\d{4}))$/,
  ],
  [
    'statusDeadline',
    /^(degre|etat|statut|status)( de realisation)?\s*[/&+-]\s*(echeances?|delais?|deadline|due)/,
  ],
  ['statusDeadline', /^(echeances?|delais?|deadline|due date)\s*[/&+-]\s*(degre|etat|statut|status)/],
  [
    'subdimension',
    /^(sous[- ]dimensions?|sous[- ]axes?|sub[- ]?dimensions?|sub[- ]?themes?|sous[- ]themes?)$/,
  ],
  [
    'axis',
    /^(axes?( strategiques?)?|axis|strategic axis|pillars?|piliers?|domaines?( d'action)?|themes?|theme strategique|dimensions?|areas?( of improvement)?|chapitres?|priority areas?|focus areas?|areas? of focus|strategic priorit(y|ies)|strategic areas?|key areas?|themes? strategiques?|volets?|workstreams?|work streams?|strands?|standards?|criteres? (aeqes|de l'aeqes|du referentiel)|aeqes criteri(on|a))$/,
  ],
  [
    'generalObjective',
    /^(objectifs? (generaux|general|strategiques?)|general objectives?|strategic objectives?|goals?|strategic goals?|strategic aims?)$/,
  ],
  [
    'objective',
    /^(objectifs?( operationnels?| specifiques?| poursuivis?| d'amelioration)?|operational objectives?|objectives?|specific objectives?|sujets?|subjects?|topics?|enjeux|aims?|axes? ?\/ ?objectifs?|axes? et objectifs?)$/,
  ],
  ['step', /^(etapes?|steps?|phases?|jalons?|milestones?)$/],
  [
    'text',
    /^(description des actions|descriptions?( de l'action| des mesures)?|intitule( de l'action)?|actions?( locales?| a mener| a mettre en place| prevues?| proposees?| envisagees?| d'amelioration| correctives?| correctrices?)?|actions? \/ mesures?|mesures?( d'amelioration| correctives?)?|local actions?|planned actions?|improvement actions?|corrective actions?|actions? (to be taken|to take|required|planned|proposed)|what will be done|actions? items?|actions? description|activit(e|y|ies|es)|initiatives?|quoi|what)$/,
  ],
  [
    'references',
    /^(references?|ref\.?|criteres?|sous-criteres?|criterion|criteria|recommandations?|recommendations?|recommandations? des experts|constats?|findings?)\b/,
  ],
  [
    'steeringLevel',
    /^(niveau de pilotage|pilotage|steering( level)?|coordination|governance level|niveau de coordination)/,
  ],
  ['guarantor', /^(garants?|guarantors?|garant de l'objectif|sponsors?|accountable|porteurs? de l'objectif)/],
  [
    'expectedResults',
    /^(resultats? attendus?|expected results?|expected outcomes?|outcomes?|resultats? vises?|effets? attendus?|objectifs? vises?|deliverables?|livrables?)/,
  ],
  [
    'indicators',
    /^(indicateurs?( de suivi| de reussite| de resultat)?|indicators?|kpis?|key performance indicators?|success (criteria|indicators?|measures?)|measures? of success|criteres? de reussite|moyens? de verification)/,
  ],
  [
    'responsibles',
    /^(responsables?|responsibles?|responsibility|responsible( persons?| party| parties)?|pilotes?|owners?|porteurs?|personnes?( responsables?| impliquees?| en charge)?|qui|who|acteurs?|lead|leads|in charge|intervenants?|action owners?|persons? responsible|accountable persons?)/,
  ],
  [
    'status',
    /^(degre de realisation|etat d'avancement|etat de realisation|etat|statuts?|status|avancement|progress|realisation|state|suivi|etat des lieux|rag( status| rating)?|current status|progress status)/,
  ],
  [
    'deadline',
    /^(echeances?|echeancier|delais?|calendrier|planning|pour quand|deadlines?|due( date)?|dates?( de fin| butoir| limite| prevue)?|timeline|timing|periode|period|quand|when|target dates?|horizon|time ?frames?|timescales?|by when|completion date)/,
  ],
  [
    'priority',
    /^(degre de priorite|priorites?|priority|priorities|importance|urgence|urgency|niveau de priorite)/,
  ],
  [
    'conditions',
    /^(conditions?( de realisation| de reussite)?|ressources?( necessaires)?|moyens?( necessaires)?|resources?( needed)?|means|prerequisites?|budget|requirements?)/,
  ],
  ['tasks', /^(taches|sous-taches|tasks?|sub-?tasks?)$/],
  ['sites', /^(implantations?|sites?|campus|campuses|lieux?|locations?)$/],
  ['identifier', /^(n°|no|nr|num(ero)?|#|id|code|ref\. action|numero d'action|action (n°|no|id))$/],
  ['notes', /^(remarques?|commentaires?|comments?|notes?|observations?)$/],
];

/** Footnote markers, stars and punctuation that decorate a header without changing its meaning. */
function cleanHeaderLabel(label: string): string {
  return foldText(label)
    .replace(/<[^>]+>/g, ' ')
    .replace(/[¹²³⁴⁵⁶⁷⁸⁹⁰*]+/g, ' ')
    .replace(/\(s\)/g, 's')
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/\s*[?]\s*$/, '')
    .replace(/\s*[:.]+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * "Garant de l'action", "Résultats attendus de l'étape", "Action references": an objective-level
 * field named as the action's own. Tried before the plain names, which would match its start.
 */
const actionQualifiers = [
  /^(?<field>.+?) (de l'action|de l'etape|de chaque action|par action|of the action|of the step|per action)$/,
  /^(action|step)('s)? (?<field>.+)$/,
];

/** The field a header cell names, or null when the label is unknown. */
export function matchColumn(label: string): ColumnKey | null {
  const cleaned = cleanHeaderLabel(label);
  if (!cleaned) return null;
  for (const qualifier of actionQualifiers) {
    const field = qualifier.exec(cleaned)?.groups?.field;
    const key = field ? matchCleanedLabel(field) : null;
    if (key && key in actionScopedKeys) return actionScopedKeys[key as ObjectiveLevelKey];
  }
  return matchCleanedLabel(cleaned);
}

function matchCleanedLabel(cleaned: string): ColumnKey | null {
  for (const [key, pattern] of synonymPatterns) {
    const match = pattern.exec(cleaned);
    // A synonym must end on a word boundary: "qui" names a column, "quinzaine" does not.
    if (match && !/[a-z0-9]/.test(cleaned.charAt(match[0].length))) return key;
  }
  return null;
}

/** The quadrimester a timeline column names: "2025-2026 Q1", "Q2 2026-27". */
export function readTimelineSlotLabel(label: string): TermSlot | null {
  const cleaned = cleanHeaderLabel(label);
  const year = /\d{4}\s*[-/–]\s*(\d{4}|\d{2})/.exec(cleaned);
  const term = /(?:^|\s)(?:q|quadri(?:mestre)?\s*)([12])(?:\s|$)/.exec(cleaned);
  const academicYear = year ? normaliseAcademicYear(year[0]) : null;
  if (!academicYear || !term || matchColumn(label) !== 'timelineSlot') return null;
  return { year: academicYear, term: term[1] === '1' ? 'Q1' : 'Q2' };
}

/** Whether a cell reads as a column name (for telling header rows from data rows). */
export function isKnownColumnLabel(label: string): boolean {
  return matchColumn(label) !== null;
}
