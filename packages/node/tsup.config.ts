import { kensaTsup } from '../../tsup.base';

export default kensaTsup({
  // `register` is its own entry (a subpath export) because importing it has side effects.
  entry: ['src/index.ts', 'src/register.ts'],
  // `__filename` in the ESM build: the register entry resolves the loader hook from its own location.
  shims: true,
  esbuildOptions(options, context) {
    options.define = { ...options.define, __KENSA_FORMAT__: JSON.stringify(context.format) };
  },
});
