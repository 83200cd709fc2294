// Kept in step with package.json by the layout test.
export const PACKAGE_NAME = '@kensa/instrumentation-bedrock';
export const PACKAGE_VERSION = '0.1.0';
