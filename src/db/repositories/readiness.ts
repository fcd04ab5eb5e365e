import { sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';

/** How many migrations the database holds (drizzle's journal table): a query that needs the server. */
export async function countAppliedMigrations(db: Database): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  return Number((result as unknown as { rows: Array<{ applied: number }> }).rows[0]!.applied);
}
