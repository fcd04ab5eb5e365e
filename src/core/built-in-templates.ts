import { templateSchema, type Template, type TemplateInput } from './plan-template.ts';

/**
 * The templates Jalon ships, as data: a new plan starts from one, an admin copies and edits
 * them. Their columns are those of real plans: the AEQES template of the 2015 plan (seed 002),
 * the three-campus plan of 2026 (seed 000), the "Sujet | Description | Degré de priorité" layout
 * with the status inside the deadline cell, and an English quality enhancement plan.
 */

const label = (fr: string, en: string) => ({ fr, en });

/** The AEQES programme-evaluation framework's five criteria (its 2020s reference framework). */
const aeqesCriteria = {
  name: label('Référentiel AEQES (évaluation de programmes)', 'AEQES framework (programme evaluation)'),
  criteria: [
    {
      number: '1',
      title: label(
        'Politique de l’établissement pour la qualité de ses programmes',
        'The institution’s policy for the quality of its programmes',
      ),
    },
    { number: '2', title: label('Pertinence du programme', 'Relevance of the programme') },
    { number: '3', title: label('Cohérence interne du programme', 'Internal coherence of the programme') },
    {
      number: '4',
      title: label('Efficacité et équité du programme', 'Effectiveness and equity of the programme'),
    },
    {
      number: '5',
      title: label(
        'Analyse réflexive et amélioration continue (plan d’action)',
        'Reflection and continuous improvement (action plan)',
      ),
    },
  ],
};

const frenchStatuses: TemplateInput['statuses'] = [
  { label: label('À venir', 'Planned'), status: 'planned', synonyms: ['Planifié', 'Action planifiée'] },
  { label: label('En cours', 'In progress'), status: 'in_progress', synonyms: ['Action en cours'] },
  { label: label('Réalisé', 'Done'), status: 'done', synonyms: ['Action réalisée', 'Réalisée'] },
  { label: label('Implémenté', 'Implemented'), status: 'implemented', synonyms: ['Pérenne'] },
  { label: label('Reporté', 'Postponed'), status: 'postponed' },
  { label: label('Plus d’actualité', 'Dropped'), status: 'dropped', synonyms: ["Plus d'actualité"] },
];

const starScale: TemplateInput['priorityScale'] = {
  kind: 'stars',
  levels: [
    { value: 1, label: label('*', '*') },
    { value: 2, label: label('**', '**') },
    { value: 3, label: label('***', '***') },
  ],
};

const steeringLevels: TemplateInput['steeringLevels'] = [
  { value: 'reinforced_coordination', label: label('Coordination renforcée', 'Reinforced coordination') },
  { value: 'flexible_coordination', label: label('Coordination souple', 'Flexible coordination') },
  { value: 'site', label: label('Pilotage par implantation', 'Steered by site') },
  { value: 'department', label: label('Pilotage départemental', 'Steered by department') },
];

const builtInInputs: TemplateInput[] = [
  {
    id: 'aeqes-official',
    name: label('AEQES (modèle officiel)', 'AEQES (official template)'),
    description:
      'Le modèle de plan d’action de l’AEQES, comme le plan de décembre 2015 : actions par axe et sous-dimension.',
    columns: [
      {
        key: 'text',
        field: 'text',
        type: 'richText',
        required: true,
        label: label('Description des actions', 'Actions'),
      },
      { key: 'priority', field: 'priority', type: 'priority', label: label('Degré de priorité', 'Priority') },
      {
        key: 'responsibles',
        field: 'responsibles',
        type: 'persons',
        multiple: true,
        label: label('Responsable(s)', 'Responsible'),
      },
      {
        key: 'statusDeadline',
        field: 'statusDeadline',
        type: 'text',
        label: label('Degré de réalisation / Échéance(s)', 'Progress / Deadline(s)'),
      },
      {
        key: 'expectedResults',
        field: 'expectedResults',
        type: 'richText',
        label: label('Résultats attendus', 'Expected results'),
      },
      {
        key: 'conditions',
        field: 'conditions',
        type: 'richText',
        label: label('Conditions de réalisation', 'Conditions'),
      },
    ],
    statuses: frenchStatuses,
    priorityScale: starScale,
    criteria: aeqesCriteria,
    document: {
      orientation: 'landscape',
      coverFields: ['logo', 'institution', 'institutionDetails', 'title', 'programme', 'version'],
      tables: { synthesisTimeline: false, recommendations: true, detailed: true },
    },
  },
  {
    id: 'three-campus',
    name: label('Plan multi-implantations', 'Multi-campus plan'),
    description:
      'Le plan actualisé 2026 d’un bachelier organisé sur trois implantations : objectifs généraux et opérationnels, niveaux de pilotage, actions locales par implantation, ligne du temps de synthèse.',
    columns: [
      {
        key: 'objective',
        field: 'objective',
        type: 'text',
        required: true,
        label: label('Objectif', 'Objective'),
      },
      {
        key: 'references',
        field: 'references',
        type: 'text',
        label: label(
          'Référence aux recommandations des experts',
          'Reference to the experts’ recommendations',
        ),
        synonyms: ['Référence éventuelle aux recommandations des experts'],
      },
      {
        key: 'steeringLevel',
        field: 'steeringLevel',
        type: 'choice',
        label: label('Niveau de pilotage', 'Steering level'),
      },
      {
        key: 'guarantor',
        field: 'guarantor',
        type: 'persons',
        label: label('Garant de l’objectif', 'Guarantor'),
      },
      {
        key: 'expectedResults',
        field: 'expectedResults',
        type: 'richText',
        label: label('Résultats attendus', 'Expected results'),
      },
      { key: 'text', field: 'text', type: 'richText', label: label('Actions locales', 'Local actions') },
      {
        key: 'responsibles',
        field: 'responsibles',
        type: 'persons',
        multiple: true,
        label: label('Responsables', 'Responsible'),
      },
      {
        key: 'indicators',
        field: 'indicators',
        type: 'richText',
        label: label('Indicateurs de suivi', 'Indicators'),
      },
      { key: 'status', field: 'status', type: 'choice', label: label('Etat de réalisation', 'Status') },
    ],
    statuses: frenchStatuses,
    steeringLevels,
    criteria: aeqesCriteria,
    document: {
      orientation: 'landscape',
      coverFields: ['department', 'programme', 'sites', 'title'],
      siteColours: {},
      tables: { synthesisTimeline: true, recommendations: true, detailed: true },
    },
  },
  {
    id: 'subject-priority',
    name: label('Sujet, priorité et échéances', 'Subject, priority and deadlines'),
    description:
      'Sujet | Description des actions | Degré de priorité | Responsable(s) | Échéances | Résultats attendus, l’état de réalisation écrit dans la cellule de l’échéance (« A partir de juin 2015 (en cours) »).',
    columns: [
      {
        key: 'objective',
        field: 'objective',
        type: 'text',
        required: true,
        label: label('Sujet', 'Subject'),
      },
      {
        key: 'text',
        field: 'text',
        type: 'richText',
        required: true,
        label: label('Description des actions', 'Actions'),
      },
      {
        key: 'priority',
        field: 'priority',
        type: 'priority',
        label: label('Degré de priorité', 'Priority'),
      },
      {
        key: 'responsibles',
        field: 'responsibles',
        type: 'persons',
        multiple: true,
        label: label('Responsable(s)', 'Responsible'),
      },
      {
        key: 'statusDeadline',
        field: 'statusDeadline',
        type: 'text',
        label: label('Échéances', 'Deadlines'),
      },
      {
        key: 'expectedResults',
        field: 'expectedResults',
        type: 'richText',
        label: label('Résultats attendus', 'Expected results'),
      },
    ],
    statuses: frenchStatuses,
    priorityScale: {
      kind: 'levels',
      levels: [
        { value: 1, label: label('Basse', 'Low'), synonyms: ['Faible'] },
        { value: 2, label: label('Moyenne', 'Medium') },
        { value: 3, label: label('Haute', 'High'), synonyms: ['Élevée'] },
      ],
    },
    criteria: aeqesCriteria,
    document: {
      orientation: 'landscape',
      coverFields: ['institution', 'programme', 'title', 'version'],
      tables: { synthesisTimeline: false, recommendations: false, detailed: true },
    },
  },
  {
    id: 'english-qep',
    language: 'en',
    name: label('Plan d’amélioration de la qualité (anglais)', 'Quality enhancement plan'),
    description: 'A quality enhancement plan in English: recommendation, action, owner, target date, status.',
    columns: [
      {
        key: 'references',
        field: 'references',
        type: 'text',
        label: label('Recommandation', 'Recommendation'),
      },
      { key: 'text', field: 'text', type: 'richText', required: true, label: label('Action', 'Action') },
      {
        key: 'responsibles',
        field: 'responsibles',
        type: 'persons',
        multiple: true,
        label: label('Responsable', 'Owner'),
        synonyms: ['Lead', 'Responsible'],
      },
      {
        key: 'priority',
        field: 'priority',
        type: 'priority',
        label: label('Priorité', 'Priority'),
      },
      { key: 'deadline', field: 'deadline', type: 'date', label: label('Échéance', 'Target date') },
      {
        key: 'indicators',
        field: 'indicators',
        type: 'richText',
        label: label('Indicateurs', 'Success measures'),
        synonyms: ['KPI', 'Measures of success'],
      },
      { key: 'status', field: 'status', type: 'choice', label: label('Statut', 'Status') },
    ],
    statuses: [
      { label: label('Pas commencé', 'Not started'), status: 'planned' },
      { label: label('En cours', 'In progress'), status: 'in_progress', synonyms: ['On track'] },
      { label: label('Terminé', 'Completed'), status: 'done', synonyms: ['Done'] },
      { label: label('Intégré', 'Embedded'), status: 'implemented' },
      { label: label('Retardé', 'Delayed'), status: 'postponed' },
      { label: label('Abandonné', 'Withdrawn'), status: 'dropped' },
    ],
    priorityScale: {
      kind: 'levels',
      levels: [
        { value: 1, label: label('Basse', 'Low') },
        { value: 2, label: label('Moyenne', 'Medium') },
        { value: 3, label: label('Haute', 'High') },
      ],
    },
    criteria: null,
    document: {
      orientation: 'portrait',
      coverFields: ['logo', 'institution', 'title', 'period', 'version'],
      tables: { synthesisTimeline: false, recommendations: true, detailed: true },
    },
  },
];

/** The built-in templates, validated once. */
export const builtInTemplates: readonly Template[] = builtInInputs.map((input) =>
  Object.freeze(templateSchema.parse({ ...input, basedOn: null })),
);

export type BuiltInTemplateId = 'aeqes-official' | 'three-campus' | 'subject-priority' | 'english-qep';

/** A built-in template by id, or null. */
export function findBuiltInTemplate(id: string): Template | null {
  return builtInTemplates.find((t) => t.id === id) ?? null;
}

/** A copy of a template an admin edits: a new id, `basedOn` the original. */
export function duplicateTemplate(template: Template, id: string, name?: Template['name']): Template {
  return templateSchema.parse({
    ...structuredClone(template),
    id,
    name: name ?? template.name,
    basedOn: template.id,
  });
}
