import type { OpenSearchErrorKind } from './types';

/** The status and body OpenSearch answers with for each error kind (shapes copied from OpenSearch 2.x). */
export function errorResponse(kind: OpenSearchErrorKind, index: string | undefined, reason?: string): { status: number; body: Record<string, unknown> } {
  const name = index ?? '_all';
  switch (kind) {
    case 'index_not_found': {
      const cause = {
        type: 'index_not_found_exception',
        reason: reason ?? `no such index [${name}]`,
        index: name,
        'resource.id': name,
        'resource.type': 'index_or_alias',
        index_uuid: '_na_',
      };
      return { status: 404, body: { error: { root_cause: [cause], ...cause }, status: 404 } };
    }
    case 'search_phase_execution':
    case 'search_phase_execution_500': {
      const status = kind === 'search_phase_execution' ? 400 : 500;
      const causeType = status === 400 ? 'query_shard_exception' : 'circuit_breaking_exception';
      const causeReason =
        reason ??
        (status === 400
          ? 'failed to create query: Query vector has invalid dimension: 768. Dimension should be: 1024'
          : '[parent] Data too large, data for [<reused_arrays>] would be larger than limit');
      const cause = { type: causeType, reason: causeReason, index: name };
      return {
        status,
        body: {
          error: {
            root_cause: [cause],
            type: 'search_phase_execution_exception',
            reason: 'all shards failed',
            phase: 'query',
            grouped: true,
            failed_shards: [{ shard: 0, index: name, node: 'kensa-test-node', reason: cause }],
          },
          status,
        },
      };
    }
    case 'rejected_execution': {
      const cause = {
        type: 'rejected_execution_exception',
        reason: reason ?? 'rejected execution of coordinating operation [search] on EsThreadPoolExecutor[name = kensa-test-node/search, queue capacity = 1000]',
      };
      return { status: 429, body: { error: { root_cause: [cause], ...cause }, status: 429 } };
    }
  }
}
