import { createContext, useContext } from 'react';
import type { PlanPermissions } from '../../../src/core/api/plans.ts';
import type { Action, Column, Site } from '../../../src/core/plan-schema.ts';
import type { NodeParent } from './plan-mutations.ts';
import type { NewNode } from './use-plan-document.ts';
import type { VersionBaseline } from './version-baseline.ts';

export interface ObjectiveOption {
  id: string;
  label: string;
}

/** The page's ways to record what the server accepted (see usePlanDocument). */
export interface PlanEdits {
  applyAction: (action: Action, revision: number) => void;
  addAction: (ownerId: string, action: Action, revision: number, position?: number) => void;
  dropAction: (actionId: string) => void;
  relocateAction: (action: Action, revision: number, ownerId: string, position: number) => void;
  addNode: (parent: NodeParent, node: NewNode, revision: number, position?: number) => void;
  dropNode: (nodeId: string) => void;
  /** Fetches the plan again (after a conflict the page cannot resolve alone). */
  reload: () => Promise<void>;
}

/**
 * What every row of the plan page needs without threading it through each level. Its value
 * stays the same object while the user works, so that saving one action re-renders that row
 * only: what changes with every edit (revisions, the objective list) is read through functions.
 */
export interface PlanPageValue {
  planId: string;
  sites: Site[];
  /** The plan's column template. */
  columns: Column[];
  permissions: PlanPermissions;
  edits: PlanEdits;
  /** The revision of a node as last read or saved: send it back with an update. */
  revisionOf: (nodeId: string) => number;
  today: string;
  /** The signed-in user's name, to recognise the actions they are responsible for. */
  userName: string;
  listObjectiveOptions: () => ObjectiveOption[];
  announce: (message: string) => void;
  /** The latest frozen version, for the "new / changed since" markers; null without one. */
  baseline: VersionBaseline | null;
}

export const PlanPageContext = createContext<PlanPageValue | null>(null);

export function usePlanPage(): PlanPageValue {
  const value = useContext(PlanPageContext);
  if (!value) throw new Error('usePlanPage outside the plan page');
  return value;
}
