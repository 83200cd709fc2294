import type { HrTime } from '@opentelemetry/api';

/** HrTime to milliseconds since the epoch, as a float (sub-microsecond precision is kept). */
export function hrToMs(t: HrTime): number {
  return t[0] * 1e3 + t[1] / 1e6;
}
