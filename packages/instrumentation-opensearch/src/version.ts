// Kept in step with package.json by hand; the pack test loads the built package.
export const PACKAGE_NAME = '@kensa/instrumentation-opensearch';
export const PACKAGE_VERSION = '0.1.0';
