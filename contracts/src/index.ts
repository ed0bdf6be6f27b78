export * from './common';
export * from './auth';
export * from './pipelines';
export * from './contacts';
export * from './deals';
export * from './realtime';
export * from './call-events';
export * from './sales';
