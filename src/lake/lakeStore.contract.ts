/**
 * The one LakeStore test suite: every backend runs these same tests (local.test.ts, s3.test.ts), so the
 * contract in LakeStore.ts means the same thing on a folder and on a bucket.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LakeError } from "../core/index.js";
import type { LakeStore } from "./LakeStore.js";

export interface LakeStoreFixture {
  /** An empty lake. */
  store: LakeStore;
  /** Keys written for the many-pages listing test (more than one page of the backend's listing). */
  manyKeys: number;
  /** Leaves what a writer killed mid-write leaves behind for `key` (a temp file, an unfinished upload). */
  leaveUnfinishedWrite(key: string): Promise<void>;
  /**
   * Why the backend under test cannot list in exact key order when a file and a folder share a stem
   * (`a.json` < `a/b.json` in byte order); undefined when it can.
   */
  mixedStemOrderUnsupported?: string;
  cleanup(): Promise<void>;
}

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString("utf8"));

async function keysOf(store: LakeStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys;
}

/** Byte order, as S3 lists and as the local backend sorts. */
function byteOrder(keys: string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Deterministic pseudo-random bytes, chunk by chunk, so large objects need no fixture file. */
function* patternChunks(totalBytes: number, chunkBytes: number): Generator<Buffer> {
  let state = 0x9e3779b9;
  for (let done = 0; done < totalBytes; done += chunkBytes) {
    const chunk = Buffer.alloc(Math.min(chunkBytes, totalBytes - done));
    for (let i = 0; i < chunk.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      chunk[i] = state >>> 24;
    }
    yield chunk;
  }
}

async function sha256(stream: AsyncIterable<Uint8Array>): Promise<{ hex: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hex: hash.digest("hex"), bytes };
}

/** Runs at most `limit` tasks at once. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(runners);
}

export function describeLakeStore(name: string, makeFixture: () => Promise<LakeStoreFixture>): void {
  describe(`LakeStore contract: ${name}`, () => {
    let fx: LakeStoreFixture;
    let lake: LakeStore;
    beforeEach(async () => {
      fx = await makeFixture();
      lake = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it("reads back what was put, as text or bytes, and an overwrite replaces it whole", async () => {
      await lake.put("raw/a/one.json", '{"n":1}');
      expect(text(await lake.get("raw/a/one.json"))).toBe('{"n":1}');
      await lake.put("raw/a/one.json", new Uint8Array([0, 255, 10]));
      expect([...((await lake.get("raw/a/one.json")) ?? [])]).toEqual([0, 255, 10]);
      await lake.put("raw/a/empty.json", "");
      expect(text(await lake.get("raw/a/empty.json"))).toBe("");
    });

    it("returns null for a key that was never written", async () => {
      expect(await lake.get("raw/never/written.json")).toBeNull();
    });

    it("lets only the first put-if-absent create a key and leaves its content unchanged", async () => {
      expect(await lake.putIfAbsent("state/lock.json", "first")).toBe(true);
      expect(await lake.putIfAbsent("state/lock.json", "second")).toBe(false);
      expect(text(await lake.get("state/lock.json"))).toBe("first");
      await lake.put("state/other.json", "plain put");
      expect(await lake.putIfAbsent("state/other.json", "late")).toBe(false);
      expect(text(await lake.get("state/other.json"))).toBe("plain put");
    });

    it("lists every key under a prefix in key order across many pages", async () => {
      // Spread over folders and written out of order, so the order must come from the listing itself.
      const keys = Array.from({ length: fx.manyKeys }, (_, i) => `many/date=2024-01-${String((i % 28) + 1).padStart(2, "0")}/k-${String(i).padStart(5, "0")}.json`);
      const shuffled = [...keys].sort((a, b) => (a.slice(-10) < b.slice(-10) ? 1 : -1));
      await eachLimited(shuffled, 32, (key) => lake.put(key, key));
      await lake.put("manyx.json", "outside the prefix");
      const listed: { key: string; size: number }[] = [];
      for await (const o of lake.list("many/")) listed.push({ key: o.key, size: o.size });
      expect(listed.map((o) => o.key)).toEqual(byteOrder(keys));
      expect(listed.every((o) => o.size === Buffer.byteLength(o.key))).toBe(true);
    });

    it("matches prefixes that end inside a name, nested folders and Hive date= partitions", async () => {
      const keys = [
        "analysis/latest.json",
        "analysis/run=2024-01-02T00-00-00Z/summary.json",
        "curated/presence/source=live/date=2024-01-01/part-00000.parquet",
        "curated/presence/source=vod/date=2024-01-01/part-00000.parquet",
        "raw/snapshots/date=2024-01-01/channel=alpha/2024-01-01T00-00-00Z.json",
        "raw/snapshots/date=2024-01-01/channel=alpha_two/2024-01-01T00-00-00Z.json",
        "raw/snapshots/date=2024-01-02/channel=alpha/2024-01-02T00-05-00Z.json",
        "raw/snapshots/date=2024-01-10/channel=beta/2024-01-10T00-00-00Z.json",
        "raw/vod_chat/vod=123/chat.json",
      ];
      for (const key of keys) await lake.put(key, "x");
      expect(await keysOf(lake, "")).toEqual(byteOrder(keys));
      expect(await keysOf(lake, "raw/snapshots/date=2024-01-1")).toEqual([keys[7]]);
      expect(await keysOf(lake, "raw/snapshots/date=2024-01-0")).toEqual([keys[4], keys[5], keys[6]]);
      expect(await keysOf(lake, "raw/snapshots/date=2024-01-01/")).toEqual([keys[4], keys[5]]);
      expect(await keysOf(lake, "raw/snapshots/date=2024-01-01/channel=alpha/")).toEqual([keys[4]]);
      expect(await keysOf(lake, "raw/snapshots/date=2024-01-01/channel=alpha")).toEqual([keys[4], keys[5]]);
      expect(await keysOf(lake, "raw/sn")).toEqual(keys.slice(4, 8));
      expect(await keysOf(lake, "curated/presence/source=")).toEqual([keys[2], keys[3]]);
      expect(await keysOf(lake, "raw/vod_chat/vod=123/chat.json")).toEqual([keys[8]]);
      expect(await keysOf(lake, "raw/vod_chat/vod=123/chat.json/")).toEqual([]);
      expect(await keysOf(lake, "nothing/here/")).toEqual([]);
    });

    it("lists a file before a folder whose name it starts (a.json < a/b.json in byte order)", async (ctx) => {
      if (fx.mixedStemOrderUnsupported) ctx.skip();
      const keys = ["mix/a/b.json", "mix/a.json", "mix/a-1.json", "mix/a_c.json"];
      for (const key of keys) await lake.put(key, "x");
      expect(await keysOf(lake, "mix/")).toEqual(["mix/a-1.json", "mix/a.json", "mix/a/b.json", "mix/a_c.json"]);
    });

    it("deletes a key, and deleting a missing key is not an error", async () => {
      await lake.put("raw/d/one.json", "1");
      await lake.put("raw/d/two.json", "2");
      await lake.delete("raw/d/one.json");
      expect(await lake.get("raw/d/one.json")).toBeNull();
      expect(await keysOf(lake, "raw/d/")).toEqual(["raw/d/two.json"]);
      await lake.delete("raw/d/one.json");
      await lake.delete("raw/never/there.json");
      expect(await keysOf(lake, "raw/")).toEqual(["raw/d/two.json"]);
    });

    it("deletes many keys at once, missing ones included", async () => {
      expect(lake.deleteMany).toBeTypeOf("function");
      const keys = Array.from({ length: 30 }, (_, i) => `del/k-${String(i).padStart(2, "0")}.json`);
      await eachLimited(keys, 16, (key) => lake.put(key, "x"));
      await lake.deleteMany!([...keys.slice(0, 20), "del/missing.json"]);
      expect(await keysOf(lake, "del/")).toEqual(keys.slice(20));
    });

    it("streams a 16 MB object in and out intact", async () => {
      const total = 16 * 1024 * 1024 + 12345;
      const expected = await sha256(Readable.from(patternChunks(total, 1024 * 1024)));
      await lake.putStream("raw/vod_chat/vod=big/chat.json", Readable.from(patternChunks(total, 1024 * 1024)));
      const listed: [string, number][] = [];
      for await (const o of lake.list("raw/vod_chat/")) listed.push([o.key, o.size]);
      expect(listed).toEqual([["raw/vod_chat/vod=big/chat.json", total]]);
      expect(await sha256(await lake.getStream("raw/vod_chat/vod=big/chat.json"))).toEqual(expected);
    });

    it("keeps the old object when a streamed write fails midway", async () => {
      await lake.put("raw/s/kept.json", "old");
      async function* failing() {
        yield Buffer.alloc(64 * 1024, 1);
        throw new Error("source broke");
      }
      await expect(lake.putStream("raw/s/kept.json", Readable.from(failing()))).rejects.toThrow(LakeError);
      expect(text(await lake.get("raw/s/kept.json"))).toBe("old");
      expect(await keysOf(lake, "raw/s/")).toEqual(["raw/s/kept.json"]);
    });

    it("refuses to stream a missing object with a LakeError naming the key", async () => {
      await expect(lake.getStream("raw/none.json")).rejects.toThrow(/lake: .*raw\/none\.json/);
    });

    it("rejects keys and prefixes that could escape the lake", async () => {
      for (const bad of ["", "..", "../x.json", "a/../b.json", "/abs.json", "a//b.json", "a/./b.json", "dir/"]) {
        await expect(lake.put(bad, "x"), bad).rejects.toThrow(LakeError);
        await expect(lake.putIfAbsent(bad, "x"), bad).rejects.toThrow(LakeError);
        await expect(lake.get(bad), bad).rejects.toThrow(LakeError);
        await expect(lake.delete(bad), bad).rejects.toThrow(LakeError);
      }
      for (const bad of ["../", "/", "a/../", "/raw/"]) {
        await expect(keysOf(lake, bad), bad).rejects.toThrow(LakeError);
      }
      expect(await keysOf(lake, "")).toEqual([]);
    });

    it("shows no trace of a write that crashed midway", async () => {
      await lake.put("raw/c/done.json", "done");
      await lake.put("raw/c/notes.tmp-1.json", "a real key that only looks like a temp name");
      await fx.leaveUnfinishedWrite("raw/c/crashed.json");
      await fx.leaveUnfinishedWrite("raw/c/done.json");
      expect(await keysOf(lake, "")).toEqual(["raw/c/done.json", "raw/c/notes.tmp-1.json"]);
      expect(await lake.get("raw/c/crashed.json")).toBeNull();
      expect(text(await lake.get("raw/c/done.json"))).toBe("done");
      expect(await lake.putIfAbsent("raw/c/crashed.json", "retried")).toBe(true);
    });
  });
}
