import { isWrapped } from '@opentelemetry/instrumentation';

type StackMethod = (this: unknown, ...args: unknown[]) => unknown;
interface Shim {
  __original: StackMethod;
  __unwrap: () => void;
  __wrapped: true;
}

const SHIELDED = new WeakSet<object>();
const METHODS = ['resolve', 'clone', 'concat'] as const;

/**
 * Keeps `@opentelemetry/instrumentation-aws-sdk` out of Bedrock calls, which this instrumentation
 * owns: that instrumentation wraps each client's middleware stack (`resolve`, `clone`, `concat`)
 * unless the methods are already wrapped, and its Bedrock extension `JSON.parse`s request bodies
 * without a guard, which throws into the application for byte-array bodies. We mark the stack's
 * methods as wrapped (the shimmer protocol it checks with `isWrapped`) with pass-throughs to the
 * SDK's own functions, so it neither starts a second span nor parses anything. Stacks derived by
 * `clone`/`concat` are shielded the same way when contrib already wrapped them.
 */
export function shieldMiddlewareStack(stack: unknown): void {
  if (typeof stack !== 'object' || stack === null || SHIELDED.has(stack)) return;
  SHIELDED.add(stack);
  const target = stack as Record<string, unknown>;
  for (const name of METHODS) {
    const current = target[name];
    if (typeof current !== 'function') continue;
    const original = (isWrapped(current) ? current.__original : current) as StackMethod;
    const derives = name !== 'resolve';
    const passThrough = function (this: unknown, ...args: unknown[]): unknown {
      const result = original.apply(this, args);
      // A derived stack (one per call: the client's stack concatenated with the command's) is only
      // touched by contrib through the methods shielded here, or, with older SDKs that ship
      // @smithy/middleware-stack separately, pre-wrapped at construction: only then shield it.
      if (derives && isWrapped((result as { resolve?: unknown } | null)?.resolve)) shieldMiddlewareStack(result);
      return result;
    } as StackMethod & Shim;
    passThrough.__original = original;
    passThrough.__unwrap = () => {
      target[name] = original;
    };
    passThrough.__wrapped = true;
    target[name] = passThrough;
  }
}
