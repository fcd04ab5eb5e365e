import { describe, expect, it } from 'vitest';
import { planSchema } from './plan-schema.ts';
import { listActions } from './plan-walk.ts';
import { templateSchema } from './plan-template.ts';
import { changePlanTemplate, describeTemplateChange, mapCustomColumn } from './template-change.ts';

const template = templateSchema.parse({
  id: 'he',
  name: { fr: 'HE', en: 'HE' },
  columns: [
    { key: 'text', field: 'text', label: { fr: 'Action', en: 'Action' } },
    { key: 'porteurs', label: { fr: 'Porteurs', en: 'Leads' } },
    { key: 'budget', label: { fr: 'Budget', en: 'Budget' }, type: 'number' },
    { key: 'remarque', label: { fr: 'Remarque', en: 'Remark' } },
  ],
  statuses: [{ label: { fr: 'Clôturé', en: 'Closed' }, status: 'done' }],
});

/** A plan whose "Porteurs" column the importer could not place: a custom text column. */
const plan = planSchema.parse({
  title: 'Plan',
  template,
  axes: [
    {
      title: 'Axe',
      actions: [
        { id: 'a1', text: 'Une', customFields: { porteurs: 'Direction\nCellule qualité', budget: 10 } },
        { id: 'a2', text: 'Deux', responsibles: ['Secrétariat'], customFields: { porteurs: 'Direction' } },
        { id: 'a3', text: 'Trois', customFields: { remarque: 'à revoir', budget: 5 } },
      ],
    },
  ],
});

describe('mapping a custom column afterwards', () => {
  it('moves its values into the chosen field and takes the column out of the template', () => {
    const { plan: mapped, moved, kept } = mapCustomColumn(plan, 'porteurs', { field: 'responsibles' });
    expect([moved, kept]).toEqual([2, 0]);
    expect(listActions(mapped).map(({ action }) => [action.responsibles, action.customFields])).toEqual([
      [['Direction', 'Cellule qualité'], { budget: 10 }],
      [['Secrétariat', 'Direction'], {}],
      [[], { remarque: 'à revoir', budget: 5 }],
    ]);
    expect(mapped.template!.columns.map((c) => c.key)).toEqual(['text', 'budget', 'remarque']);
    // The plan given is not changed.
    expect(listActions(plan)[0]!.action.customFields.porteurs).toBe('Direction\nCellule qualité');
  });

  it('never overwrites: a filled target keeps the value under its old key, and the column stays', () => {
    const filled = planSchema.parse({
      ...plan,
      axes: [
        { title: 'Axe', actions: [{ text: 'Une', notes: 'déjà', customFields: { remarque: 'nouvelle' } }] },
      ],
    });
    const { plan: mapped, kept } = mapCustomColumn(filled, 'remarque', { field: 'notes' });
    expect(kept).toBe(1);
    expect(listActions(mapped)[0]!.action).toMatchObject({
      notes: 'déjà',
      customFields: { remarque: 'nouvelle' },
    });
    expect(mapped.template!.columns.some((c) => c.key === 'remarque')).toBe(true);
  });

  it('reads a status word of the template when mapped onto the status', () => {
    const withStatus = planSchema.parse({
      ...plan,
      axes: [{ title: 'Axe', actions: [{ text: 'Une', customFields: { remarque: 'Clôturé' } }] }],
    });
    const { plan: mapped } = mapCustomColumn(withStatus, 'remarque', { field: 'status' });
    expect(listActions(mapped)[0]!.action).toMatchObject({ status: 'done', statusLabel: 'Clôturé' });
  });
});

describe('changing a plan’s template', () => {
  it('loses nothing: values of columns the new template lacks stay, and are reported as such', () => {
    const other = templateSchema.parse({
      id: 'autre',
      name: { fr: 'Autre', en: 'Other' },
      columns: [
        { key: 'text', field: 'text', label: { fr: 'Action', en: 'Action' } },
        { key: 'budget', label: { fr: 'Budget', en: 'Budget' }, type: 'number' },
      ],
    });
    expect(describeTemplateChange(plan, other)).toEqual({ orphanKeys: ['porteurs', 'remarque'], unfit: [] });
    const changed = changePlanTemplate(plan, other);
    expect(changed.template!.id).toBe('autre');
    expect(listActions(changed).map(({ action }) => action.customFields)).toEqual(
      listActions(plan).map(({ action }) => action.customFields),
    );
  });

  it('names the values the new template’s types refuse', () => {
    const strict = templateSchema.parse({
      ...template,
      columns: template.columns.map((c) => (c.key === 'remarque' ? { ...c, type: 'number' } : c)),
    });
    expect(describeTemplateChange(plan, strict).unfit).toEqual([{ actionId: 'a3', key: 'remarque' }]);
  });
});
