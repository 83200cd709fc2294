import { defineConfig, type Options } from 'tsup';

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
    ...overrides,
  });
}
