import type { Readable } from 'node:stream';
import type { ObjectRef } from './types';

/** Opens a log object for streaming; throws a {@link BmasError} with BMAS-001/002 when it cannot. */
export interface ObjectSource {
  open(ref: ObjectRef): Promise<Readable>;
  /** Identity of the object's content, for the ledger: version id, else ETag. */
  versionOf(ref: ObjectRef): Promise<string>;
}
