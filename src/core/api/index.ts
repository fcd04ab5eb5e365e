/** The HTTP API's request and response schemas, shared by the server and the web client. */
export * from './actions.ts';
export * from './auth.ts';
export * from './errors.ts';
export * from './imports.ts';
export * from './plans.ts';
export * from './users.ts';
export * from './sign-in.ts';
export * from './follow-up.ts';
export * from './plan-nodes.ts';
export * from './link-suggestions.ts';
export * from './clusters.ts';
export * from './templates.ts';
