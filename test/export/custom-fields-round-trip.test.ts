import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { findBuiltInTemplate } from '../../src/core/built-in-templates.ts';
import { templateSchema, type Template } from '../../src/core/plan-template.ts';
import { planSchema, type Action, type Plan } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { exportPlan } from '../../src/export/index.ts';
import { importBytes, importText } from '../../src/import/index.ts';
import { summarisePlan } from '../golden/summarise.ts';
import { seedFile } from '../support/shared-files.ts';

/**
 * A custom template with two columns of its own (a budget, the campuses as a list of values)
 * and its own status words and priority words: every export carries them, and importing each
 * export with the template gives the same plan, custom fields included, without a warning about
 * columns.
 */
const template: Template = templateSchema.parse({
  id: 'he-exemple',
  name: { fr: 'Modèle HE Exemple', en: 'HE Example template' },
  columns: [
    { key: 'text', field: 'text', label: { fr: 'Action', en: 'Action' }, required: true },
    {
      key: 'responsibles',
      field: 'responsibles',
      type: 'persons',
      label: { fr: 'Porteur', en: 'Owner' },
    },
    { key: 'priority', field: 'priority', type: 'priority', label: { fr: 'Urgence', en: 'Urgency' } },
    { key: 'status', field: 'status', label: { fr: 'Avancement', en: 'Progress' } },
    { key: 'deadline', field: 'deadline', type: 'date', label: { fr: 'Pour quand', en: 'When' } },
    { key: 'budget', label: { fr: 'Budget (€)', en: 'Budget (€)' }, type: 'number' },
    {
      key: 'campus',
      label: { fr: 'Campus concernés', en: 'Campuses' },
      type: 'choice',
      options: ['Namur', 'Charleroi', 'Tournai'],
      multiple: true,
    },
  ],
  statuses: [
    { label: { fr: 'Clôturé', en: 'Closed' }, status: 'done' },
    { label: { fr: 'En chantier', en: 'Under way' }, status: 'in_progress' },
    { label: { fr: 'Abandonné', en: 'Abandoned' }, status: 'dropped' },
    { label: { fr: 'Pas encore', en: 'Not yet' }, status: 'planned' },
  ],
  priorityScale: {
    kind: 'levels',
    levels: [
      { value: 1, label: { fr: 'Basse', en: 'Low' } },
      { value: 2, label: { fr: 'Moyenne', en: 'Medium' } },
      { value: 3, label: { fr: 'Haute', en: 'High' } },
    ],
  },
});

const action = (
  text: string,
  statusLabel: string,
  status: Action['status'],
  customFields: Action['customFields'],
  more: Partial<Action> = {},
) => ({ text, statusLabel, status, customFields, responsibles: ['Direction'], ...more });

function buildTemplatePlan(): Plan {
  return planSchema.parse({
    title: 'Plan qualité HE Exemple',
    template,
    axes: [
      {
        number: '1',
        title: 'Gouvernance',
        actions: [
          action('Rédiger la charte qualité', 'Clôturé', 'done', { budget: 1200.5, campus: ['Namur'] }),
          action(
            'Former les responsables de section',
            'En chantier',
            'in_progress',
            { budget: 300, campus: ['Namur', 'Charleroi'] },
            { priority: 3, deadline: 'juin 2026' },
          ),
          action('Créer un comité étudiant', 'Abandonné', 'dropped', { campus: ['Tournai'] }),
        ],
      },
      {
        number: '2',
        title: 'Pédagogie',
        actions: [
          action('Revoir les fiches ECTS', 'Pas encore', 'planned', { budget: 0 }, { priority: 1 }),
          action('Évaluer les stages', 'En chantier', 'in_progress', {}, { priority: 2 }),
        ],
      },
    ],
  });
}

const comparedFields = [
  'text',
  'responsibles',
  'status',
  'statusLabel',
  'priority',
  'deadline',
  'customFields',
  'extra',
] as const satisfies ReadonlyArray<keyof Action>;

function actionsOf(plan: Plan) {
  return listActions(plan).map(({ action: a }) => Object.fromEntries(comparedFields.map((f) => [f, a[f]])));
}

describe('a plan in a custom template', () => {
  describe.each(['json', 'docx', 'xlsx', 'csv', 'md'] as const)('round trip through %s', (format) => {
    it('keeps every field, the custom ones included, with no column warning', async () => {
      const plan = buildTemplatePlan();
      const exported = await exportPlan(plan, { format });
      const again = await importBytes({ name: `export.${format}`, bytes: exported.bytes }, { template });
      expect(actionsOf(again.plan)).toEqual(actionsOf(plan));
      expect(again.plan.template?.columns).toEqual(template.columns);
      expect(again.warnings.filter((w) => /column/.test(w.code))).toEqual([]);
    });
  });

  it('writes the custom columns under their labels in the spreadsheet and the document', async () => {
    const plan = buildTemplatePlan();
    const csv = new TextDecoder().decode((await exportPlan(plan, { format: 'csv' })).bytes);
    const header = csv.split('\r\n')[0]!;
    expect(header).toContain('Budget (€)');
    expect(header).toContain('Campus concernés');
    expect(csv).toContain('"Namur\nCharleroi"');
    const md = new TextDecoder().decode((await exportPlan(plan, { format: 'md' })).bytes);
    expect(md).toContain(
      '| **Action** | **Porteur** | **Urgence** | **Avancement** | **Pour quand** | **Budget (€)** | **Campus concernés** |',
    );
    expect(md).toContain('Haute');
    expect(md).toContain('1200.5');
  });

  it('counts custom status words by their canonical status', () => {
    const csv = [
      'Action;Avancement;Budget (€)',
      'Une;Clôturé;10',
      'Deux;En chantier;',
      'Trois;Abandonné;',
    ].join('\n');
    const { plan } = importText(csv, { format: 'csv', template });
    expect(listActions(plan).map(({ action: a }) => [a.statusLabel, a.status])).toEqual([
      ['Clôturé', 'done'],
      ['En chantier', 'in_progress'],
      ['Abandonné', 'dropped'],
    ]);
  });

  it('keeps a column the template does not know as a new custom field, with a warning naming it', () => {
    const csv = ['Action;Porteur;Visa DD', 'Une;Direction;Accordé le 3 février', 'Deux;Secrétariat;'].join(
      '\n',
    );
    const { plan, warnings } = importText(csv, { format: 'csv', template });
    const added = plan.template!.columns.at(-1)!;
    expect(added).toMatchObject({ key: 'visaDd', label: { fr: 'Visa DD' }, type: 'text' });
    expect(listActions(plan).map(({ action: a }) => [a.customFields, a.extra])).toEqual([
      [{ visaDd: 'Accordé le 3 février' }, {}],
      [{}, {}],
    ]);
    const warning = warnings.find((w) => w.code === 'unknown-column');
    expect(warning?.texts?.fr).toContain('« Visa DD »');
    expect(warning?.texts?.en).toContain('custom field "visaDd"');
  });

  it('without a template, an unknown column stays an extra field as before', () => {
    const csv = ['Action;Porteur;Visa DD', 'Une;Direction;Accordé le 3 février'].join('\n');
    const { plan } = importText(csv, { format: 'csv' });
    expect(plan.template).toBeNull();
    expect(listActions(plan)[0]!.action.extra).toEqual({ 'Visa DD': 'Accordé le 3 février' });
  });

  it('keeps a cell its column’s type cannot hold as an extra field and says so', () => {
    const csv = ['Action;Budget (€)', 'Une;beaucoup'].join('\n');
    const { plan, warnings } = importText(csv, { format: 'csv', template });
    expect(listActions(plan)[0]!.action).toMatchObject({
      customFields: {},
      extra: { 'Budget (€)': 'beaucoup' },
    });
    expect(warnings.find((w) => w.code === 'custom-field-value')?.texts?.en).toContain('is not a number');
  });

  it('refuses a JSON plan whose custom values do not follow its template', async () => {
    const plan = buildTemplatePlan();
    plan.axes[0]!.actions[0]!.customFields = { budget: 'beaucoup' };
    const bytes = new TextEncoder().encode(JSON.stringify(plan));
    await expect(importBytes({ name: 'plan.json', bytes })).rejects.toMatchObject({
      code: 'INVALID_PLAN',
      texts: { en: expect.stringContaining('customFields.budget') },
    });
  });
});

describe('the reference plans in their built-in templates', () => {
  it.each([
    ['002_b31f838c1917508f.txt', 'aeqes-official', 'seed-002'],
    ['000_408056d1a7750f6e.txt', 'three-campus', 'seed-000'],
  ] as const)('%s read with %s gives the golden plan, no column left unplaced', (file, id, golden) => {
    const text = readFileSync(seedFile(file), 'utf8');
    const builtIn = findBuiltInTemplate(id)!;
    const { plan, warnings } = importText(text, { name: file, format: 'txt', template: builtIn });
    const expected = JSON.parse(
      readFileSync(new URL(`../golden/${golden}.summary.json`, import.meta.url), 'utf8'),
    ) as unknown;
    expect(summarisePlan(plan)).toEqual(expected);
    expect(plan.template?.columns).toEqual(builtIn.columns);
    expect(warnings.filter((w) => w.code === 'unknown-column')).toEqual([]);
  });
});

describe('the template’s document layout', () => {
  it('lays the DOCX and PDF out in portrait when the template says so, in landscape otherwise', async () => {
    const portrait = { ...buildTemplatePlan(), template: findBuiltInTemplate('english-qep')! };
    const landscape = buildTemplatePlan();
    const orientationOf = async (plan: Plan) => {
      const docx = await JSZip.loadAsync((await exportPlan(plan, { format: 'docx' })).bytes);
      const xml = await docx.file('word/document.xml')!.async('string');
      return /w:orient="(\w+)"/.exec(xml)?.[1];
    };
    expect(await orientationOf(portrait)).toBe('portrait');
    expect(await orientationOf(landscape)).toBe('landscape');
    const mediaBox = async (plan: Plan) => {
      const pdf = Buffer.from((await exportPlan(plan, { format: 'pdf' })).bytes).toString('latin1');
      return /\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)?.slice(1).map(Number);
    };
    expect(await mediaBox(portrait)).toEqual([595.28, 841.89]);
    expect(await mediaBox(landscape)).toEqual([841.89, 595.28]);
  });
});
