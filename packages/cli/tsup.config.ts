import { kensaTsup } from '../../tsup.base';

export default kensaTsup({
  // The decode worker is its own entry: worker threads load it by path (dist/decodeWorker.js).
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', decodeWorker: 'src/input/decodeWorker.ts' },
  dts: { entry: 'src/index.ts' },
  // chartJsSource resolves Chart.js with createRequire(__filename); shims make that work in the ESM build too.
  shims: true,
});
