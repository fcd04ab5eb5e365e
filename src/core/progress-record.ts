import { pairItems } from './plan-diff.ts';
import type { Plan } from './plan-schema.ts';
import { listActions, type ActionContext } from './plan-walk.ts';
import type { Status } from './status.ts';

/** One status change of an action, as the history keeps it. */
export interface StatusHistoryEntry {
  at: string;
  status: Status | null;
  statusLabel: string | null;
  comment: string | null;
  by: string | null;
}

export interface ProgressRow {
  actionId: string | undefined;
  axis: string;
  objective: string | null;
  sites: string[];
  text: string;
  responsibles: string[];
  /** The status in the frozen version (null for a new action). */
  before: { status: Status | null; label: string | null } | null;
  /** The status now (null for a removed action). */
  after: { status: Status | null; label: string | null } | null;
  change: 'unchanged' | 'progressed' | 'changed' | 'new' | 'removed';
  history: StatusHistoryEntry[];
}

export interface ProgressRecord {
  planTitle: string;
  sinceLabel: string;
  rows: ProgressRow[];
  counts: Record<ProgressRow['change'], number>;
}

const progressRank: Record<Status, number> = {
  planned: 0,
  postponed: 0,
  in_progress: 1,
  done: 2,
  implemented: 3,
  dropped: 3,
};

/**
 * What became of each action since a frozen version: its status then and now, with the status
 * history in between, and the actions added or removed since. `history` maps action ids to
 * their status changes (oldest first).
 */
export function buildProgressRecord(
  since: Plan,
  current: Plan,
  sinceLabel: string,
  history: Map<string, StatusHistoryEntry[]> = new Map(),
): ProgressRecord {
  const key = (c: ActionContext) =>
    `${c.objectives.at(-1)?.title ?? ''} ${c.action.sites.join(' ')} ${c.action.text}`;
  const { pairs, added, removed } = pairItems(
    listActions(since),
    listActions(current),
    (c) => c.action.id,
    key,
  );
  const row = (
    c: ActionContext,
    change: ProgressRow['change'],
    before: ActionContext | null,
    after: ActionContext | null,
  ): ProgressRow => ({
    actionId: c.action.id,
    axis: c.axis.title,
    objective: c.objectives.at(-1)?.title ?? c.subdimension?.title ?? null,
    sites: c.action.sites,
    text: c.action.text,
    responsibles: c.action.responsibles,
    before: before ? { status: before.action.status, label: before.action.statusLabel } : null,
    after: after ? { status: after.action.status, label: after.action.statusLabel } : null,
    change,
    history: (c.action.id ? history.get(c.action.id) : undefined) ?? [],
  });
  const rows: ProgressRow[] = [];
  const order = new Map(listActions(current).map((c, i) => [c, i]));
  for (const [a, b] of pairs.sort((x, y) => order.get(x[1])! - order.get(y[1])!)) {
    let change: ProgressRow['change'] = 'unchanged';
    if (a.action.status !== b.action.status) {
      const rankBefore = a.action.status ? progressRank[a.action.status] : -1;
      const rankAfter = b.action.status ? progressRank[b.action.status] : -1;
      change = rankAfter > rankBefore && b.action.status !== 'dropped' ? 'progressed' : 'changed';
    }
    rows.push(row(b, change, a, b));
  }
  for (const c of added) rows.push(row(c, 'new', null, c));
  for (const c of removed) rows.push(row(c, 'removed', c, null));
  const counts = { unchanged: 0, progressed: 0, changed: 0, new: 0, removed: 0 };
  for (const r of rows) counts[r.change]++;
  return { planTitle: current.title, sinceLabel, rows, counts };
}
