import { kensaTsup } from '../../tsup.base';

export default kensaTsup();
