/**
 * The lake's storage contract. Two backends implement it (local folder, S3) and one test suite runs
 * against both. Keys are `/`-separated paths relative to the lake root, never starting with `/`.
 */
import type { Readable } from "node:stream";

export interface LakeObject {
  key: string;
  size: number;
  /** Last modification, ms since epoch. */
  modifiedMs: number;
}

export interface LakeStore {
  /** Where the lake is, for messages (no credentials). */
  readonly location: string;
  /** Writes a whole object atomically: readers see the old object, or the new one, never a part. */
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** Writes only if no object has the key; true when this call created it. Two writers never both win. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Streams a large object; throws LakeError when missing. */
  getStream(key: string): Promise<Readable>;
  /** Streams a large object in, atomically. */
  putStream(key: string, body: Readable): Promise<void>;
  /** Every object under a prefix, in key order, page by page underneath. */
  list(prefix: string): AsyncIterable<LakeObject>;
  /** Deletes; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes many keys in few requests where the backend can (S3: 1,000 per request); optional. */
  deleteMany?(keys: readonly string[]): Promise<void>;
  /** A local file path for the key when the backend is a local folder (DuckDB reads it in place), else null. */
  localPath(key: string): string | null;
}
