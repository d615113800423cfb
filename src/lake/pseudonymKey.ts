/**
 * The pseudonymisation key: from VIEWERATLAS_PSEUDONYM_KEY when set, else generated once per lake and kept
 * in it (state/pseudonym.key, created with put-if-absent so two first runs agree on one key).
 */
import { randomBytes } from "node:crypto";
import { PUBLIC_PSEUDONYM_KEY } from "../core/index.js";
import type { LakeStore } from "./LakeStore.js";

export const PSEUDONYM_KEY = "state/pseudonym.key";

export async function loadPseudonymKey(lake: LakeStore, env: NodeJS.ProcessEnv, pseudonymizeOn = true): Promise<string> {
  if (!pseudonymizeOn) return PUBLIC_PSEUDONYM_KEY;
  const fromEnv = env.VIEWERATLAS_PSEUDONYM_KEY?.trim();
  if (fromEnv) return fromEnv;
  await lake.putIfAbsent(PSEUDONYM_KEY, randomBytes(32).toString("hex"));
  const stored = await lake.get(PSEUDONYM_KEY);
  return Buffer.from(stored as Uint8Array).toString("utf8").trim();
}
