import * as semconv from '@kensa/semconv';

/**
 * The semconv names as a plain object. The CJS build reaches a namespace import through the
 * bundler's interop, a getter per access (the package's own exports are plain since the CJS footer
 * in tsup.base.ts); a call touches about a hundred names, so copying them once keeps that off the
 * per-call path.
 */
export const sc: typeof semconv = { ...semconv };
