import * as semconv from '@kensa/semconv';

/**
 * The semconv names as a plain object. The CJS build reaches a namespace import through two
 * getters per access (the bundler's interop and the package's own exports); a call touches about
 * a hundred names, so copying them once keeps that off the per-call path.
 */
export const sc: typeof semconv = { ...semconv };
