import { writeFileSync } from 'node:fs';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ENV_KENSA_CONFIG } from '@kensa/semconv';
import { InputError } from '../input/InputError';
import { renderHtml } from '../render/renderHtml';
import { renderText } from '../render/renderText';
import { runReport } from '../runReport';
import { markFalsePositive } from './markFalsePositive';
import { runDiagnose } from './runDiagnose';
import { cliOptionsFromEnv } from './cliOptionsFromEnv';
import { Progress } from './Progress';
import { mainThreadCpuSeconds } from './threadCpuSeconds';
import { defaultCatalogue } from '../report/defaultCatalogue';
import { reportConfigFromEnv } from '../report/ReportConfig';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const VERSION = '0.1.0';

function workerCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of threads (0 decodes in the main thread)');
  return n;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/**
 * Runs the `kensa` command with `args` (without node and script) and returns the exit code:
 * 0 done, 1 nothing could be reported (bad or empty input), 2 usage error. Never throws.
 */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  const env = cliOptionsFromEnv(io.env);
  // The processors report a bad KENSA_CONFIG through OTel's diag; in a CLI that belongs on stderr.
  const toStderr = (m: string): void => void io.stderr.write(`kensa: ${m}\n`);
  const logger: DiagLogger = { error: toStderr, warn: toStderr, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  let code = 0;
  const program = new Command('kensa')
    .description('Troubleshoot generative-AI requests from exported OpenTelemetry (OTLP/JSON lines)')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('report')
    .description('SLA, latency against budget, bottlenecks, anomalies, error patterns, cost and context budget')
    .argument('<paths...>', 'directories (traces.jsonl, …) or OTLP/JSON-lines files')
    .option('--json', 'print the report as JSON (schema: schema/report.schema.json)')
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .option('--window <minutes>', 'time window for trends, anomalies and charts', positiveNumber, 5)
    .option('--slow <n>', 'slowest traces to keep with their waterfall', positiveNumber, 10)
    .option('--workers <n>', 'decode threads beside the main thread (default: one per core but one, up to 4, for inputs of 16 MiB or more; 0: none)', workerCount)
    .action(async (paths: string[], opts: { json?: boolean; html?: string; window: number; slow: number; workers?: number }) => {
      const started = process.hrtime.bigint();
      const config = reportConfigFromEnv(io.env);
      const progress = new Progress(io.stderr as NodeJS.WriteStream);
      let report;
      try {
        report = await runReport(paths, {
          windowMs: opts.window * 60_000,
          slowTraces: Math.floor(opts.slow),
          config,
          catalogue: defaultCatalogue(config.patterns, config.disputed),
          ...((opts.workers ?? env.workers) !== undefined ? { workers: opts.workers ?? env.workers } : {}),
          onWarning: (m) => io.stderr.write(`kensa: ${m}\n`),
          onProgress: (done, total) => progress.update(done, total),
        });
      } finally {
        progress.stop();
      }
      if (opts.html !== undefined) {
        writeFileSync(opts.html, renderHtml(report));
        io.stderr.write(`kensa: wrote ${opts.html}\n`);
      }
      io.stdout.write(opts.json === true ? JSON.stringify(report, null, 2) + '\n' : renderText(report));
      if (env.stats) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const usage = process.resourceUsage();
        const mainCpu = mainThreadCpuSeconds();
        const stats = {
          maxRssMb: usage.maxRSS / 1024,
          spans: report.input.spans,
          seconds,
          cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
          ...(mainCpu !== undefined ? { mainThreadCpuSeconds: mainCpu } : {}),
        };
        io.stderr.write(`kensa-stats ${JSON.stringify(stats)}\n`);
      }
    });

  program
    .command('diagnose')
    .description('Match an error to its pattern: root cause, impact, remediation and a question for an AI assistant')
    .argument('<target...>', 'a trace id (with --input) or the error text')
    .option('-i, --input <paths...>', 'telemetry to find the trace in')
    .option('--json', 'print the diagnosis as JSON')
    .action(async (target: string[], opts: { input?: string[]; json?: boolean }) => {
      const config = reportConfigFromEnv(io.env);
      const out = await runDiagnose(target.join(' '), opts.input ?? [], {
        json: opts.json === true,
        config,
        catalogue: defaultCatalogue(config.patterns, config.disputed),
        onWarning: (m: string) => io.stderr.write(`kensa: ${m}\n`),
      });
      io.stdout.write(out.text);
      code = out.exitCode;
    });

  program
    .command('mark-false-positive')
    .description('Record that a diagnosis was wrong: patterns marked more than 3 times (error_false_positive_threshold) drop to low confidence')
    .argument('<pattern-id>', 'the pattern, e.g. EP-004')
    .option('-c, --config <file>', 'the Kensa config file to record it in (default: $KENSA_CONFIG)')
    .action((patternId: string, opts: { config?: string }) => {
      const out = markFalsePositive(patternId, opts.config ?? io.env[ENV_KENSA_CONFIG]);
      io.stdout.write(out.stdout);
      io.stderr.write(out.stderr);
      code = out.exitCode;
    });

  try {
    await program.parseAsync([...args], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof InputError) {
      io.stderr.write(`kensa: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`kensa: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    if (env.debug) io.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
