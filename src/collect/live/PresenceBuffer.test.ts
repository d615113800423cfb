import { describe, expect, it } from "vitest";
import { InputError, validatePresenceWindow } from "../../core/index.js";
import { PresenceBuffer } from "./PresenceBuffer.js";

const T0 = Date.parse("2024-05-01T10:00:00Z");

describe("PresenceBuffer", () => {
  it("groups events into epoch-aligned windows with counts, first/last and buckets", () => {
    const buffer = new PresenceBuffer({ windowMinutes: 5, bucketLenS: 60, latenessMs: 0 });
    buffer.record("chan", "11", "1", "alice", T0 + 5_000);
    buffer.record("chan", "11", "1", "alice", T0 + 130_500);
    buffer.record("chan", "11", "2", "bob", T0 + 299_999);
    buffer.record("chan", "11", "1", "alice", T0 + 300_000);
    expect(buffer.openPairs).toBe(3);
    const [first] = buffer.flush(T0 + 300_000);
    expect(validatePresenceWindow(first)).toMatchObject({ start: "2024-05-01T10:00:00.000Z", lengthS: 300, bucketLenS: 60, channel: { login: "chan", id: "11" } });
    expect(first.users).toEqual([
      { id: "1", login: "alice", messages: 2, firstS: 5, lastS: 130.5, buckets: [0, 2] },
      { id: "2", login: "bob", messages: 1, firstS: 299.999, lastS: 299.999, buckets: [4] },
    ]);
    expect(buffer.openPairs).toBe(1);
    const rest = buffer.flushAll();
    expect(rest.map((w) => [w.start, w.users.length])).toEqual([["2024-05-01T10:05:00.000Z", 1]]);
  });

  it("waits out the lateness allowance and counts events that come after their window was written", () => {
    const buffer = new PresenceBuffer({ windowMinutes: 1, bucketLenS: 60, latenessMs: 10_000 });
    buffer.record("c", null, "1", "a", T0 + 59_000);
    expect(buffer.flush(T0 + 65_000)).toEqual([]);
    expect(buffer.record("c", null, "2", "b", T0 + 59_500)).toBe(true);
    expect(buffer.flush(T0 + 70_000)[0].users.map((u) => u.id)).toEqual(["1", "2"]);
    expect(buffer.record("c", null, "3", "c", T0 + 1_000)).toBe(false);
    expect(buffer.lateEvents).toBe(1);
  });

  it("keeps bucket bits beyond 32 buckets and applies channel info from discovery", () => {
    const buffer = new PresenceBuffer({ windowMinutes: 60, bucketLenS: 60, latenessMs: 0 });
    buffer.describeChannel("big", { id: "9", contentId: "s1", meta: { gameName: "Chess", viewerCount: 1200 } });
    for (const minute of [0, 31, 32, 59]) buffer.record("big", null, "7", "u", T0 + minute * 60_000);
    const [w] = buffer.flushAll();
    expect(w.users[0].buckets).toEqual([0, 31, 32, 59]);
    expect(w).toMatchObject({ contentId: "s1", channel: { id: "9" }, meta: { gameName: "Chess", viewerCount: 1200, language: null } });
  });

  it("rejects a bucket length that does not divide the window", () => {
    expect(() => new PresenceBuffer({ windowMinutes: 5, bucketLenS: 70 })).toThrow(InputError);
  });
});
