'use strict';
// The example's own spans (its steps and the in-process cache), all through one helper so every
// span records its failure the same way and always ends.

const { trace, SpanStatusCode } = require('@opentelemetry/api');

const tracer = trace.getTracer('manga-assist');

/** Runs `fn(span)` in a new active span; a failure is recorded on the span and rethrown. */
function inSpan(name, options, fn) {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      span.setAttribute('error.type', err.name || 'Error');
      throw err;
    } finally {
      span.end();
    }
  });
}

module.exports = { inSpan };
