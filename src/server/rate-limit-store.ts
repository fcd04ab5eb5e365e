import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../db/connection.ts';
import { countRateLimitHit, deleteEndedRateLimitWindows } from '../db/repositories/rate-limits.ts';

/** Every so many counts, ended windows are deleted (the table stays the size of one window's keys). */
const SWEEP_EVERY = 500;

/**
 * A @fastify/rate-limit store counting in the database (`rate_limit_hits`), so that every server
 * process on it shares one count per key: behind a proxy spreading requests over two servers, ten
 * sign-in attempts a minute stay ten, not twenty.
 */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  let counted = 0;
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      countRateLimitHit(db, key, timeWindow).then(
        ({ hits, ttlMs }) => {
          if (++counted % SWEEP_EVERY === 0) void deleteEndedRateLimitWindows(db).catch(() => {});
          callback(null, { current: hits, ttl: ttlMs });
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): FastifyRateLimitStore {
      return new DatabaseRateLimitStore();
    }
  }
  return DatabaseRateLimitStore;
}
