import { handleConverseEvent } from './converseEvents';
import type { StreamState } from './internal-types';
import { newStreamState, streamResult } from './InvokeStreamAggregator';
import type { ParseOptions, ResponseInfo } from './types';
import { obj } from './values';

/** ConverseStream: one per stream, fed each event object of the SDK's `stream`. */
export interface ConverseStreamAggregator {
  /** Returns true when the event carried generated content. Never throws. */
  addEvent(event: unknown): boolean;
  result(): ResponseInfo;
}

class ConverseStreamAggregatorImpl implements ConverseStreamAggregator {
  private readonly state: StreamState;
  private parsedAny = false;

  constructor(options?: ParseOptions) {
    this.state = newStreamState(options);
  }

  addEvent(event: unknown): boolean {
    const e = obj(event);
    if (!e) return false;
    this.parsedAny = true;
    try {
      return handleConverseEvent(e, this.state);
    } catch {
      return false;
    }
  }

  result(): ResponseInfo {
    return streamResult(this.state, this.parsedAny);
  }
}

export function createConverseStreamAggregator(options?: ParseOptions): ConverseStreamAggregator {
  return new ConverseStreamAggregatorImpl(options);
}
