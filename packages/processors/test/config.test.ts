import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode, context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ContextBudgetProcessor,
  CorrelationSpanProcessor,
  ErrorPatternProcessor,
  LatencyBudgetProcessor,
  createKensaSpanProcessors,
  loadProcessorsConfig,
  processorsConfigFromEnv,
  readProcessorsConfig,
  withRequestContext,
} from '../src/index';
import { at, harness, installGlobals } from './helpers';

beforeAll(installGlobals);
afterEach(() => diag.disable());

describe('readProcessorsConfig', () => {
  it('reads a full config file object', () => {
    const { config, problems } = readProcessorsConfig({
      sla_ms: 2500,
      budgets: { bedrock_invoke: { budget_ms: 2000, warning_ms: 1600, alarm_ms: 2200, critical_ms: 2600 }, rerank: { budget_ms: 40 } },
      component_rules: [{ component: 'rerank', span_name_contains: ['rerank'] }],
      context_budget: { prompt_budget_tokens: 8000, output_reserve_tokens: 2000, warning_ratio: 0.7 },
      correlation: { keys: ['session.id'], allow_untrusted_keys: ['tenant'] },
      processors: { error_pattern: false },
      prices: { ignored: 'belongs to another package' },
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      correlation: { keys: ['session.id'], allowUntrustedKeys: ['tenant'] },
      contextBudget: { promptBudgetTokens: 8000, outputReserveTokens: 2000, warningRatio: 0.7 },
      errorPattern: false,
      latencyBudget: {
        slaMs: 2500,
        budgets: {
          bedrock_invoke: { budgetMs: 2000, warningMs: 1600, alarmMs: 2200, criticalMs: 2600 },
          rerank: { budgetMs: 40, warningMs: 32, alarmMs: 80, criticalMs: 120 },
        },
        componentRules: [{ component: 'rerank', spanNameContains: ['rerank'] }],
      },
    });
  });

  it('reads false-positive marks and their threshold, and names bad entries', () => {
    const ok = readProcessorsConfig({ error_false_positive_marks: { 'EP-004': 5, 'EP-002': 0 }, error_false_positive_threshold: 2 });
    expect(ok.problems).toEqual([]);
    expect(ok.config.errorPattern).toEqual({ falsePositiveMarks: { 'EP-004': 5, 'EP-002': 0 }, falsePositiveThreshold: 2 });

    const bad = readProcessorsConfig({ error_false_positive_marks: { 'EP-004': 'many', 'EP-001': 4, 'EP-002': -1, 'EP-003': 1.5 }, error_false_positive_threshold: -3 });
    expect(bad.config.errorPattern).toEqual({ falsePositiveMarks: { 'EP-001': 4 } });
    expect(bad.problems).toEqual([
      'error_false_positive_marks.EP-004 must be a whole number of marks (got "many"); ignoring it',
      'error_false_positive_marks.EP-002 must be a whole number of marks (got -1); ignoring it',
      'error_false_positive_marks.EP-003 must be a whole number of marks (got 1.5); ignoring it',
      'error_false_positive_threshold must be a whole number, 0 or more (got -3); using the default',
    ]);
    expect(readProcessorsConfig({ error_false_positive_marks: ['EP-001'] }).problems).toEqual([
      'error_false_positive_marks must map pattern ids to counts; ignoring it',
    ]);
  });

  it('names the key of every problem and falls back for that key only', () => {
    const { config, problems } = readProcessorsConfig({
      sla_ms: -1,
      budgets: { redis_cache: { budget_ms: 20, warning_ms: 60, alarm_ms: 50 }, opensearch_vector: 'fast', api_gateway: { budget_ms: 30, bogus: 1 } },
      component_rules: [{ component: 'x' }, { span_name_contains: ['y'] }, { component: 'ok', attribute: 'db.system.name', equals: 'mongodb' }],
      context_budget: { prompt_budget_tokens: 1000, output_reserve_tokens: 1000, warning_ratio: 2 },
      correlation: { keys: 'session.id' },
      processors: { latency_budget: 'no' },
    });
    expect(problems).toEqual([
      'correlation.keys must be a list of non-empty strings (≤ 200 characters); using the default',
      'context_budget.warning_ratio must be a positive number no larger than 1 (got 2); using the default',
      'context_budget.output_reserve_tokens must be smaller than prompt_budget_tokens; using the defaults for both',
      'processors.latency_budget must be true or false; leaving it on',
      'sla_ms must be a positive number (got -1); using the default',
      'budgets.redis_cache needs warning_ms ≤ alarm_ms ≤ critical_ms; using the default for it',
      'budgets.opensearch_vector must be an object with budget_ms, warning_ms, alarm_ms, critical_ms; using the default for it',
      'budgets.api_gateway.bogus is not a known key; it was ignored',
      'component_rules[0] has no condition (attribute, attribute_prefix, span_name_contains or local_root); the rule was ignored',
      'component_rules[1].component must be a non-empty string; the rule was ignored',
    ]);
    expect(config.latencyBudget).toEqual({
      budgets: { api_gateway: { budgetMs: 30, warningMs: 24, alarmMs: 60, criticalMs: 90 } },
      componentRules: [{ component: 'ok', attribute: 'db.system.name', equals: ['mongodb'] }],
    });
    expect(config.contextBudget).toEqual({});
  });

  it('treats a non-object file as defaults, with a message', () => {
    expect(readProcessorsConfig(['a'])).toEqual({ config: {}, problems: ['the config file must hold an object at the top level; using the defaults'] });
    expect(readProcessorsConfig(undefined)).toEqual({ config: {}, problems: [] });
  });

  it('warns once through diag and never throws', () => {
    const warnings: string[] = [];
    diag.setLogger({ warn: (m: string) => warnings.push(m), error() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
    loadProcessorsConfig({ sla_ms: 'soon' });
    loadProcessorsConfig({ sla_ms: 'soon' });
    expect(warnings.filter((w) => w.includes('sla_ms must be a positive number'))).toHaveLength(1);
  });
});

describe('processorsConfigFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kensa-processors-'));

  it('reads the YAML file KENSA_CONFIG points at', () => {
    const path = join(dir, 'kensa.yaml');
    writeFileSync(path, 'sla_ms: 2000\ncontext_budget:\n  prompt_budget_tokens: 6000\nerror_patterns:\n  - id: EP-100\n    name: Custom\n    category: app\n    transient: false\n    message_keywords: [custom failure]\n    remediation: Fix it.\n');
    const config = processorsConfigFromEnv({ KENSA_CONFIG: path });
    expect(config.latencyBudget).toEqual({ slaMs: 2000 });
    expect(config.contextBudget).toEqual({ promptBudgetTokens: 6000 });
    expect((config.errorPattern as { patterns: Array<{ id: string }> }).patterns.map((p) => p.id)).toEqual(['EP-100']);
  });

  it('falls back to the defaults for a missing or unparsable file', () => {
    expect(processorsConfigFromEnv({ KENSA_CONFIG: join(dir, 'missing.yaml') })).toEqual({});
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'sla_ms: [unclosed');
    expect(processorsConfigFromEnv({ KENSA_CONFIG: bad })).toEqual({});
    expect(processorsConfigFromEnv({})).toEqual({});
  });
});

describe('createKensaSpanProcessors', () => {
  it('returns the processors in DESIGN.md order, each of which can be turned off', () => {
    const all = createKensaSpanProcessors();
    expect(all.map((p) => p.constructor)).toEqual([CorrelationSpanProcessor, ContextBudgetProcessor, ErrorPatternProcessor, LatencyBudgetProcessor]);
    expect(createKensaSpanProcessors({ latencyBudget: false, correlation: false }).map((p) => p.constructor)).toEqual([ContextBudgetProcessor, ErrorPatternProcessor]);
  });

  it('annotates a whole failed request end to end through the real SDK', () => {
    const h = harness((meterProvider) => createKensaSpanProcessors({ meterProvider }));
    withRequestContext({ sessionId: 'sess-1', userId: 'user-1', requestId: 'req-1', turn: 2 }, () => {
      const root = h.tracer.startSpan('chat.message', { startTime: at(0) });
      const ctx = trace.setSpan(context.active(), root);
      const span = h.tracer.startSpan('chat claude', {
        startTime: at(10),
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.usage.input_tokens': 3400, 'error.type': 'ThrottlingException' },
      }, ctx);
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'Rate exceeded' });
      span.end(at(2910));
      root.end(at(3100));
    });
    expect(h.span('chat claude').attributes).toMatchObject({
      'session.id': 'sess-1',
      'kensa.request.id': 'req-1',
      'kensa.context.status': 'critical',
      'kensa.error.pattern.id': 'EP-001',
      'kensa.budget.component': 'bedrock_invoke',
      'kensa.budget.status': 'exceeded',
    });
    expect(h.span('chat.message').attributes).toMatchObject({
      'user.id': 'user-1',
      'kensa.conversation.turn': 2,
      'kensa.sla.met': false,
      'kensa.bottleneck.component': 'bedrock_invoke',
    });
  });

  it('survives spans with nonsense attributes without throwing into the caller', () => {
    const h = harness(() => createKensaSpanProcessors());
    expect(() => {
      const s = h.tracer.startSpan('weird', {
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 'many' as never, 'error.type': 42 as never, 'kensa.gen_ai.model.context_window': -1 },
      });
      s.recordException('plain string');
      s.setStatus({ code: SpanStatusCode.ERROR });
      s.end();
    }).not.toThrow();
    expect(h.span('weird').attributes['kensa.error.pattern.id']).toBe('UNKNOWN');
  });
});
