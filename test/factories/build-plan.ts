import { parseDeadline } from '../../src/core/academic-calendar.ts';
import { planSchema, type ActionInput, type Plan, type PlanInput } from '../../src/core/plan-schema.ts';

/**
 * A realistic plan for tests and benchmarks, shaped like the 2026 updated plan (three campuses,
 * general → operational objectives, local actions per campus, steps with periods, a synthesis
 * timeline) plus an AEQES-style axis with sub-dimensions and actions straight under them.
 *
 * `actionCount` grows the plan by adding objectives until it holds that many actions (the bench
 * uses 1,000); `hostile` fills texts with strings that try to break CSV, HTML, Markdown and
 * spreadsheets. Any other key overrides the plan's top-level field.
 */
export interface BuildPlanOptions extends Partial<PlanInput> {
  actionCount?: number;
  hostile?: boolean;
}

const sites = [
  { code: 'LLN', name: 'Louvain-la-Neuve' },
  { code: 'MONS', name: 'Mons' },
  { code: 'MONTIGNIES', name: 'Montignies-sur-Sambre' },
];

export const hostileStrings = [
  '=HYPERLINK("http://evil.example","clic")',
  '+33 1 23 45 67',
  '-2+3',
  '@SUM(A1:A3)',
  '\tTabulé',
  'Pipe | dans | le texte',
  '<script>alert("x")</script> & <b>gras</b>',
  '`code` et **gras** et [lien](javascript:alert(1))',
  'Guillemets "doubles", virgule; point-virgule\nsur deux lignes',
  '# Pas un titre',
  'Accents : é è ê ë à â ç ô û ù ï œ Œ « » – — … ’ ·',
];

const timelineYears = ['2023-2024', '2024-2025', '2025-2026', '2026-2027', '2027-2028', '2028-2029'];

const originalColumns = [
  { key: 'objective', label: '' },
  { key: 'references', label: 'Référence éventuelle aux recommandations des experts' },
  { key: 'steeringLevel', label: 'Niveau de pilotage' },
  { key: 'guarantor', label: "Garant de l'objectif" },
  { key: 'expectedResults', label: 'Résultats attendus' },
  { key: 'text', label: 'Actions locales' },
  { key: 'responsibles', label: 'Responsables' },
  { key: 'indicators', label: 'Indicateurs de suivi' },
  { key: 'status', label: 'Etat de réalisation' },
];

/** Distinct themes, so that no two objectives of a plan read as the same objective repeated. */
const objectiveThemes = [
  'renforcer le suivi des étudiant·e·s en difficulté',
  'diversifier les dispositifs d’aide à la réussite',
  'consolider le réseau des ancien·ne·s',
  'formaliser les lieux d’échanges avec les milieux professionnels',
  'soutenir la mobilité internationale',
  'développer les compétences numériques',
  'améliorer la transition secondaire-supérieur',
  'harmoniser les grilles d’évaluation des stages',
  'structurer l’accueil des nouveaux membres du personnel',
  'intégrer le développement durable dans les cours',
  'partager les données de l’enquête sur les réalités étudiantes',
  'organiser des intervisions pour les maîtres de formation pratique',
  'mettre en place une politique de formation continue',
  'valoriser les travaux de fin d’études',
];
const generalThemes = [
  'Développer l’aide à la réussite',
  'Accompagner nos diplômé·e·s dans leur vie active',
  'Promouvoir la formation continue des membres du personnel',
  'Renforcer la collaboration avec les milieux professionnels',
  'Améliorer la gouvernance et la démarche qualité',
  'Soutenir la mobilité étudiante',
];

const statuses: Array<[ActionInput['status'], string]> = [
  ['in_progress', 'En cours'],
  ['implemented', 'Implémenté'],
  ['done', 'Réalisé'],
  ['postponed', 'Reporté'],
  ['dropped', "Plus d'actualité"],
  ['planned', 'À venir'],
];

/** Deterministic choice so that two calls give the same plan. */
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

function buildLocalAction(n: number, siteIndex: number, hostile: boolean): ActionInput {
  const [status, statusLabel] = pick(statuses, n);
  const site = pick(sites, siteIndex);
  return {
    text:
      hostile && n % 3 === 0
        ? pick(hostileStrings, n)
        : `Organiser l'atelier n° ${n} sur l'accompagnement des étudiant·e·s`,
    sites: [site.code],
    responsibles: [
      `Coordination pédagogique ${site.name}`,
      ...(n % 2 ? ['Cellule d’aide à la réussite'] : []),
    ],
    indicators: [`Taux de participation (action ${n})`, ...(n % 3 ? [] : ['Nombre de séances organisées'])],
    status,
    statusLabel,
    notes: `Note interne ${n} : ne pas publier`,
    extra: n % 5 === 0 ? { 'Partenaire(s)': `Partenaire n° ${n}` } : {},
  };
}

function buildStep(n: number): ActionInput {
  return {
    kind: 'step',
    text: `Etape ${n} : analyser les fiches UE du bloc ${(n % 3) + 1}`,
    references: ['Analyse Transversale Cursus Assistant Social p.14'],
    tasks: ['Relire les fiches', 'Proposer des ajustements'],
    responsibles: ['Coordination qualité'],
    deadline: 'septembre 2026 - décembre 2026',
    deadlinePeriod: parseDeadline('septembre 2026 - décembre 2026').period,
    status: 'planned',
    statusLabel: 'À venir',
  };
}

function buildOperationalObjective(n: number, actionsWanted: number, hostile: boolean) {
  const reinforced = n % 4 === 0;
  const actions: ActionInput[] = reinforced
    ? [
        {
          text: '',
          responsibles: ['DAE – Directions aux Enseignements'],
          indicators: ['Participation des enseignant-e-s à des formations'],
          status: 'in_progress',
          statusLabel: 'En cours',
        },
      ]
    : Array.from({ length: actionsWanted }, (_, i) => buildLocalAction(n * 10 + i, i, hostile));
  const slot = n % 5;
  return {
    title:
      hostile && n % 7 === 3
        ? `${pick(hostileStrings, n)} (objectif ${n})`
        : `Objectif opérationnel ${n} : ${pick(objectiveThemes, n - 1)}`,
    references: n % 2 ? [`Critère ${(n % 5) + 1}, Recommandation ${(n % 9) + 1}`] : [],
    steeringLevel: reinforced
      ? { value: 'reinforced_coordination' as const, label: 'Coordination renforcée' }
      : { value: 'flexible_coordination' as const, label: 'Coordination souple' },
    guarantor: n % 2 ? 'Direction de Département' : 'DAE – Directions aux Enseignements',
    expectedResults: [`Meilleure réussite en bloc 1 (objectif ${n})`],
    timeline: [
      { year: pick(timelineYears, slot), term: 'Q1' as const },
      { year: pick(timelineYears, slot), term: 'Q2' as const },
      { year: pick(timelineYears, slot + 1), term: 'Q1' as const },
    ],
    scope: n % 3 === 0 ? ('some' as const) : ('all' as const),
    scopeSites: n % 3 === 0 ? ['LLN'] : [],
    isNew: n % 6 === 5,
    completionNote: n % 11 === 10 ? 'Action terminée en 2021-2022' : null,
    notes: n % 2 ? `Remarque interne sur l'objectif ${n}` : null,
    actions,
  };
}

/** Builds the plan; see BuildPlanOptions. */
export function buildPlan(options: BuildPlanOptions = {}): Plan {
  const { actionCount = 40, hostile = false, ...overrides } = options;
  let counted = 0;
  let objectiveNumber = 0;
  const axes: PlanInput['axes'] = [];
  const axisTitles = [
    "L'accompagnement des étudiants et des étudiantes",
    'La professionnalité des membres du personnel',
    'La gouvernance et le développement institutionnel',
  ];
  // Axes 1 and 2 (and more when the plan must be large) in the 2026 plan's shape.
  for (let a = 0; counted < actionCount - 9 || a < 2; a++) {
    const generals = [];
    for (let g = 0; g < 2 && (counted < actionCount - 9 || g === 0); g++) {
      const operationals = [];
      for (let o = 0; o < 3 && (counted < actionCount - 9 || o === 0); o++) {
        objectiveNumber++;
        const objective = buildOperationalObjective(objectiveNumber, 3, hostile);
        counted += objective.actions.length;
        operationals.push(objective);
      }
      generals.push({
        title:
          hostile && g === 1
            ? `Objectif général | ${pick(hostileStrings, a)}`
            : `${pick(generalThemes, a * 2 + g)} (${a + 1}.${g + 1})`,
        objectives: operationals,
      });
    }
    axes.push({ number: String(a + 1), title: pick(axisTitles, a), objectives: generals });
  }
  // A road map in steps (the 2026 plan's "Etape" table), with its own column template.
  const steps = [buildStep(1), buildStep(2)];
  counted += steps.length;
  axes[0]!.objectives!.push({
    title: 'Mettre en œuvre la révision du programme',
    steeringLevel: { value: 'reinforced_coordination', label: 'Coordination renforcée' },
    timeline: [{ year: '2026-2027', term: 'Q1' }],
    scope: 'all',
    isNew: true,
    columns: [
      { key: 'text', label: 'Etape' },
      { key: 'references', label: 'Référence' },
      { key: 'tasks', label: 'Actions locales' },
      { key: 'responsibles', label: 'Responsables' },
      { key: 'deadline', label: 'Échéance' },
      { key: 'status', label: 'Etat de réalisation' },
    ],
    actions: steps,
  });
  // An AEQES-template axis: sub-dimensions with actions straight under them, priorities, conditions.
  const aeqesActions = (prefix: string, count: number): ActionInput[] =>
    Array.from({ length: count }, (_, i) => ({
      text: `${prefix} : action ${i + 1}${hostile && i === 0 ? ` ${pick(hostileStrings, i + 5)}` : ''}`,
      priority: (i % 3) + 1,
      responsibles: ['Direction', 'Coordination qualité'],
      statusLabel: i % 2 ? 'Action planifiée en janvier 2016' : 'Action réalisée en 2014-2015 et pérenne',
      status: i % 2 ? 'planned' : 'implemented',
      deadline: i % 2 ? 'janvier 2016' : '2014-2015',
      deadlinePeriod: parseDeadline(i % 2 ? 'janvier 2016' : '2014-2015').period,
      expectedResults: ['Optimiser la gestion administrative des stages'],
      conditions: i === 0 ? 'Capitaliser sur les actions du coordonnateur de secteur' : null,
    }));
  const remaining = Math.max(7, actionCount - counted);
  axes.push({
    number: String(axes.length + 1),
    title: "Professionnaliser davantage encore en s'ouvrant au monde extérieur",
    actions: aeqesActions('Axe', 1),
    subdimensions: [
      {
        number: `${axes.length + 1}.1`,
        title: 'A travers les contacts avec le milieu professionnel',
        actions: aeqesActions('Contacts', 3),
      },
      {
        number: `${axes.length + 1}.2`,
        title: 'A travers les stages',
        actions: aeqesActions('Stages', remaining - 4),
      },
    ],
  });
  const input: PlanInput = {
    title: "Plan d'Actions Actualisé - 2026",
    institution: 'Haute École Louvain en Hainaut',
    department: 'CLUSTER SCIENCES SOCIALES',
    programme: 'Cursus : bachelier Assistant·e social·e',
    sites,
    period: { from: '2025-2026', to: '2028-2029' },
    version: { label: "Plan d'action actualisé 2026", date: '2026-03-15', kind: 'updated' },
    sections: [
      {
        title: '1. Introduction',
        level: 1,
        text: 'Le plan d’action présenté ci-dessous sous forme de tableaux s’inscrit dans la continuité de l’évaluation par l’AEQES.',
      },
      {
        title: '1.1. Méthodologie',
        level: 2,
        text: 'Ce plan est le fruit d’un travail d’équipe.\n\n- Axe 1 : l’accompagnement\n- Axe 2 : la professionnalité',
        footnotes: ['Dossier d’Auto-Évaluation (DAE).'],
      },
    ],
    signatories: [
      { role: 'Coordination qualité', name: 'Marie Dupont' },
      { role: 'Direction de Département', name: 'Jean Martin' },
    ],
    columns: originalColumns,
    timelineYears,
    statusLegend: "Etat de Réalisation : Réalisé; Implémenté; Reporté; En cours; Plus d'actualité",
    recommendations: [
      { criterion: '2', number: '2', text: 'Structurer la relation avec les alumni.' },
      {
        criterion: '3',
        number: '6',
        text: 'Renforcer l’apprentissage du travail de groupe.',
        justification: 'Déjà couvert par le plan stratégique.',
      },
    ],
    axes,
    warnings: [
      {
        code: 'REPEATED_OBJECTIVE',
        message: 'Objectif répété',
        location: { file: 'plan.docx', table: 3, row: 4 },
      },
    ],
    ...overrides,
  };
  return planSchema.parse(input);
}
