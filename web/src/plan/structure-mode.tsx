import { createContext, lazy, Suspense, useContext } from 'react';
import type { Axis, Objective, Subdimension } from '../../../src/core/plan-schema.ts';

/** What the structure tools act on: a node of the plan, or the plan's list of axes. */
export type StructureTarget =
  | { kind: 'axis'; axis: Axis }
  | { kind: 'subdimension'; subdimension: Subdimension }
  | { kind: 'objective'; objective: Objective }
  | { kind: 'plan'; axes: Axis[] };

/**
 * Whether the plan page shows its structure tools (switched on by those who may edit the plan).
 * A context of its own: switching it redraws the tools only, not every action row.
 */
export const StructureModeContext = createContext(false);

// Shaping the structure is occasional: its forms load when the tools are first shown.
const NodeTools = lazy(() =>
  import('../components/structure-tools.tsx').then((module) => ({ default: module.NodeTools })),
);

/** The structure tools of one node (or of the plan's axes), when structure editing is on. */
export function StructureSlot({ target }: { target: StructureTarget }) {
  const on = useContext(StructureModeContext);
  if (!on) return null;
  return (
    <Suspense fallback={null}>
      <NodeTools target={target} />
    </Suspense>
  );
}
