import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const FIXTURES = join(__dirname, '..', 'fixtures');

/**
 * The child-process tests load the built package, the way users do. Build it (and the @kensa
 * packages it depends on) once if any dist is missing; a lock keeps parallel test files from
 * building at the same time.
 */
export function ensureBuilt(): void {
  const needed = [
    'packages/node/dist/index.js',
    'packages/node/dist/register.js',
    'packages/node/dist/register.mjs',
    ...['semconv', 'bedrock', 'instrumentation-bedrock', 'instrumentation-opensearch', 'processors'].map((p) => `packages/${p}/dist/index.js`),
  ];
  if (needed.every((f) => existsSync(join(REPO_ROOT, f)))) return;
  execFileSync('flock', ['/tmp/kensa-node-test-build.lock', 'npx', 'turbo', 'run', 'build', '--filter=@kensa/node...'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
    timeout: 300_000,
  });
}

export interface App {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line that parses as JSON and passes `test`. */
  message: <T = Record<string, unknown>>(test?: (m: T) => boolean) => Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Starts `node <flag> @kensa/node/register <fixture>` with exactly `env` (plus PATH). */
export function runApp(fixture: string, options: { flag?: '--require' | '--import'; env?: Record<string, string>; nodeArgs?: string[] } = {}): App {
  const args = [...(options.nodeArgs ?? [])];
  if (options.flag) args.push(options.flag, '@kensa/node/register');
  args.push(resolve(FIXTURES, fixture)); // absolute paths (fixtures of other test folders) pass through
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const waiters: Array<{ test: (m: any) => boolean; resolve: (m: any) => void }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const seen: unknown[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    const before = out;
    out += d.toString();
    const fresh = out.slice(before.lastIndexOf('\n') + 1).split('\n').slice(0, -1);
    for (const line of fresh) {
      try {
        const message: unknown = JSON.parse(line);
        seen.push(message);
        for (const w of [...waiters]) if (w.test(message)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(message);
      } catch {
        // not one of the fixture's JSON lines
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    message: <T>(test: (m: T) => boolean = () => true) =>
      new Promise<T>((resolve, reject) => {
        const hit = seen.find((m) => test(m as T));
        if (hit) return resolve(hit as T);
        waiters.push({ test: test as (m: unknown) => boolean, resolve });
        void exited.then(({ code, signal }) => reject(new Error(`app exited (${code ?? signal}) first; stderr:\n${err}`)));
      }),
  };
}

export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export async function waitFor(check: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
