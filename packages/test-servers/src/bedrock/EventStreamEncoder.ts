import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { StreamEvent } from './types';

const JSON_CONTENT_TYPE = { type: 'string', value: 'application/json' } as const;

/**
 * Encodes stream events into `application/vnd.amazon.eventstream` frames exactly as Bedrock
 * frames them, with the codec the SDK itself decodes with.
 */
export class EventStreamEncoder {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);

  encode(event: StreamEvent): Uint8Array {
    if ('chunk' in event) {
      const bytes = toBytes(event.chunk);
      return this.frame('event', 'chunk', JSON.stringify({ bytes: Buffer.from(bytes).toString('base64') }));
    }
    if ('event' in event) {
      return this.frame('event', event.event, JSON.stringify(event.payload ?? {}));
    }
    const body: Record<string, unknown> = { message: event.message ?? `${event.exception} raised mid-stream` };
    if (event.originalStatusCode !== undefined) body['originalStatusCode'] = event.originalStatusCode;
    return this.frame('exception', event.exception, JSON.stringify(body));
  }

  private frame(messageType: 'event' | 'exception', name: string, payload: string): Uint8Array {
    const headers: MessageHeaders = {
      ':message-type': { type: 'string', value: messageType },
      [messageType === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: name },
      ':content-type': JSON_CONTENT_TYPE,
    };
    return this.codec.encode({ headers, body: fromUtf8(payload) });
  }
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return fromUtf8(value);
  return fromUtf8(JSON.stringify(value));
}
