export * from './academic-calendar.ts';
export * from './errors.ts';
export * from './plan-schema.ts';
export * from './plan-walk.ts';
export * from './recommendation-reference.ts';
export * from './status.ts';
export * from './steering-level.ts';
export * from './text.ts';
