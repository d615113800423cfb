/**
 * `s3://bucket/prefix` locations, apart from the S3 backend so that reading one does not load the AWS SDK.
 */
import { LakeError } from "../../core/index.js";
import { checkKey } from "../keys.js";

/** Splits `s3://bucket/some/prefix` into the bucket and a key prefix ("" or ending in `/`). */
export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!m) throw new LakeError(`lake: ${JSON.stringify(location)} is not an s3://bucket/prefix location`);
  const bucket = m[1];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new LakeError(`lake: ${JSON.stringify(bucket)} is not a valid S3 bucket name (in ${location})`);
  }
  const path = m[2].replace(/\/+$/, "");
  if (path) checkKey(path);
  return { bucket, prefix: path ? `${path}/` : "" };
}
