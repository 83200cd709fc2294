import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ChildProcessHandle, freePort, waitUntilReady } from '@kensa/test-servers';

const execFileAsync = promisify(execFile);
const repoRoot = resolve(__dirname, '../..');

/** Credentials moto accepts; real-looking shapes so SDK validation is exercised, never real keys. */
export const FAKE_AWS_CREDENTIALS = { accessKeyId: 'AKIAKENSATEST0000000', secretAccessKey: 'kensa-test-secret' } as const;

export interface MotoOptions {
  /** Region the fake account lives in (moto keeps state per region). Default `us-east-1`. */
  region?: string;
  /** How long to wait for the server to answer. Default 60 s (first start imports every backend). */
  readyTimeoutMs?: number;
}

export interface Moto {
  /** `http://127.0.0.1:<port>`: one endpoint for every AWS service moto fakes. */
  endpoint: string;
  region: string;
  /**
   * Environment for a child process (collector, Lambda handler, app) that should talk to this moto: fake
   * credentials, the region, no EC2 metadata look-ups (they would time out off EC2).
   */
  env: Record<string, string>;
  /** Options for an AWS SDK v3 client: `new XRayClient(moto.clientConfig)`. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Drops all state in every backend, so one server can serve several tests. */
  reset(): Promise<void>;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
  /** The server's recent output, for failure messages. */
  output(): string;
}

let serverPath: Promise<string> | undefined;

/**
 * The moto_server executable, installing it into .cache/venv on first use (scripts/collector/setup-moto.sh,
 * pinned and idempotent). Throws with the installer's output when it cannot be installed.
 */
export function motoServerPath(): Promise<string> {
  serverPath ??= execFileAsync('bash', [resolve(repoRoot, 'scripts/collector/setup-moto.sh')], {
    cwd: repoRoot,
    timeout: 10 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout }) => stdout.trim().split('\n').pop() ?? '',
    (error: Error & { stderr?: string }) => {
      serverPath = undefined;
      throw new Error(`could not install moto (scripts/collector/setup-moto.sh): ${error.message}\n${error.stderr ?? ''}`);
    },
  );
  return serverPath;
}

/** Starts moto's server on a free loopback port and waits until it answers. */
export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const region = options.region ?? 'us-east-1';
  const server = await motoServerPath();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const handle = new ChildProcessHandle(server, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false', PYTHONUNBUFFERED: '1' },
  });
  await waitUntilReady(
    handle,
    async () => (await fetch(`${endpoint}/moto-api/data.json`)).ok,
    options.readyTimeoutMs ?? 60_000,
    `moto_server on ${endpoint}`,
  );
  const credentials = { ...FAKE_AWS_CREDENTIALS };
  return {
    endpoint,
    region,
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    clientConfig: { endpoint, region, credentials },
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop: () => handle.stop(5_000),
    output: () => handle.outputTail(),
  };
}
