import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../core/index.js";
import { LocalLakeStore } from "../lake/index.js";
import { liveWindow, presenceUser, vodWindow } from "../../test/support/presenceWindows.js";
import { writeRawWindow } from "./rawWriter.js";

describe("writeRawWindow", () => {
  let dir: string;
  let lake: LocalLakeStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rawwriter-"));
    lake = new LocalLakeStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("writes a live window as versioned JSON under its day and channel", async () => {
    const window = liveWindow("Some_Streamer", "2024-03-01T10:00:00Z", [presenceUser("1", "Alice", 2, 5, 40, [0])]);
    const result = await writeRawWindow(lake, window);
    expect(result).toEqual({ key: "raw/snapshots/date=2024-03-01/channel=some_streamer/2024-03-01T10-00-00Z.json", created: true });
    const stored = JSON.parse(Buffer.from((await lake.get(result.key)) as Uint8Array).toString("utf8"));
    expect(stored.version).toBe(1);
    expect(stored.channel.login).toBe("some_streamer");
    expect(stored.users[0]).toEqual({ id: "1", login: "alice", messages: 2, firstS: 5, lastS: 40, buckets: [0] });
  });

  it("places a VOD window on the day of its absolute start", async () => {
    const window = vodWindow("caster", "v9", "2024-03-01T23:00:00Z", 3900, [presenceUser("1", "a", 1, 0, 0, [0])]);
    const { key } = await writeRawWindow(lake, window);
    expect(key).toBe("raw/snapshots/date=2024-03-02/channel=caster/vod-v9-0003900.json");
  });

  it("reports a second write of the same window and keeps the first", async () => {
    const first = liveWindow("c", "2024-03-01T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]);
    const second = liveWindow("c", "2024-03-01T10:00:00Z", [presenceUser("2", "b", 9, 0, 0, [0])]);
    expect((await writeRawWindow(lake, first)).created).toBe(true);
    const again = await writeRawWindow(lake, second);
    expect(again.created).toBe(false);
    const stored = JSON.parse(Buffer.from((await lake.get(again.key)) as Uint8Array).toString("utf8"));
    expect(stored.users[0].id).toBe("1");
  });

  it("rejects an invalid window, naming the field, and writes nothing", async () => {
    const bad = liveWindow("c", "2024-03-01T10:00:00Z", [presenceUser("1", "a", -1, 0, 0, [0])]);
    await expect(writeRawWindow(lake, bad)).rejects.toThrow(InputError);
    await expect(writeRawWindow(lake, bad)).rejects.toThrow(/users\.0\.messages/);
    const keys = [];
    for await (const o of lake.list("raw/")) keys.push(o.key);
    expect(keys).toEqual([]);
  });
});
