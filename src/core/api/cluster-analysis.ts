import { z } from 'zod';
import { statusSchema } from '../status.ts';
import { statusCountsSchema } from './plans.ts';

/**
 * The cross-plan analysis of a cluster ("analyse transversale"): the actions of its plans grouped
 * by theme across institutions (src/analysis/cross-plan-themes.ts), and by AEQES criterion where
 * the plans reference criteria. Computed over the plans the viewer may read, without internal notes.
 */

/** One action shown as an example of a theme. */
export const themeActionSchema = z.object({
  planId: z.string(),
  actionId: z.string(),
  text: z.string(),
  status: statusSchema.nullable(),
  /** Cosine similarity of the action to its theme's centre, 0 to 1. */
  score: z.number(),
});
export type ThemeAction = z.infer<typeof themeActionSchema>;

export const themeInstitutionSchema = z.object({
  institution: z.string(),
  planIds: z.array(z.string()),
  actionCount: z.number().int(),
  /** The institution's actions closest to the theme's centre, closest first. */
  examples: z.array(themeActionSchema),
});

export const crossPlanThemeSchema = z.object({
  /** Stable: the key ("planId:actionId") of the theme's first action in key order. */
  id: z.string(),
  /** The top terms joined, as written in the plans ("stage · lieux · recherche"). */
  name: z.string(),
  terms: z.array(z.string()),
  institutionCount: z.number().int(),
  actionCount: z.number().int(),
  byStatus: statusCountsSchema,
  institutions: z.array(themeInstitutionSchema),
  /** Every action of the theme, as "planId:actionId", in key order. */
  actionKeys: z.array(z.string()),
});
export type CrossPlanTheme = z.infer<typeof crossPlanThemeSchema>;

export const criterionGroupSchema = z.object({
  /** "3" for "Critère 3". */
  criterion: z.string(),
  institutionCount: z.number().int(),
  actionCount: z.number().int(),
  byStatus: statusCountsSchema,
  institutions: z.array(z.object({ institution: z.string(), actionCount: z.number().int() })),
  /** The themes its actions fall in, largest share first. */
  themes: z.array(z.object({ themeId: z.string(), actionCount: z.number().int() })),
});
export type CriterionGroup = z.infer<typeof criterionGroupSchema>;

export const crossPlanAnalysisSchema = z.object({
  planCount: z.number().int(),
  institutionCount: z.number().int(),
  actionCount: z.number().int(),
  /** Themes of at least two actions, those spanning most institutions first. */
  themes: z.array(crossPlanThemeSchema),
  /** Actions like no other (a theme of one), counted. */
  unthemed: z.number().int(),
  byCriterion: z.array(criterionGroupSchema),
  /** Actions that reference no criterion. */
  withoutCriterion: z.number().int(),
  /** The similarity a action needs to its theme's centre (cosine of BM25 weights). */
  threshold: z.number(),
});
export type CrossPlanAnalysis = z.infer<typeof crossPlanAnalysisSchema>;

export const clusterAnalysisResponseSchema = z.object({
  cluster: z.object({ id: z.string(), name: z.string() }),
  analysis: crossPlanAnalysisSchema,
  /** Plans of the cluster the viewer may not read: left out of the analysis. */
  hiddenPlans: z.number().int(),
});
export type ClusterAnalysisResponse = z.infer<typeof clusterAnalysisResponseSchema>;
