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

/** Rejects list prefixes that could escape the lake root; "" (everything) and a trailing `/` are allowed. */
export function checkPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  const body = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  try {
    checkKey(body);
  } catch {
    throw new LakeError(`lake: invalid prefix ${JSON.stringify(prefix)}`);
  }
  return prefix;
}
