import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The shared reference material (seeds and fixtures) every developer and CI have beside the
 * checkout: JALON_SHARED_DIR when set, else ../shared, else /work/shared (a clone made
 * elsewhere on a developer machine). Fails loudly: a test must never skip for want of it.
 */
function findSharedDir(): string {
  const candidates = [process.env.JALON_SHARED_DIR, path.join(repoRoot, '../shared'), '/work/shared'];
  for (const dir of candidates) {
    if (dir && existsSync(path.join(dir, 'seeds')) && existsSync(path.join(dir, 'fixtures'))) return dir;
  }
  throw new Error(
    `The shared reference plans were not found (looked in ${candidates.filter(Boolean).join(', ')}): ` +
      'set JALON_SHARED_DIR to the folder holding seeds/ and fixtures/.',
  );
}

export const sharedDir = findSharedDir();
export const seedsDir = path.join(sharedDir, 'seeds');
export const fixturesDir = path.join(sharedDir, 'fixtures');
export const seedFile = (name: string) => path.join(sharedDir, 'seeds', name);
export const fixtureFile = (name: string) => path.join(sharedDir, 'fixtures', name);

export const SEED_000 = '000_408056d1a7750f6e';
export const SEED_002 = '002_b31f838c1917508f';
