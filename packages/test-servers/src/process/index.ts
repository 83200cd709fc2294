export * from './ChildProcessHandle';
export * from './freePort';
