/** The database schema, one file per area; drizzle-kit generates the migrations from it. */
export * from './accounts.ts';
export * from './history.ts';
export * from './plans.ts';
export * from './follow-up.ts';
export * from './rate-limits.ts';
export * from './link-suggestions.ts';
export * from './clusters.ts';
export * from './templates.ts';
