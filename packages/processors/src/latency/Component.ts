import type { Attributes } from '@opentelemetry/api';
import { ATTR_KENSA_BOTTLENECK_COMPONENT, ATTR_KENSA_BUDGET_COMPONENT, attrKensaSlaComponentMs } from '@kensa/semconv';
import type { ComponentBudget } from '../types';

/**
 * One latency-budget component with what its spans and its requests need prepared once: the
 * budget, the root's attribute key and the metric attribute sets. Looking these up by name per
 * span (a keyed object read, two map reads) was a measurable part of the processor's own time.
 */
export class Component {
  /** `kensa.sla.component_ms.<name>` */
  readonly msKey: string;
  readonly utilizationAttributes: Attributes;
  readonly bottleneckAttributes: Attributes;

  constructor(
    readonly name: string,
    readonly budget: ComponentBudget | undefined,
  ) {
    this.msKey = attrKensaSlaComponentMs(name);
    this.utilizationAttributes = Object.freeze({ [ATTR_KENSA_BUDGET_COMPONENT]: name });
    this.bottleneckAttributes = Object.freeze({ [ATTR_KENSA_BOTTLENECK_COMPONENT]: name });
  }
}
