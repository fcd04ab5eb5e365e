import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate -- --name <change>` writes a migration for a schema change (never edit one that landed). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
});
