import type { Database, DatabaseKind } from '../db/connection.ts';
import type { SessionCache } from './auth/session-cache.ts';
import type { PlanCache } from './plan-cache.ts';

/** What every route needs: the database and facts about this server. */
export interface ServerContext {
  db: Database;
  databaseKind: DatabaseKind;
  version: string;
  /** Today as an ISO date (overdue computations); a function so tests can fix it. */
  today: () => string;
  plans: PlanCache;
  sessions: SessionCache;
}
