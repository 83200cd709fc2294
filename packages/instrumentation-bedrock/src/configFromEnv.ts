import { diag } from '@opentelemetry/api';
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@kensa/semconv';

let warned = false;

/** Content capture from `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`: only `true` turns it on. */
export function captureContentFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[ENV_CAPTURE_MESSAGE_CONTENT];
  if (raw === undefined || raw === '') return false;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value !== 'false' && !warned) {
    warned = true;
    diag.warn(`${ENV_CAPTURE_MESSAGE_CONTENT}=${raw} is not true or false; message content will not be captured.`);
  }
  return false;
}
