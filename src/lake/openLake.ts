/**
 * Opens the lake a location names: a local folder (the embedded default) or `s3://bucket/prefix`.
 */
import path from "node:path";
import type { LakeStore } from "./LakeStore.js";
import { LocalLakeStore } from "./local/LocalLakeStore.js";
import { S3LakeStore } from "./s3/S3LakeStore.js";

export interface LakeOptions {
  /** A folder path or s3://bucket/prefix. */
  location: string;
  region?: string;
  /** S3-compatible endpoint; empty for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Resolves relative folder paths. */
  cwd?: string;
}

export async function openLake(options: LakeOptions): Promise<LakeStore> {
  if (options.location.startsWith("s3://")) {
    return new S3LakeStore(options.location, {
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
    });
  }
  return new LocalLakeStore(path.resolve(options.cwd ?? process.cwd(), options.location));
}

