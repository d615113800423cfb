/**
 * Child process for the compaction kill test: compacts the lake at argv[2] and, after `holdAfterPuts`
 * curated objects have been written, reports over IPC and holds (a real put already landed, the day's other
 * files and manifest not yet) until the parent kills it. Days finished before that are reported as they end.
 */
import type { Readable } from "node:stream";
import { compactLake } from "../../src/collect/index.js";
import { LocalLakeStore, type LakeStore } from "../../src/lake/index.js";

const [lakeDir, holdAfter] = process.argv.slice(2);
const holdAfterPuts = Number(holdAfter);
const inner = new LocalLakeStore(lakeDir);
let curatedPuts = 0;

const send = (message: unknown) => process.send?.(message);

// The real local store, with a hold point after the Nth curated write.
const lake: LakeStore = {
  location: inner.location,
  put: (key, body) => inner.put(key, body),
  putIfAbsent: (key, body) => inner.putIfAbsent(key, body),
  get: (key) => inner.get(key),
  getStream: (key) => inner.getStream(key),
  list: (prefix) => inner.list(prefix),
  delete: (key) => inner.delete(key),
  localPath: (key) => inner.localPath(key),
  async putStream(key: string, body: Readable) {
    await inner.putStream(key, body);
    if (key.startsWith("curated/") && ++curatedPuts === holdAfterPuts) {
      send({ type: "holding", key });
      setInterval(() => undefined, 1 << 30); // keeps the process alive until the parent's SIGKILL
      await new Promise<never>(() => undefined);
    }
  },
};

await compactLake(lake, {}, { env: process.env, onDayDone: (m) => send({ type: "day-done", day: m.day }) });
send({ type: "finished" });
process.disconnect?.();
