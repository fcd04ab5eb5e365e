import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const webRoot = fileURLToPath(new URL('../../../web/', import.meta.url));
export const webDist = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Builds the web app as `npm run build:web` does, so tests see the current code: into web/dist,
 * or into `outDir` so that test files running side by side never serve a half-rebuilt folder.
 * Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the
 * production one is what users get, so that is what is built and measured.
 */
export async function buildWeb(outDir: string = webDist): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: `${webRoot}vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
