/**
 * Pseudonymised user keys: a keyed hash (HMAC-SHA256) of a user id or login, cut to a signed 64-bit integer,
 * so curated data joins and counts users without holding who they are. See DATA_POLICY.md.
 */
import { createHmac } from "node:crypto";

/** Key used when pseudonymisation is off: keys are then stable but not secret. */
export const PUBLIC_PSEUDONYM_KEY = "vieweratlas-public";

export function pseudonymize(key: string | Uint8Array, platform: string, value: string): bigint {
  const digest = createHmac("sha256", key).update(`${platform}:${value}`).digest();
  return digest.readBigInt64BE(0);
}
