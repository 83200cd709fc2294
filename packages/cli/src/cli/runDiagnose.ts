import { disputedConfidence } from '@kensa/processors';
import { InputError } from '../input/InputError';
import { DecodePool } from '../input/DecodePool';
import { defaultWorkers } from '../input/defaultWorkers';
import { OtlpReader } from '../input/OtlpReader';
import { resolveInputs } from '../input/resolveInputs';
import type { SpanRecord } from '../input/SpanRecord';
import type { PatternCatalogue, PatternInfo } from '../report/PatternCatalogue';
import { TraceAssembler, type FinishedTrace } from '../report/TraceAssembler';
import { DEFAULT_REPORT_CONFIG, type ReportConfig } from '../report/ReportConfig';
import { renderDiagnosis, type Diagnosis } from '../render/renderDiagnosis';

export interface DiagnoseOptions {
  json: boolean;
  catalogue: PatternCatalogue;
  config?: ReportConfig;
  onWarning?: (message: string) => void;
}

const HEX_TRACE_ID = /^[0-9a-f]{32}$/i;
const XRAY_TRACE_ID = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/i;

/** A W3C (32 hex) or X-Ray (`1-xxxxxxxx-xxx…`) trace id as 32 lowercase hex, or undefined for anything else. */
export function parseTraceId(s: string): string | undefined {
  const t = s.trim();
  if (HEX_TRACE_ID.test(t)) return t.toLowerCase();
  const x = XRAY_TRACE_ID.exec(t);
  return x === null ? undefined : `${x[1]}${x[2]}`.toLowerCase();
}

interface FailedSpan {
  name: string;
  errorType: string | undefined;
  message: string;
  patternId: string | undefined;
  confidence: number;
  model: string | undefined;
  operation: string | undefined;
  service: string | undefined;
  durationMs: number;
  matchInput: ReturnType<SpanRecord['errorMatchInput']>;
}

/** `kensa diagnose`: returns the text to print and the exit code (1 when nothing could be diagnosed). */
export async function runDiagnose(target: string, inputs: readonly string[], options: DiagnoseOptions): Promise<{ text: string; exitCode: number }> {
  const traceId = parseTraceId(target);
  if (traceId !== undefined) return diagnoseTrace(traceId, inputs, options);
  if (target.trim() === '') throw new InputError('nothing to diagnose: pass a trace id (with --input) or the error text');
  const words = target.match(/\b[A-Za-z_]*(Exception|Error)\b/);
  const match = options.catalogue.match({ ...(words !== null ? { errorType: words[0] } : {}), messages: [target] });
  if (match === undefined) {
    return { text: `No known error pattern matches "${target.slice(0, 200)}".\n`, exitCode: 1 };
  }
  const pattern = options.catalogue.describe(match.id) as PatternInfo;
  const question = options.catalogue.question(match.id, { errorMessage: target, ...(words !== null ? { errorType: words[0] } : {}) }) ?? '';
  return render({ pattern, confidence: match.confidence, matchedBy: match.matchedBy, trace: null, question }, options.json);
}

async function diagnoseTrace(traceId: string, inputs: readonly string[], options: DiagnoseOptions): Promise<{ text: string; exitCode: number }> {
  if (inputs.length === 0) throw new InputError(`to diagnose trace ${traceId}, say where the telemetry is: --input <dir|file…>`);
  const files = resolveInputs(inputs);
  let finished: FinishedTrace | undefined;
  const assembler = new TraceAssembler({ onFinish: (t) => (finished = t), maxSpansPerTrace: 2048 });
  let failed: FailedSpan | undefined;
  let userId: string | undefined;
  const workerScript = DecodePool.defaultScript();
  const reader = new OtlpReader({
    rules: (options.config ?? DEFAULT_REPORT_CONFIG).rules,
    workers: defaultWorkers(files.reduce((n, f) => n + f.bytes, 0), workerScript),
    ...(workerScript !== undefined ? { workerScript } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
    onSpan: (s) => {
      if (s.traceId.toLowerCase() !== traceId) return;
      assembler.add(s);
      userId ??= s.userId;
      // The deepest failure is the cause; parents usually fail because of it, so keep the shortest.
      if (s.isError && (failed === undefined || s.durationMs < failed.durationMs)) {
        failed = {
          name: s.name,
          errorType: s.errorType ?? s.exceptionType,
          message: s.exceptionMessage ?? s.statusMessage,
          patternId: s.patternId,
          confidence: s.patternConfidence,
          model: s.model,
          operation: s.rpcMethod ?? s.operation,
          service: s.rpcService ?? s.provider ?? s.dbSystem,
          durationMs: s.durationMs,
          matchInput: s.errorMatchInput(),
        };
      }
    },
  });
  const stats = await reader.read(files);
  assembler.flush();
  const trace = finished as FinishedTrace | undefined;
  if (trace === undefined) throw new InputError(`trace ${traceId} not found in ${files.length} file(s) (${stats.spans} spans read)`);
  const root = trace.root;
  const target = Number.isFinite(root?.slaTargetMs) && (root?.slaTargetMs ?? 0) > 0 ? (root?.slaTargetMs as number) : (options.config ?? DEFAULT_REPORT_CONFIG).slaMs;
  const breakdown = Object.fromEntries([...trace.breakdown.entries()].sort((a, b) => b[1] - a[1]));
  const [bottleneck] = Object.keys(breakdown);
  const context: Diagnosis['trace'] = {
    traceId,
    durationMs: root?.durationMs ?? null,
    slaTargetMs: target,
    slaMet: root === undefined ? null : (root.slaMet ?? root.durationMs <= target),
    model: trace.model ?? null,
    inputTokens: trace.inputTokens > 0 ? trace.inputTokens : null,
    outputTokens: trace.outputTokens > 0 ? trace.outputTokens : null,
    sessionId: trace.sessionId ?? null,
    userId: userId ?? null,
    bottleneck: bottleneck ?? null,
    breakdown,
    failedSpan: failed === undefined ? null : { name: failed.name, errorType: failed.errorType ?? null, message: failed.message },
  };
  const f = failed as FailedSpan | undefined;
  if (f === undefined) {
    return render({ pattern: null, confidence: null, matchedBy: null, trace: context, question: null }, options.json, 'No span of this trace failed; latency breakdown only.');
  }
  let id = f.patternId;
  let confidence = f.confidence;
  let matchedBy = 'span attribute';
  if (id === undefined || options.catalogue.describe(id) === undefined) {
    const m = options.catalogue.match(f.matchInput);
    id = m?.id;
    confidence = m?.confidence ?? NaN;
    matchedBy = m?.matchedBy ?? 'none';
  }
  const pattern = id === undefined ? undefined : options.catalogue.describe(id);
  if (pattern === undefined) {
    return render({ pattern: null, confidence: null, matchedBy: null, trace: context, question: null }, options.json, `The failure (${f.errorType ?? 'unknown error'}: ${f.message}) matches no known pattern.`, 1);
  }
  // The span may have been recorded before its pattern was disputed; its figure no longer holds.
  if (pattern.falsePositiveMarks !== undefined) confidence = disputedConfidence(confidence);
  const question =
    options.catalogue.question(pattern.id, {
      spanName: f.name,
      ...(f.errorType !== undefined ? { errorType: f.errorType } : {}),
      ...(f.message !== '' ? { errorMessage: f.message } : {}),
      ...(f.service !== undefined ? { service: f.service } : {}),
      ...(f.operation !== undefined ? { operation: f.operation } : {}),
      ...(f.model ?? trace.model ? { model: (f.model ?? trace.model) as string } : {}),
      traceId,
      durationMs: f.durationMs,
    }) ?? '';
  return render({ pattern, confidence: Number.isFinite(confidence) ? confidence : null, matchedBy, trace: context, question }, options.json);
}

function render(d: Diagnosis, json: boolean, note?: string, exitCode = 0): { text: string; exitCode: number } {
  const withNote = note === undefined ? d : { ...d, note };
  return { text: json ? JSON.stringify(withNote, null, 2) + '\n' : renderDiagnosis(withNote), exitCode };
}
