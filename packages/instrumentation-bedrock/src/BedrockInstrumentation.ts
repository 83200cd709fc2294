import { context, diag, SpanKind, trace, type Context } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  safeExecuteInTheMiddle,
} from '@opentelemetry/instrumentation';
import {
  createConverseStreamAggregator,
  createInvokeStreamAggregator,
  parseConverseResponse,
  parseInvokeResponse,
} from '@kensa/bedrock';
import { shieldMiddlewareStack } from './awsSdkShield';
import { BedrockCall, type CallDeps } from './BedrockCall';
import { CALL_KEY, observeRequestHandler } from './callContext';
import { captureContentFromEnv } from './configFromEnv';
import { ContentRecorder } from './ContentRecorder';
import { describeRequest, operationOf } from './describeRequest';
import { Instruments } from './Instruments';
import type { CommandLike, SmithyClientLike } from './internal-types';
import { samplingAttributes, setRequestAttributes, spanName } from './startAttributes';
import { StreamObserver, type StreamFeed } from './StreamObserver';
import { summarizeRetrieve, summarizeRetrieveAndGenerate } from './summarizeRetrieval';
import type { BedrockInstrumentationConfig } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

type Send = (this: SmithyClientLike, command: CommandLike, ...rest: unknown[]) => unknown;
type Service = 'runtime' | 'agent';

const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;
const SUPPORTED_VERSIONS = ['>=3.0.0 <4'];
const PATCHED = Symbol.for('kensa.instrumentation-bedrock.send');

/**
 * Traces Amazon Bedrock calls made with the AWS SDK v3: bedrock-runtime Converse, ConverseStream,
 * InvokeModel and InvokeModelWithResponseStream, and bedrock-agent-runtime Retrieve and
 * RetrieveAndGenerate. One CLIENT span per call, GenAI metrics and one log record per call.
 */
export class BedrockInstrumentation extends InstrumentationBase<BedrockInstrumentationConfig> {
  // Assigned from _updateMetricInstruments, which the base constructor calls before field initializers run.
  declare private instruments: Instruments | undefined;
  declare private deps: CallDeps | undefined;

  constructor(config: BedrockInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  override setConfig(config: BedrockInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.deps = undefined;
  }

  protected override _updateMetricInstruments(): void {
    this.instruments = new Instruments(this.meter);
    this.deps = undefined;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        '@aws-sdk/client-bedrock-runtime',
        SUPPORTED_VERSIONS,
        (moduleExports: Record<string, unknown>) => this.patchClient(moduleExports, 'BedrockRuntimeClient', 'runtime'),
        (moduleExports: Record<string, unknown>) => this.unpatchClient(moduleExports, 'BedrockRuntimeClient'),
      ),
      new InstrumentationNodeModuleDefinition(
        '@aws-sdk/client-bedrock-agent-runtime',
        SUPPORTED_VERSIONS,
        (moduleExports: Record<string, unknown>) => this.patchClient(moduleExports, 'BedrockAgentRuntimeClient', 'agent'),
        (moduleExports: Record<string, unknown>) => this.unpatchClient(moduleExports, 'BedrockAgentRuntimeClient'),
      ),
    ];
  }

  private patchClient(moduleExports: Record<string, unknown>, className: string, service: Service): Record<string, unknown> {
    const proto = prototypeOf(moduleExports, className);
    if (!proto) {
      diag.debug(`@kensa/instrumentation-bedrock: ${className} not found; not patching`);
      return moduleExports;
    }
    const current = Object.getOwnPropertyDescriptor(proto, 'send')?.value as { [PATCHED]?: true } | undefined;
    if (current?.[PATCHED]) return moduleExports;
    // `send` lives on the Smithy base class, which @opentelemetry/instrumentation-aws-sdk wraps.
    // `this._wrap` would first unwrap that inherited wrapper (on the base class, for every AWS
    // client), so define our own `send` on the Bedrock client's prototype and look the base method
    // up at call time: other AWS clients stay as they are, and so does contrib's patch.
    const base = Object.getPrototypeOf(proto) as Record<string, unknown> | null;
    const callBase: Send = function (this: SmithyClientLike, ...args: unknown[]): unknown {
      return (base?.['send'] as Send).apply(this, args as [CommandLike, ...unknown[]]);
    };
    const patched = this.sendPatch(callBase, service) as Send & { [PATCHED]?: true };
    patched[PATCHED] = true;
    Object.defineProperty(proto, 'send', { configurable: true, writable: true, enumerable: false, value: patched });
    return moduleExports;
  }

  private unpatchClient(moduleExports: Record<string, unknown>, className: string): Record<string, unknown> {
    const proto = prototypeOf(moduleExports, className);
    const current = proto && (Object.getOwnPropertyDescriptor(proto, 'send')?.value as { [PATCHED]?: true } | undefined);
    if (proto && current?.[PATCHED]) delete proto['send'];
    return moduleExports;
  }

  private sendPatch(original: Send, service: Service): Send {
    const instrumentation = this;
    return function send(this: SmithyClientLike, command: CommandLike, ...rest: unknown[]): unknown {
      let call: BedrockCall | undefined;
      try {
        call = instrumentation.startCall(this, command, service);
      } catch (err) {
        diag.debug('@kensa/instrumentation-bedrock: could not start a span; calling through', err);
        call = undefined;
      }
      if (!call) return original.apply(this, [command, ...rest]);
      return instrumentation.runCall(call, original, this, command, rest);
    };
  }

  private callDeps(): CallDeps {
    if (this.deps) return this.deps;
    const config = this.getConfig();
    const capture = config.captureMessageContent ?? captureContentFromEnv();
    let idle = config.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
    if (!(typeof idle === 'number' && idle > 0 && Number.isFinite(idle))) {
      diag.warn(`@kensa/instrumentation-bedrock: streamIdleTimeoutMs ${String(idle)} is not a positive number; using ${DEFAULT_STREAM_IDLE_TIMEOUT_MS}.`);
      idle = DEFAULT_STREAM_IDLE_TIMEOUT_MS;
    }
    this.instruments ??= new Instruments(this.meter);
    this.deps = {
      instruments: this.instruments,
      logger: this.logger,
      emitLogs: config.emitLogRecords ?? true,
      content: capture ? new ContentRecorder({ maxLength: config.maxContentLength, redact: config.redact }) : undefined,
      responseHook: config.responseHook,
      streamIdleTimeoutMs: idle,
    };
    return this.deps;
  }

  /** Starts the span for a command we trace; `undefined` for every other command. */
  private startCall(client: SmithyClientLike, command: CommandLike, service: Service): BedrockCall | undefined {
    const operation = operationOf(command, service);
    const stack = client.middlewareStack;
    if (stack) shieldMiddlewareStack(stack);
    if (!operation) return undefined;
    observeRequestHandler(client.config);
    const deps = this.callDeps();
    const config = this.getConfig();
    const start = describeRequest(operation, command.input, deps.content !== undefined, config.catalogOverrides);
    const span = this.tracer.startSpan(spanName(start), { kind: SpanKind.CLIENT, attributes: samplingAttributes(start) });
    try {
      setRequestAttributes(span, start, deps);
    } catch (err) {
      // The span has started: it must still reach the call, which ends it.
      diag.debug('@kensa/instrumentation-bedrock: could not set the request attributes', err);
    }
    const hook = config.requestHook;
    if (hook) {
      safeExecuteInTheMiddle(
        () => hook(span, { operation, input: command.input }),
        (e) => {
          if (e) diag.error('@kensa/instrumentation-bedrock: requestHook failed', e);
        },
        true,
      );
    }
    return new BedrockCall(start, span, deps);
  }

  private runCall(call: BedrockCall, original: Send, client: SmithyClientLike, command: CommandLike, rest: unknown[]): unknown {
    let ctx: Context;
    let callbackIndex: number;
    let options: { abortSignal?: AbortSignal } | undefined;
    try {
      ctx = trace.setSpan(context.active(), call.span).setValue(CALL_KEY, call);
      call.callContext = ctx;
      callbackIndex = rest.findIndex((arg) => typeof arg === 'function');
      options = rest[0] !== undefined && rest[0] !== null && typeof rest[0] === 'object' ? (rest[0] as { abortSignal?: AbortSignal }) : undefined;
    } catch (err) {
      diag.debug('@kensa/instrumentation-bedrock: could not prepare the call; calling through', err);
      call.finish({});
      return original.apply(client, [command, ...rest]);
    }
    if (callbackIndex >= 0) {
      // Callback style: observe through a wrapped callback; the SDK returns nothing here.
      const userCallback = rest[callbackIndex] as (err: unknown, output?: unknown) => void;
      const args = [...rest];
      args[callbackIndex] = (err: unknown, output?: unknown) => {
        if (err) this.onError(call, err);
        else this.onOutput(call, output, options?.abortSignal);
        userCallback(err, output);
      };
      return context.with(ctx, () => original.apply(client, [command, ...args]));
    }
    let result: unknown;
    try {
      result = context.with(ctx, () => original.apply(client, [command, ...rest]));
    } catch (err) {
      this.onError(call, err);
      throw err;
    }
    if (isThenable(result)) {
      // Observe on a side branch and hand the application the SDK's own promise. These handlers
      // run before the application's, so a stream is observed before anyone can read it.
      result.then(
        (output) => this.onOutput(call, output, options?.abortSignal),
        (err: unknown) => this.onError(call, err),
      );
    } else {
      call.finish({});
    }
    return result;
  }

  private onError(call: BedrockCall, err: unknown): void {
    try {
      call.finish({ error: err });
    } catch {
      // finish() ends the span in all cases; nothing may reach the application from here.
    }
  }

  private onOutput(call: BedrockCall, output: unknown, abortSignal: AbortSignal | undefined): void {
    try {
      const { start } = call;
      const content = call.start.request !== undefined && this.callDeps().content !== undefined;
      switch (start.operation) {
        case 'InvokeModel': {
          const body = (output as { body?: unknown } | undefined)?.body;
          const response = parseInvokeResponse(start.resolved?.family ?? 'unknown', body, call.responseHeaders, { content });
          call.finish({ output, response });
          return;
        }
        case 'Converse':
          call.finish({ output, response: parseConverseResponse(output, { content }) });
          return;
        case 'InvokeModelWithResponseStream': {
          const aggregator = createInvokeStreamAggregator(start.resolved?.family ?? 'unknown', { content });
          const feed: StreamFeed = {
            add: (event) => aggregator.addChunk((event as { chunk?: { bytes?: unknown } } | undefined)?.chunk?.bytes),
            result: () => aggregator.result(),
          };
          this.observeStream(call, output, 'body', feed, abortSignal);
          return;
        }
        case 'ConverseStream': {
          const aggregator = createConverseStreamAggregator({ content });
          this.observeStream(call, output, 'stream', { add: (event) => aggregator.addEvent(event), result: () => aggregator.result() }, abortSignal);
          return;
        }
        case 'Retrieve':
          call.finish({ output, retrieval: summarizeRetrieve(output) });
          return;
        case 'RetrieveAndGenerate':
          call.finish({ output, retrieval: summarizeRetrieveAndGenerate(output) });
          return;
      }
    } catch (err) {
      diag.debug('@kensa/instrumentation-bedrock: failed to read an output', err);
      call.finish({ output });
    }
  }

  private observeStream(call: BedrockCall, output: unknown, key: 'body' | 'stream', feed: StreamFeed, abortSignal: AbortSignal | undefined): void {
    const iterable = (output as Record<string, unknown> | undefined)?.[key] as Record<symbol, unknown> | undefined;
    const iterate = iterable?.[Symbol.asyncIterator];
    if (!iterable || typeof iterate !== 'function') {
      call.finish({ output, chunks: 0, streamEnd: 'completed' });
      return;
    }
    let observer: StreamObserver | undefined;
    // Replace the iterator factory on this object only; the object the application holds stays the same.
    Object.defineProperty(iterable, Symbol.asyncIterator, {
      configurable: true,
      writable: true,
      value: function (this: unknown): AsyncIterator<unknown> {
        const inner = (iterate as () => AsyncIterator<unknown>).call(this);
        if (observer || call.isFinished) return inner;
        observer = new StreamObserver(inner, call, feed, output);
        return observer;
      },
    });

    const { streamIdleTimeoutMs } = this.callDeps();
    let everStarted = false;
    const timer = setInterval(() => {
      if (call.isFinished) return;
      if (!observer) {
        // Never iterated: one idle period is enough.
        if (everStarted) call.finish({ output, chunks: 0, streamEnd: 'idle_timeout' });
        everStarted = true;
        return;
      }
      if (observer.isIdle()) observer.end('idle_timeout');
    }, streamIdleTimeoutMs);
    timer.unref();
    call.onFinish(() => clearInterval(timer));

    if (abortSignal && typeof abortSignal.addEventListener === 'function') {
      const onAbort = (): void => {
        const reason = abortReason(abortSignal);
        if (observer) observer.end('cancelled', reason);
        else call.finish({ output, error: reason, chunks: 0, streamEnd: 'cancelled' });
      };
      if (abortSignal.aborted) {
        onAbort();
        return;
      }
      abortSignal.addEventListener('abort', onAbort, { once: true });
      call.onFinish(() => abortSignal.removeEventListener('abort', onAbort));
    }
  }
}

function prototypeOf(moduleExports: Record<string, unknown>, className: string): Record<string, unknown> | undefined {
  const ctor: unknown = moduleExports?.[className];
  if (typeof ctor !== 'function') return undefined;
  const proto = (ctor as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null ? (proto as Record<string, unknown>) : undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function abortReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was aborted');
  err.name = 'AbortError';
  return err;
}
