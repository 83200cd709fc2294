import { defineConfig, type Options } from 'tsup';

/**
 * esbuild's CommonJS output exports every binding through two getters (its `__export` and
 * `__toCommonJS` helpers, the second a keyed lookup in an object of a few hundred names), so each
 * `semconv.ATTR_…` read by another package is two calls: on the per-call path of the Bedrock
 * instrumentation and the per-span path of the processors that was about a thousand calls per
 * model call. Nothing we export is reassigned after load (no `export let`), so the finished
 * exports are copied once into plain data properties. ESM keeps its live bindings.
 */
const CJS_PLAIN_EXPORTS =
  'if (module.exports && module.exports.__esModule) module.exports = Object.defineProperty({ ...module.exports }, "__esModule", { value: true });';

/**
 * The one build every package shares: CommonJS (for `node --require`) and ESM (for `--import`)
 * with type declarations, for Node 20. Packages pass only what differs (entries, shims, defines).
 */
export function kensaTsup(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['cjs', 'esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    footer: ({ format }) => (format === 'cjs' ? { js: CJS_PLAIN_EXPORTS } : undefined),
    ...overrides,
  });
}
