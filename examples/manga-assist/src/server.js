'use strict';
// The WebSocket chat endpoint. This entry point is the only place the example touches Kensa:
// it puts the request's correlation ids into the context; everything downstream is unmodified.

const { randomUUID } = require('node:crypto');
const { WebSocketServer, WebSocket } = require('ws');
const { SpanKind } = require('@opentelemetry/api');
const { withRequestContext } = require('@kensa/processors');
const { inSpan } = require('./tracing');

/** The error API Gateway's PostToConnection raises for a client that has gone away. */
class GoneException extends Error {
  constructor(connectionId) {
    super(`GoneException: connection ${connectionId} is gone (410)`);
    this.name = 'GoneException';
    this.$metadata = { httpStatusCode: 410 };
  }
}

function channelFor(ws, connectionId) {
  return {
    isOpen: () => ws.readyState === WebSocket.OPEN,
    send(frame) {
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new GoneException(connectionId));
      return new Promise((resolve, reject) => ws.send(JSON.stringify(frame), (err) => (err ? reject(err) : resolve())));
    },
  };
}

/**
 * @param {{ orchestrator: import('./orchestrator').Orchestrator, port?: number, host?: string,
 *           onControl?: (frame: object) => void }} options
 *   `onControl` receives `{ type: 'control', … }` frames (the demo's fault switches); without it
 *   control frames are refused.
 * @returns {Promise<{ port: number, close(): Promise<void> }>}
 */
function startChatServer({ orchestrator, port = 0, host = '127.0.0.1', onControl }) {
  const wss = new WebSocketServer({ port, host, maxPayload: 1024 * 1024 });
  wss.on('connection', (ws) => {
    const connectionId = randomUUID();
    const channel = channelFor(ws, connectionId);
    ws.on('error', () => {});
    ws.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(String(data));
      } catch {
        channel.send({ type: 'error', error: 'messages are JSON objects' }).catch(() => {});
        return;
      }
      if (message.type === 'control') {
        if (onControl) onControl(message);
        channel.send({ type: 'control', accepted: Boolean(onControl) }).catch(() => {});
        return;
      }
      handleMessage(orchestrator, message, channel, connectionId);
    });
  });
  return new Promise((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () =>
      resolve({
        port: wss.address().port,
        close: () =>
          new Promise((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close(() => done());
          }),
      }),
    );
  });
}

function handleMessage(orchestrator, message, channel, connectionId) {
  const requestId = message.requestId || randomUUID();
  const ids = {
    sessionId: String(message.sessionId ?? connectionId),
    userId: String(message.userId ?? 'anonymous'),
    requestId,
    turn: Number.isInteger(message.turn) ? message.turn : undefined,
  };
  withRequestContext(ids, () =>
    inSpan(
      'chat.message',
      { kind: SpanKind.SERVER, attributes: { 'network.protocol.name': 'websocket', 'manga_assist.connection.id': connectionId } },
      async (span) => {
        const result = await orchestrator.handle(
          { sessionId: ids.sessionId, userId: ids.userId, text: String(message.text ?? ''), padding: message.padding },
          channel,
        );
        span.setAttribute('manga_assist.cached', result.cached);
        if (result.usedFallback) span.setAttribute('manga_assist.fallback_model', result.modelId);
      },
    ).catch(() => {
      // Recorded on the request's span; the customer gets an apology, never a stack trace.
      channel.send({ type: 'error', requestId, error: 'Sorry, something went wrong. Please try again.' }).catch(() => {});
    }),
  );
}

module.exports = { startChatServer, GoneException };
