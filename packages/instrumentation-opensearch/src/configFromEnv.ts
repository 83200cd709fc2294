import { ENV_CAPTURE_MESSAGE_CONTENT } from '@kensa/semconv';

/** Content capture is off unless the GenAI capture variable is exactly `true` (case-insensitive). */
export function captureContentFromEnv(env: Record<string, string | undefined> = process.env): boolean {
  return env[ENV_CAPTURE_MESSAGE_CONTENT]?.trim().toLowerCase() === 'true';
}
