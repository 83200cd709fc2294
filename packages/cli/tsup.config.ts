import { kensaTsup } from '../../tsup.base';

export default kensaTsup({
  entry: ['src/index.ts', 'src/bin.ts'],
  dts: { entry: 'src/index.ts' },
  // chartJsSource resolves Chart.js with createRequire(__filename); shims make that work in the ESM build too.
  shims: true,
});
