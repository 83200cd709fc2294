import type { ResponseInfo } from '@kensa/bedrock';
import type { BedrockCall, StreamEnd } from './BedrockCall';

/** Feeds one stream item to the response aggregator; returns true when it carried generated content. */
export interface StreamFeed {
  add(item: unknown): boolean;
  result(): ResponseInfo;
}

/**
 * Wraps the SDK's async iterator without touching what flows through it: every item reaches the
 * application as the SDK produced it, in the same turn. Parsing an item is deferred until the
 * application asks for the next one (or the stream ends), so the application never waits for it.
 * The call finishes when the stream completes, fails, is abandoned with `return()`, is aborted, or
 * sits idle longer than the idle timeout.
 */
export class StreamObserver implements AsyncIterator<unknown>, AsyncIterable<unknown> {
  private pending: unknown;
  private hasPending = false;
  private pendingAt = 0;
  private chunks = 0;
  private sawContent = false;
  private inFlight = false;
  private activity = 0;
  private lastCheckedActivity = -1;

  constructor(
    private readonly inner: AsyncIterator<unknown>,
    private readonly call: BedrockCall,
    private readonly feed: StreamFeed,
    private readonly output: unknown,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this;
  }

  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    this.activity++;
    let result: Promise<IteratorResult<unknown>>;
    try {
      result = this.inner.next(...args);
    } catch (err) {
      this.end('error', err);
      throw err;
    }
    this.inFlight = true;
    // The previous item is parsed while the next one is on its way.
    this.flush();
    return result.then(this.onResult, this.onError);
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.end('cancelled');
    if (typeof this.inner.return === 'function') return this.inner.return(value);
    return Promise.resolve({ done: true, value });
  }

  throw(err?: unknown): Promise<IteratorResult<unknown>> {
    this.end('error', err);
    if (typeof this.inner.throw === 'function') return this.inner.throw(err);
    return Promise.reject(err);
  }

  /** Idle check, run from the call's timer: true when the stream has not moved since the last check. */
  isIdle(): boolean {
    if (this.inFlight || this.activity !== this.lastCheckedActivity) {
      this.lastCheckedActivity = this.activity;
      return false;
    }
    return true;
  }

  /** Ends the call now (idle timeout or abort), with what has arrived so far. */
  end(how: StreamEnd, error?: unknown): void {
    if (this.call.isFinished) return;
    this.flush();
    let response: ResponseInfo | undefined;
    try {
      response = this.feed.result();
    } catch {
      response = undefined;
    }
    // Over HTTP/2 the SDK ends a stream whose connection was reset as if it had completed; a stream
    // that "completes" without the model's stop reason was cut short, and its usage is missing.
    const streamEnd: StreamEnd = how === 'completed' && response !== undefined && response.finishReasons.length === 0 ? 'incomplete' : how;
    this.call.finish({
      output: this.output,
      ...(error !== undefined ? { error } : {}),
      ...(response ? { response } : {}),
      chunks: this.chunks,
      streamEnd,
    });
  }

  private readonly onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> => {
    this.inFlight = false;
    if (result.done) {
      this.end('completed');
    } else if (!this.call.isFinished) {
      this.chunks++;
      this.pending = result.value;
      this.hasPending = true;
      // One clock read per item until content shows up; none after.
      if (!this.sawContent) this.pendingAt = performance.now();
    }
    return result;
  };

  private readonly onError = (err: unknown): never => {
    this.inFlight = false;
    this.end('error', err);
    throw err;
  };

  private flush(): void {
    if (!this.hasPending) return;
    const item = this.pending;
    this.pending = undefined;
    this.hasPending = false;
    let content = false;
    try {
      content = this.feed.add(item);
    } catch {
      content = false;
    }
    if (content && !this.sawContent) {
      this.sawContent = true;
      this.call.markFirstContent(this.pendingAt);
    }
  }
}
