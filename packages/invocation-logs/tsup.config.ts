import { kensaTsup } from '../../tsup.base';

export default kensaTsup({
  entry: ['src/index.ts', 'src/cli.ts'],
  dts: { entry: ['src/index.ts'] },
});
