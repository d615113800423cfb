/**
 * Opens the lake a location names: a local folder (the embedded default) or `s3://bucket/prefix`.
 */
import { LakeError } from "../core/index.js";
import type { LakeStore } from "./LakeStore.js";
import { LocalLakeStore } from "./local/LocalLakeStore.js";

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
    throw new LakeError("lake: the S3 backend is not wired yet");
  }
  const { resolve } = await import("node:path");
  return new LocalLakeStore(resolve(options.cwd ?? process.cwd(), options.location));
}
