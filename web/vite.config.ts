import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app is built into web/dist, which the server serves at / with an SPA fallback.
 * In development (`npx vite --config web/vite.config.ts`) API calls go to a server on PORT or 3000.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        // zod and the module configuring it share a chunk, which therefore runs whole before any
        // chunk that builds schemas with zod (see src/zod-without-eval.ts).
        manualChunks: (id) =>
          id.includes('/node_modules/zod/') || id.endsWith('/src/zod-without-eval.ts') ? 'zod' : undefined,
      },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '3000'}` },
  },
});
