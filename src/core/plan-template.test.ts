import { describe, expect, it } from 'vitest';
import { builtInTemplates, duplicateTemplate, findBuiltInTemplate } from './built-in-templates.ts';
import { buildCustomFieldsSchema, formatCustomFieldValue, parseCustomFieldValue } from './custom-fields.ts';
import {
  columnKeyFromLabel,
  customColumns,
  orderColumns,
  readTemplatePriority,
  readTemplateStatus,
  templateSchema,
  type TemplateInput,
} from './plan-template.ts';

/** A template with its own columns and status words, as an institution would make one. */
const institutionTemplate: TemplateInput = {
  id: 'he-exemple',
  name: { fr: 'Modèle HE Exemple', en: 'HE Example template' },
  columns: [
    { key: 'text', field: 'text', label: { fr: 'Action', en: 'Action' }, required: true },
    { key: 'responsibles', field: 'responsibles', type: 'persons', label: { fr: 'Porteur', en: 'Owner' } },
    {
      key: 'budget',
      label: { fr: 'Budget (€)', en: 'Budget (€)' },
      type: 'number',
      order: { screen: 10, exports: { docx: -1 } },
    },
    {
      key: 'campus',
      label: { fr: 'Implantation', en: 'Campus' },
      type: 'choice',
      options: ['Namur', 'Charleroi'],
      multiple: true,
      required: true,
    },
    { key: 'revue', label: { fr: 'Date de revue', en: 'Review date' }, type: 'date' },
    { key: 'visa', label: { fr: 'Visa de la direction', en: 'Director’s approval' }, type: 'persons' },
  ],
  statuses: [
    { label: { fr: 'Clôturé', en: 'Closed' }, status: 'done' },
    { label: { fr: 'Abandonné', en: 'Abandoned' }, status: 'dropped' },
    { label: { fr: 'En chantier', en: 'Under way' }, status: 'in_progress' },
  ],
  priorityScale: {
    kind: 'levels',
    levels: [
      { value: 1, label: { fr: 'Basse', en: 'Low' } },
      { value: 3, label: { fr: 'Haute', en: 'High' } },
    ],
  },
};

describe('templates', () => {
  it('ships the four built-in templates, each valid, the AEQES one with the 2015 plan’s columns', () => {
    expect(builtInTemplates.map((t) => t.id)).toEqual([
      'aeqes-official',
      'three-campus',
      'subject-priority',
      'english-qep',
    ]);
    for (const template of builtInTemplates) expect(templateSchema.parse(template)).toEqual(template);
    expect(findBuiltInTemplate('aeqes-official')!.columns.map((c) => c.label.fr)).toEqual([
      'Description des actions',
      'Degré de priorité',
      'Responsable(s)',
      'Degré de réalisation / Échéance(s)',
      'Résultats attendus',
      'Conditions de réalisation',
    ]);
    expect(
      findBuiltInTemplate('three-campus')!
        .columns.map((c) => c.label.fr)
        .slice(1),
    ).toEqual([
      'Référence aux recommandations des experts',
      'Niveau de pilotage',
      'Garant de l’objectif',
      'Résultats attendus',
      'Actions locales',
      'Responsables',
      'Indicateurs de suivi',
      'Etat de réalisation',
    ]);
    expect(findBuiltInTemplate('subject-priority')!.columns.map((c) => c.label.fr)).toEqual([
      'Sujet',
      'Description des actions',
      'Degré de priorité',
      'Responsable(s)',
      'Échéances',
      'Résultats attendus',
    ]);
    expect(findBuiltInTemplate('english-qep')!.language).toBe('en');
    expect(findBuiltInTemplate('aeqes-official')!.criteria!.criteria).toHaveLength(5);
  });

  it('a copy keeps everything but its id and records what it was based on', () => {
    const copy = duplicateTemplate(findBuiltInTemplate('three-campus')!, 'helha-social');
    expect(copy.basedOn).toBe('three-campus');
    expect(copy.columns).toEqual(findBuiltInTemplate('three-campus')!.columns);
  });

  it('refuses a key used twice, a choice column without values, a layout naming no column, a word for two statuses', () => {
    const bad = templateSchema.safeParse({
      ...institutionTemplate,
      columns: [
        ...institutionTemplate.columns,
        { key: 'budget', label: { fr: 'Autre', en: 'Other' } },
        { key: 'niveau', label: { fr: 'Niveau', en: 'Level' }, type: 'choice' },
      ],
      statuses: [
        { label: { fr: 'Clôturé', en: 'Closed' }, status: 'done' },
        { label: { fr: 'Fermé', en: 'Closed' }, status: 'dropped' },
      ],
      document: { columns: ['nothing'] },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'column key "budget" is used twice',
        'a "choice" column lists its values',
        'no column has the key "nothing"',
        'the word "closed" names two statuses',
      ]),
    );
  });

  it('reads the institution’s status words into canonical statuses, in either language', () => {
    const template = templateSchema.parse(institutionTemplate);
    expect(readTemplateStatus(template, 'clôturé')?.status).toBe('done');
    expect(readTemplateStatus(template, ' ABANDONNE ')?.status).toBe('dropped');
    expect(readTemplateStatus(template, 'Under way')?.status).toBe('in_progress');
    expect(readTemplateStatus(template, 'Réalisé en partie')).toBeNull();
    expect(readTemplatePriority(template, 'haute')).toBe(3);
    expect(readTemplatePriority(template, 'Moyenne')).toBeNull();
  });

  it('orders columns for the screen and for each export, the document showing its chosen columns', () => {
    const template = templateSchema.parse({
      ...institutionTemplate,
      columns: institutionTemplate.columns.map((c, i) => ({
        ...c,
        order: c.order ?? { screen: i },
      })),
    });
    expect(orderColumns(template, 'screen').map((c) => c.key)).toEqual([
      'text',
      'responsibles',
      'campus',
      'revue',
      'visa',
      'budget',
    ]);
    expect(orderColumns(template, 'docx').map((c) => c.key)).toEqual([
      'budget',
      'text',
      'responsibles',
      'campus',
      'revue',
      'visa',
    ]);
    const chosen = templateSchema.parse({ ...template, document: { columns: ['text', 'campus'] } });
    expect(orderColumns(chosen, 'pdf').map((c) => c.key)).toEqual(['text', 'campus']);
    expect(orderColumns(chosen, 'xlsx')).toHaveLength(6);
  });

  it('makes a column key from a header, unique among the others', () => {
    expect(columnKeyFromLabel('Visa de la direction', new Set())).toBe('visaDeLaDirection');
    expect(columnKeyFromLabel('Budget (€)', new Set(['budget']))).toBe('budget2');
    expect(columnKeyFromLabel('2e lecture', new Set())).toBe('colonne2eLecture');
    expect(columnKeyFromLabel('???', new Set())).toBe('colonne');
  });
});

describe('custom field values', () => {
  const template = templateSchema.parse(institutionTemplate);

  it('are validated by a schema built from the template: types, choices, dates', () => {
    const schema = buildCustomFieldsSchema(template);
    expect(customColumns(template).map((c) => c.key)).toEqual(['campus', 'revue', 'visa', 'budget']);
    expect(
      schema.parse({ budget: 1200.5, campus: ['Namur'], revue: '2025-2026 Q2', visa: ['M. Dupont'] }),
    ).toEqual({ budget: 1200.5, campus: ['Namur'], revue: '2025-2026 Q2', visa: ['M. Dupont'] });
    const bad = schema.safeParse({ budget: 'beaucoup', campus: ['Liège'], revue: 'bientôt' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['budget', 'campus.0', 'revue']);
  });

  it('keep the values of a column the template no longer has', () => {
    const schema = buildCustomFieldsSchema(template);
    expect(schema.parse({ ancienneColonne: 'gardée' })).toEqual({ ancienneColonne: 'gardée' });
  });

  it('require a required column only when editing', () => {
    expect(buildCustomFieldsSchema(template).safeParse({}).success).toBe(true);
    const edit = buildCustomFieldsSchema(template, { requireValues: true });
    expect(edit.safeParse({}).success).toBe(false);
    expect(edit.safeParse({ campus: [] }).success).toBe(false);
    expect(edit.safeParse({ campus: ['Charleroi'] }).success).toBe(true);
  });

  it('check site codes against the plan’s sites when given', () => {
    const withSite = templateSchema.parse({
      ...institutionTemplate,
      columns: [
        ...institutionTemplate.columns,
        { key: 'lieu', label: { fr: 'Lieu', en: 'Site' }, type: 'site' },
      ],
    });
    const schema = buildCustomFieldsSchema(withSite, { sites: ['LLN', 'MONS'] });
    expect(schema.safeParse({ lieu: 'MONS' }).success).toBe(true);
    expect(schema.safeParse({ lieu: 'NAMUR' }).success).toBe(false);
  });

  it('are written to a cell and read back to the same value, and a cell the type cannot hold is refused', () => {
    const byKey = (key: string) => template.columns.find((c) => c.key === key)!;
    const values = { budget: 1200.5, campus: ['Namur', 'Charleroi'], revue: 'juin 2026', visa: ['A', 'B'] };
    for (const [key, value] of Object.entries(values)) {
      const cell = formatCustomFieldValue(byKey(key), value, template);
      expect(parseCustomFieldValue(byKey(key), cell.split('\n'), template)).toEqual({ ok: true, value });
    }
    expect(parseCustomFieldValue(byKey('budget'), ['1 200,50'], template)).toEqual({
      ok: true,
      value: 1200.5,
    });
    expect(parseCustomFieldValue(byKey('campus'), ['namur; CHARLEROI'], template)).toEqual({
      ok: true,
      value: ['Namur', 'Charleroi'],
    });
    const refused = parseCustomFieldValue(byKey('budget'), ['beaucoup'], template);
    expect(refused).toMatchObject({ ok: false, text: 'beaucoup', expected: { en: 'a number' } });
    const priority = templateSchema.parse({
      ...institutionTemplate,
      columns: [
        ...institutionTemplate.columns,
        { key: 'urgence', label: { fr: 'Urgence', en: 'Urgency' }, type: 'priority' },
      ],
    });
    const urgence = priority.columns.at(-1)!;
    expect(formatCustomFieldValue(urgence, 3, priority)).toBe('Haute');
    expect(parseCustomFieldValue(urgence, ['Haute'], priority)).toEqual({ ok: true, value: 3 });
    expect(parseCustomFieldValue(urgence, ['**'], priority).ok).toBe(false);
  });
});
