import { createContext, useContext } from 'react';
import type { PlanPermissions } from '../../../src/core/api/plans.ts';
import type { Plan } from '../../../src/core/plan-schema.ts';
import type { PlanDocument } from './use-plan-document.ts';

export interface ObjectiveOption {
  id: string;
  label: string;
}

/** What every row of the plan page needs without threading it through each level. */
export interface PlanPageValue {
  planId: string;
  plan: Plan;
  revisions: Record<string, number>;
  permissions: PlanPermissions;
  document: PlanDocument;
  /** Ids of the actions that pass the filters; null when no filter is active. */
  visible: Set<string> | null;
  today: string;
  /** The signed-in user's name, to recognise the actions they are responsible for. */
  userName: string;
  objectiveOptions: ObjectiveOption[];
  announce: (message: string) => void;
}

export const PlanPageContext = createContext<PlanPageValue | null>(null);

export function usePlanPage(): PlanPageValue {
  const value = useContext(PlanPageContext);
  if (!value) throw new Error('usePlanPage outside the plan page');
  return value;
}
