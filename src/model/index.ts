// The intermediate model: zod schemas and the types inferred from them.
export * from './duration.js';
export * from './experiment.js';
export * from './fault-use.js';
export * from './flow.js';
export * from './parse.js';
export * from './probe.js';
export * from './run-controls.js';
export * from './schedule.js';
export * from './target.js';
