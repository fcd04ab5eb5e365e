import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const webRoot = fileURLToPath(new URL('../../../web/', import.meta.url));
export const webDist = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Builds the web app into web/dist as `npm run build:web` does, so tests see the current code.
 * Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the
 * production one is what users get, so that is what is built and measured.
 */
export async function buildWeb(): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: `${webRoot}vite.config.ts`, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
