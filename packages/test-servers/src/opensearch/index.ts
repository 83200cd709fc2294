export { OpenSearchServer, startOpenSearchServer } from './OpenSearchServer';
export { MANGA_DOCUMENTS, DEFAULT_INDEX as DEFAULT_OPENSEARCH_INDEX } from './mangaCatalog';
export type {
  OpenSearchDocument,
  OpenSearchErrorKind,
  OpenSearchHit,
  OpenSearchLatency,
  OpenSearchScript,
  OpenSearchSearchRequest,
  OpenSearchServerOptions,
} from './types';
