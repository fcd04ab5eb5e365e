import { z } from 'zod';
import { foldText } from './text.ts';

/**
 * How an objective is steered across sites (seed 000, "Niveau de pilotage"):
 * reinforced coordination (one joint action), flexible coordination (a common goal, local
 * actions per site, a guarantor keeps them in sync), local actions, and steering by site,
 * by department or by the institution.
 */
export const steeringLevelValues = [
  'reinforced_coordination',
  'flexible_coordination',
  'local_actions',
  'site',
  'department',
  'institutional',
] as const;
export const steeringLevelValueSchema = z.enum(steeringLevelValues);
export type SteeringLevelValue = z.infer<typeof steeringLevelValueSchema>;

export const steeringLevelSchema = z.object({
  value: steeringLevelValueSchema.nullable(),
  /** The label as written in the source ("Coordination souple", "Pilotage par le Département et par implantation"). */
  label: z.string(),
});
export type SteeringLevel = z.infer<typeof steeringLevelSchema>;

export const steeringLevelLabels: Record<SteeringLevelValue, { fr: string; en: string }> = {
  reinforced_coordination: { fr: 'Coordination renforcée', en: 'Reinforced coordination' },
  flexible_coordination: { fr: 'Coordination souple', en: 'Flexible coordination' },
  local_actions: { fr: 'Actions locales', en: 'Local actions' },
  site: { fr: 'Pilotage par implantation', en: 'Steered by site' },
  department: { fr: 'Pilotage départemental', en: 'Steered by department' },
  institutional: { fr: 'Pilotage institutionnel', en: 'Institutional steering' },
};

/** Reads a steering level label; the first kind named wins ("Institutionnel avec mise en œuvre par implantation" is institutional). */
export function parseSteeringLevel(text: string | null | undefined): SteeringLevel | null {
  const label = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!label) return null;
  const folded = foldText(label);
  const candidates: Array<[SteeringLevelValue, RegExp]> = [
    ['reinforced_coordination', /coordination renforcee|reinforced coordination|joint/],
    ['flexible_coordination', /coordination souple|flexible coordination/],
    ['local_actions', /actions? locales?|local actions?/],
    ['department', /departement|department/],
    ['site', /implantation|site|campus/],
    ['institutional', /institution/],
  ];
  let best: { value: SteeringLevelValue; index: number } | null = null;
  for (const [value, re] of candidates) {
    const m = re.exec(folded);
    if (m && (best === null || m.index < best.index)) best = { value, index: m.index };
  }
  return { value: best?.value ?? null, label };
}
