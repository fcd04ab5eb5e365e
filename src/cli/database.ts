import { databaseOptionsFromEnv, openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { lockDataDir } from '../db/data-dir-lock.ts';

/**
 * Runs `run` on the database `jalon serve` uses (DATABASE_URL, or the embedded one in
 * JALON_DATA), holding the embedded data directory's lock meanwhile: a running server makes
 * this fail with a clear message rather than corrupt the directory.
 */
export async function withDatabase<T>(run: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const options = databaseOptionsFromEnv();
  const unlock =
    options.url || options.dataDir === 'memory' ? () => {} : lockDataDir(options.dataDir ?? './data');
  try {
    const handle = await openDatabase(options);
    try {
      return await run(handle);
    } finally {
      await handle.close();
    }
  } finally {
    unlock();
  }
}
