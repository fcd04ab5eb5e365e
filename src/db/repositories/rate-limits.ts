import { sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';

/**
 * Counts one request against `key` in a fixed window of `windowMs`: the count in the current
 * window and the milliseconds left in it. One statement, so two server processes counting the
 * same key at once each get their own number.
 */
export async function countRateLimitHit(
  db: Database,
  key: string,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const result = await db.execute(sql`
    insert into rate_limit_hits (key, hits, window_ends_at)
    values (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when rate_limit_hits.window_ends_at <= now() then 1 else rate_limit_hits.hits + 1 end,
      window_ends_at = case when rate_limit_hits.window_ends_at <= now()
        then excluded.window_ends_at else rate_limit_hits.window_ends_at end
    returning hits, ceil(extract(epoch from (window_ends_at - now())) * 1000)::float8 as ttl_ms`);
  const row = (result as unknown as { rows: Array<{ hits: number; ttl_ms: number }> }).rows[0]!;
  return { hits: Number(row.hits), ttlMs: Math.max(0, Number(row.ttl_ms)) };
}

/** Deletes the counts whose window ended. */
export async function deleteEndedRateLimitWindows(db: Database): Promise<void> {
  await db.execute(sql`delete from rate_limit_hits where window_ends_at <= now()`);
}
