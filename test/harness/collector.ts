import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ChildProcessHandle, freePort, waitUntilReady } from '@kensa/test-servers';

const execFileAsync = promisify(execFile);
const repoRoot = resolve(__dirname, '../..');

/** The ports one collector listens on; pass them back to restart a collector where it was. */
export interface CollectorPorts {
  otlpGrpc: number;
  otlpHttp: number;
  healthCheck: number;
  telemetry: number;
}

export interface CollectorOptions {
  /**
   * Config files, merged by the collector in order (maps merge, lists are replaced), or one config as YAML
   * text. Our configs take their listen addresses from KENSA_OTLP_GRPC_ENDPOINT, KENSA_OTLP_HTTP_ENDPOINT,
   * KENSA_HEALTH_CHECK_ENDPOINT and KENSA_COLLECTOR_TELEMETRY_PORT, which this harness sets.
   */
  config: string[] | { yaml: string };
  /** Extra environment for the collector (endpoints, credentials, queue directories). */
  env?: Record<string, string>;
  /** Reuse ports, e.g. to restart a killed collector where its clients expect it. Missing ones are picked free. */
  ports?: Partial<CollectorPorts>;
  /** Default 60 s. */
  readyTimeoutMs?: number;
  /** A label for failure messages. */
  name?: string;
}

export interface Collector {
  /** `127.0.0.1:<port>` for @opentelemetry/exporter-*-otlp-grpc (`url: 'http://' + …`). */
  otlpGrpcEndpoint: string;
  /** `http://127.0.0.1:<port>` for the OTLP/HTTP exporters. */
  otlpHttpEndpoint: string;
  ports: CollectorPorts;
  /** SIGTERM (the collector drains its pipelines), SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** SIGKILL: nothing is flushed, as in an OOM kill or a lost host. */
  kill(): Promise<void>;
  /** What the collector logged (it logs on stderr), bounded. */
  output(): string;
  readonly isRunning: boolean;
}

let binary: Promise<string> | undefined;

/**
 * The test collector binary, built by scripts/collector/build.sh from collector/builder-config.yaml when
 * missing (CI builds it before vitest; this covers a developer's first run). A failed build is an error
 * naming the cause, never a skipped test.
 */
export function collectorBinary(): Promise<string> {
  binary ??= execFileAsync('bash', [resolve(repoRoot, 'scripts/collector/build.sh')], {
    cwd: repoRoot,
    timeout: 30 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => stdout.trim().split('\n').pop() ?? '',
    (error: Error & { stderr?: string }) => {
      binary = undefined;
      const log = (error.stderr ?? '').split('\n').filter((l) => !l.startsWith('go: downloading'));
      throw new Error(
        `The test collector could not be built (scripts/collector/build.sh; see collector/README.md):\n${log.slice(-25).join('\n')}`,
      );
    },
  );
  return binary;
}

const componentCache = new Map<string, Promise<Set<string>>>();

/** Component types (`otlp`, `tail_sampling`, `file_storage`, …) compiled into the binary. */
export function collectorComponents(path: string): Promise<Set<string>> {
  let cached = componentCache.get(path);
  if (cached === undefined) {
    cached = execFileAsync(path, ['components'], { maxBuffer: 16 * 1024 * 1024 }).then(({ stdout }) => {
      const types = new Set<string>();
      for (const match of stdout.matchAll(/^\s+- name: (\S+)/gm)) if (match[1] !== undefined) types.add(match[1]);
      return types;
    });
    componentCache.set(path, cached);
  }
  return cached;
}

/**
 * Fails with an explanation when the test collector lacks a component a config needs, instead of letting
 * the collector die on "unknown type" mid-test.
 */
export async function requireComponents(types: readonly string[]): Promise<void> {
  const available = await collectorComponents(await collectorBinary());
  const missing = types.filter((t) => !available.has(t));
  if (missing.length > 0) {
    throw new Error(
      `The test collector has no ${missing.join(', ')} component(s). collector/builder-config.yaml explains why ` +
        `they are not built yet (their Go modules are not served or not verifiable from this machine's module ` +
        `proxy); these tests cannot run until they are.`,
    );
  }
}

/**
 * Components ADOT ships that this machine's Go module proxy does not serve at ADOT's pinned version
 * (or serves without a checksum-database entry, and we do not build unverified code): see
 * collector/builder-config.yaml. Tests that need only these are skipped, loudly, until they can be
 * built; any other missing component is a failure.
 */
export const BLOCKED_COMPONENTS: ReadonlySet<string> = new Set([
  'awsxray',
  'awsemf',
  'awscloudwatchlogs',
  'awsproxy',
  'loadbalancing',
]);

/**
 * Skips the running test when the collector lacks only {@link BLOCKED_COMPONENTS}, printing which and
 * why; throws (fails the test) when anything else is missing.
 */
export async function skipUnlessComponents(ctx: { skip(note?: string): void }, types: readonly string[]): Promise<void> {
  const available = await collectorComponents(await collectorBinary());
  const missing = types.filter((t) => !available.has(t));
  if (missing.length === 0) return;
  const unexpected = missing.filter((t) => !BLOCKED_COMPONENTS.has(t));
  if (unexpected.length > 0) await requireComponents(types);
  const note =
    `blocked: the test collector has no ${missing.join(', ')} (their Go modules are not served or not ` +
    `verifiable from this machine's module proxy; see collector/builder-config.yaml)`;
  process.stderr.write(`SKIPPED ${note}\n`);
  ctx.skip(note);
}

/** Starts the test collector with the given config and waits until health_check reports ready. */
export async function startCollector(options: CollectorOptions): Promise<Collector> {
  const path = await collectorBinary();
  const ports: CollectorPorts = {
    otlpGrpc: options.ports?.otlpGrpc ?? (await freePort()),
    otlpHttp: options.ports?.otlpHttp ?? (await freePort()),
    healthCheck: options.ports?.healthCheck ?? (await freePort()),
    telemetry: options.ports?.telemetry ?? (await freePort()),
  };
  let files: string[];
  let configDir: string | undefined;
  if (Array.isArray(options.config)) {
    files = options.config;
  } else {
    configDir = mkdtempSync(join(tmpdir(), 'kensa-collector-'));
    const file = join(configDir, 'config.yaml');
    writeFileSync(file, options.config.yaml);
    files = [file];
  }
  // The collector reads its config once at start-up; what a test wrote for it goes when it exits.
  const removeConfig = (): void => {
    if (configDir !== undefined) rmSync(configDir, { recursive: true, force: true });
  };
  const name = options.name ?? 'collector';
  const handle = new ChildProcessHandle(path, files.flatMap((f) => ['--config', f]), {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      ...options.env,
      KENSA_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.otlpGrpc}`,
      KENSA_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.otlpHttp}`,
      KENSA_HEALTH_CHECK_ENDPOINT: `127.0.0.1:${ports.healthCheck}`,
      KENSA_COLLECTOR_TELEMETRY_PORT: String(ports.telemetry),
    },
  });
  await waitUntilReady(
    handle,
    async () => (await fetch(`http://127.0.0.1:${ports.healthCheck}/`)).status === 200,
    options.readyTimeoutMs ?? 60_000,
    `${name} (${files.join(', ')})`,
  );
  return {
    otlpGrpcEndpoint: `127.0.0.1:${ports.otlpGrpc}`,
    otlpHttpEndpoint: `http://127.0.0.1:${ports.otlpHttp}`,
    ports,
    stop: () => handle.stop(15_000).finally(removeConfig),
    kill: () => handle.kill().finally(removeConfig),
    output: () => handle.outputTail(),
    get isRunning() {
      return handle.isRunning;
    },
  };
}
