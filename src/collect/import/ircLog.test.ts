import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalLakeStore } from "../../lake/index.js";
import { presenceMinutes, readRawWindows } from "../../../test/support/readRawWindows.js";
import { importIrcLog } from "./ircLog.js";

const LOG = path.resolve(import.meta.dirname, "../../../../shared/data/irc/xqcow-2019-09-15.txt.gz");

// Counted from the raw file with zcat/awk (PRIVMSG + USERNOTICE lines, user-id tag, tmi-sent-ts):
// 1,215 distinct users (1,208 PRIVMSG authors + 7 USERNOTICE-only), 4,942 presence lines, 5-min window
// 00:00 = 903 users / 3,178 lines, 00:05 = 733 users / 1,764 lines, 2,853 distinct (user, minute) pairs;
// the only listed bot present is fossabot (viewer list).
const USERS = 1215;
const PRESENCE_LINES = 4942;

let dir: string;
let lake: LocalLakeStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "irclog-"));
  lake = new LocalLakeStore(path.join(dir, "lake"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("importIrcLog", () => {
  it("turns the real #xqcow log into windows holding exactly the users the log shows present", async () => {
    const report = await importIrcLog(lake, LOG, { windowMinutes: 5, bucketLenS: 60 });
    expect(report).toMatchObject({ lines: 5000, malformedLines: 0, messages: 4933, userNotices: 9, users: USERS, channels: 1, windows: 2 });
    const windows = await readRawWindows(lake);
    expect(windows.map((w) => w.key)).toEqual([
      "raw/snapshots/date=2019-09-15/channel=xqcow/2019-09-15T00-00-00Z.json",
      "raw/snapshots/date=2019-09-15/channel=xqcow/2019-09-15T00-05-00Z.json",
    ]);
    expect(windows.map((w) => w.users.length)).toEqual([903, 733]);
    expect(windows.map((w) => w.users.reduce((n, u) => n + u.messages, 0))).toEqual([3178, 1764]);
    expect(new Set(windows.flatMap((w) => w.users.map((u) => u.id))).size).toBe(USERS);
    expect(presenceMinutes(windows).size).toBe(2853);
    expect(windows[0].channel).toEqual({ login: "xqcow", id: "71092938" });
    const fossabot = windows.flatMap((w) => w.users).filter((u) => u.login === "fossabot");
    expect(fossabot.reduce((n, u) => n + u.messages, 0)).toBe(16);
    expect(report.recorder.recorded).toBe(PRESENCE_LINES);
  });

  it("drops the listed bots when the bot filter is on", async () => {
    const report = await importIrcLog(lake, LOG, { botFilter: "lists" });
    expect(report.users).toBe(USERS - 1);
    expect(report.recorder.botsDropped).toBe(16);
    const windows = await readRawWindows(lake);
    expect(windows.flatMap((w) => w.users).some((u) => u.login === "fossabot")).toBe(false);
  });

  it("counts and skips malformed lines, and leaves windows already in the lake untouched", async () => {
    const input = new PassThrough();
    input.end(
      [
        "this is not irc",
        "@user-id=5;room-id=9;tmi-sent-ts=1700000000000 :a!a@a.tmi.twitch.tv PRIVMSG #chan :hi",
        "@broken-tags-without-command",
        "@user-id=6;room-id=9 :b!b@b.tmi.twitch.tv PRIVMSG #chan :no time",
        "",
      ].join("\r\n"),
    );
    const report = await importIrcLog(lake, input);
    expect(report).toMatchObject({ lines: 4, malformedLines: 2, messages: 2, users: 1, windows: 1 });
    expect(report.recorder.incomplete).toBe(1);
    const again = new PassThrough();
    again.end("@user-id=7;room-id=9;tmi-sent-ts=1700000001000 :c!c@c.tmi.twitch.tv PRIVMSG #chan :later\n");
    expect((await importIrcLog(lake, again)).windowsAlreadyPresent).toBe(1);
    const [w] = await readRawWindows(lake);
    expect(w.users.map((u) => u.id)).toEqual(["5"]);
  });
});
