import { LakeError } from "../core/index.js";

/** Rejects keys that could escape the lake root or that backends would treat differently. */
export function checkKey(key: string): string {
  if (!key || key.startsWith("/") || key.endsWith("/") || key.includes("\\") || key.includes("\0")) {
    throw new LakeError(`lake: invalid key ${JSON.stringify(key)}`);
  }
  if (key.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new LakeError(`lake: invalid key ${JSON.stringify(key)}`);
  }
  return key;
}
