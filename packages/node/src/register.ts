/**
 * `node --require @kensa/node/register app.js` or `node --import @kensa/node/register app.mjs`:
 * instruments an unmodified application from its environment. Any failure here is reported and
 * swallowed: the application always runs, instrumented or not.
 */
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { fromEnv } from './config/fromEnv';
import { start } from './index';

// Replaced at build time with the output format, so only the ESM build installs the loader hook.
declare const __KENSA_FORMAT__: 'cjs' | 'esm';

try {
  const disabled = fromEnv(process.env).config.disabled;
  if (!disabled && __KENSA_FORMAT__ === 'esm') {
    // import-in-the-middle's loader, so instrumentations also patch modules the app `import`s.
    const register = (nodeModule as { register?: (specifier: string, parentURL: string) => void }).register;
    if (typeof register === 'function') register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename).href);
  }
  start();
} catch (err) {
  console.error(
    `kensa: telemetry could not start and is off for this process; the application runs normally. Cause: ${
      (err as Error)?.stack ?? String(err)
    }`,
  );
}
