import { diag, DiagConsoleLogger } from '@opentelemetry/api';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { loadKensaConfig } from '../config/loadKensaConfig';
import { DedupingDiagLogger } from '../diag/DedupingDiagLogger';
import { resolveConfig, type KensaStartOptions } from '../config/options';
import type { ResolvedConfig } from '../config/types';
import { createLogExportProcessors, createMetricReaders, createSpanExportProcessors } from '../exporters/createSignalPipelines';
import { createInstrumentations } from '../instrumentations/createInstrumentations';
import { createKensaLogRecordProcessors, createKensaSpanProcessors, resolveKensaProcessorsConfig } from '../processing/kensaProcessors';
import { createResource } from '../resource/createResource';
import { createPropagator } from '../sampling/createPropagator';
import { createSampler } from '../sampling/createSampler';
import { ShutdownHooks } from './ShutdownHooks';

// NodeSDK's constructor re-reads these: it would replace our diag logger (with an "overwritten"
// warning) and warn a second time about values we have already reported and applied.
const HANDLED_BY_KENSA = ['OTEL_LOG_LEVEL', 'OTEL_SDK_DISABLED'] as const;

/**
 * Assembles the stock NodeSDK from the resolved config: resource, X-Ray ids and propagation,
 * sampler, Kensa span processors ahead of the batch export processors, metric readers with delta
 * temporality, log processors and the instrumentation list. Nothing here throws to the caller.
 */
export class KensaSdk {
  readonly config: ResolvedConfig;
  private readonly options: KensaStartOptions;
  private readonly warnings: string[];
  private sdk: NodeSDK | undefined;
  private hooks: ShutdownHooks | undefined;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: KensaStartOptions = {}) {
    this.options = options;
    const { config, warnings } = resolveConfig(options);
    this.config = config;
    this.warnings = warnings;
  }

  /** True once the SDK is registered and until it is shut down. */
  get running(): boolean {
    return this.sdk !== undefined && this.shutdownPromise === undefined;
  }

  start(): void {
    if (this.sdk || this.shutdownPromise) return;
    try {
      this.assemble();
    } catch (err) {
      diag.error(`kensa: telemetry could not start (${(err as Error)?.stack ?? String(err)}); the application runs uninstrumented`);
      this.hooks?.uninstall();
      const sdk = this.sdk as NodeSDK | undefined;
      this.sdk = undefined;
      void sdk?.shutdown().catch(() => undefined);
    }
  }

  private assemble(): void {
    if (this.options.diagLogger !== null) {
      diag.setLogger(new DedupingDiagLogger(this.options.diagLogger ?? new DiagConsoleLogger()), {
        logLevel: this.config.logLevel,
        suppressOverrideMessage: true,
      });
    }
    for (const warning of new Set(this.warnings)) diag.warn(warning);
    if (this.config.disabled) return;

    const configuration = this.buildConfiguration();
    const sdk = withoutEnv(HANDLED_BY_KENSA, () => new NodeSDK(configuration));
    this.sdk = sdk;
    sdk.start();
    if (this.options.handleSignals ?? true) {
      this.hooks = new ShutdownHooks(() => this.shutdown());
      this.hooks.install();
    }
  }

  /**
   * The NodeSDK configuration this instance starts with: Kensa's span processors first, then the
   * caller's, then one batch export processor per exporter. Public so the composition is testable.
   */
  buildConfiguration(): Partial<NodeSDKConfiguration> {
    const kensaConfig = this.options.kensaConfig ?? this.loadConfigFile();
    const processorsConfig = resolveKensaProcessorsConfig(kensaConfig);
    const resource = createResource({
      detectors: this.config.resourceDetectors,
      serviceName: this.config.serviceName,
      attributes: this.options.resourceAttributes,
      env: this.options.env,
    });
    return {
      resource,
      autoDetectResources: false,
      idGenerator: new AWSXRayIdGenerator(),
      textMapPropagator: createPropagator(this.config.propagators),
      sampler: createSampler(this.config.sampler, resource),
      spanProcessors: [
        ...createKensaSpanProcessors(processorsConfig),
        ...(this.options.spanProcessors ?? []),
        ...createSpanExportProcessors(this.config),
      ],
      metricReaders: createMetricReaders(this.config),
      logRecordProcessors: [
        ...createKensaLogRecordProcessors(processorsConfig),
        ...(this.options.logRecordProcessors ?? []),
        ...createLogExportProcessors(this.config),
      ],
      instrumentations: [
        ...createInstrumentations(this.config.instrumentations, {
          captureMessageContent: this.config.captureMessageContent,
          kensaConfig,
        }),
        ...(this.options.extraInstrumentations ?? []),
      ],
    };
  }

  /** Flushes and stops every signal, once; settles within the shutdown timeout whatever the exporters do. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.boundedShutdown();
    return this.shutdownPromise;
  }

  private async boundedShutdown(): Promise<void> {
    this.hooks?.uninstall();
    const sdk = this.sdk;
    if (!sdk) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.shutdownTimeoutMillis);
    });
    try {
      const outcome = await Promise.race([sdk.shutdown().then(() => 'done' as const), timeout]);
      if (outcome === 'timeout') {
        diag.warn(`kensa: telemetry not fully flushed within ${this.config.shutdownTimeoutMillis} ms; the rest is dropped`);
      }
    } catch (err) {
      diag.warn(`kensa: shutdown failed: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private loadConfigFile(): Record<string, unknown> | undefined {
    if (this.config.configFile === undefined) return undefined;
    const { config, warning } = loadKensaConfig(this.config.configFile);
    if (warning) diag.warn(warning);
    return config;
  }
}

/** Runs `fn` with `keys` absent from process.env; synchronous, so no application code sees the gap. */
function withoutEnv<T>(keys: readonly string[], fn: () => T): T {
  const saved = keys.map((k) => [k, process.env[k]] as const);
  for (const k of keys) delete process.env[k];
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
  }
}
