import { foldText } from '../core/text.ts';

/**
 * The fields a plan table column can hold. Objective-level fields (objective, references,
 * steeringLevel, guarantor) sit on the objective when the table has an objective column, on
 * the action otherwise; "statusDeadline" is a column that carries both a status and a deadline
 * ("Degré de réalisation / Échéance(s)").
 */
export const columnKeys = [
  'axis',
  'subdimension',
  'objective',
  'generalObjective',
  'text',
  'step',
  'sites',
  'references',
  'steeringLevel',
  'guarantor',
  'expectedResults',
  'responsibles',
  'indicators',
  'status',
  'deadline',
  'statusDeadline',
  'priority',
  'conditions',
  'tasks',
  'notes',
  'identifier',
] as const;
export type ColumnKey = (typeof columnKeys)[number];

/**
 * Column names seen in French and English plans, folded (lower case, no accents). A header cell
 * matches a key when it starts with, or equals, one of these after folding and cleaning.
 * Order matters: the first key whose pattern matches wins, so combined and specific names come
 * before generic ones ("Degré de réalisation / Échéance" before "Échéance").
 */
const synonymPatterns: Array<[ColumnKey, RegExp]> = [
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
    /^(axes?( strategiques?)?|axis|strategic axis|pillars?|piliers?|domaines?|themes?|theme strategique|dimensions?|areas?( of improvement)?|chapitres?)$/,
  ],
  [
    'generalObjective',
    /^(objectifs? (generaux|general|strategiques?)|general objectives?|strategic objectives?|goals?)$/,
  ],
  [
    'objective',
    /^(objectifs?( operationnels?| specifiques?| poursuivis?)?|operational objectives?|objectives?|specific objectives?|sujets?|subjects?|topics?|enjeux)$/,
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
    /^(indicateurs?( de suivi| de reussite| de resultat)?|indicators?|kpis?|key performance indicators?|success (criteria|indicators?)|measures? of success|criteres? de reussite|moyens? de verification)/,
  ],
  [
    'responsibles',
    /^(responsables?|responsibles?|responsibility|responsible( persons?| party| parties)?|pilotes?|owners?|porteurs?|personnes?( responsables?| impliquees?| en charge)?|qui|who|acteurs?|lead|leads|in charge|intervenants?)/,
  ],
  [
    'status',
    /^(degre de realisation|etat d'avancement|etat de realisation|etat|statuts?|status|avancement|progress|realisation|state|suivi|etat des lieux)/,
  ],
  [
    'deadline',
    /^(echeances?|echeancier|delais?|calendrier|planning|pour quand|deadlines?|due( date)?|dates?( de fin| butoir| limite| prevue)?|timeline|timing|periode|period|quand|when|target date|horizon|timeframe)/,
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

/** The field a header cell names, or null when the label is unknown. */
export function matchColumn(label: string): ColumnKey | null {
  const cleaned = cleanHeaderLabel(label);
  if (!cleaned) return null;
  for (const [key, pattern] of synonymPatterns) {
    const match = pattern.exec(cleaned);
    // A synonym must end on a word boundary: "qui" names a column, "quinzaine" does not.
    if (match && !/[a-z0-9]/.test(cleaned.charAt(match[0].length))) return key;
  }
  return null;
}

/** Whether a cell reads as a column name (for telling header rows from data rows). */
export function isKnownColumnLabel(label: string): boolean {
  return matchColumn(label) !== null;
}
