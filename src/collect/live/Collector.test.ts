import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../core/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { createHelixClient, HelixAuthError } from "../../platforms/twitch/index.js";
import { FakeHelixServer, fakeStreams } from "../../../test/fakes/fakeHelixServer.js";
import { FakeIrcServer, type ReplayItem, rewriteChatLine } from "../../../test/fakes/fakeIrcServer.js";
import { presenceMinutes, readRawWindows } from "../../../test/support/readRawWindows.js";
import { sentPresence } from "../../../test/support/sentPresence.js";
import { Waiter } from "../../../test/support/waiter.js";
import { type ChannelSource, readChannelsFile } from "../discovery.js";
import { Collector, type CollectorOptions, type CycleReport } from "./Collector.js";

const LOG = path.resolve(import.meta.dirname, "../../../../shared/data/irc/xqcow-2019-09-15.txt.gz");
const REAL_LINES = gunzipSync(readFileSync(LOG)).toString("utf8").split("\n").filter(Boolean);
const T0 = Date.parse("2024-05-01T10:00:00Z");
/** Room ids as fakeStreams gives user ids: ch007 -> 1007. */
const roomId = (login: string) => String(1000 + Number(login.slice(2)));

let dir: string;
let lake: LocalLakeStore;
let irc: FakeIrcServer | null = null;
let helix: FakeHelixServer | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "collector-"));
  lake = new LocalLakeStore(path.join(dir, "lake"));
});
afterEach(async () => {
  await irc?.close();
  await helix?.close();
  irc = helix = null;
  await rm(dir, { recursive: true, force: true });
});

/** `count` real lines spread over the joined channels, tmi-sent-ts evenly over [fromMs, toMs). */
function batch(channels: string[], count: number, fromMs: number, toMs: number, offset: number): ReplayItem[] {
  return Array.from({ length: count }, (_, i) => {
    const channel = channels[i % channels.length];
    const sentAtMs = fromMs + Math.floor((i * (toMs - fromMs)) / count);
    return { channel, line: rewriteChatLine(REAL_LINES[(offset + i) % REAL_LINES.length], { channel, roomId: roomId(channel), sentAtMs }) };
  });
}

function startCollector(scheduler: ManualScheduler, source: ChannelSource, options: Partial<CollectorOptions> = {}) {
  const waiter = new Waiter();
  const cycles: CycleReport[] = [];
  const discoveries: string[][] = [];
  let discoveryErrors = 0;
  let presenceEvents = 0;
  let waitingFor = 0;
  const collector = new Collector(
    lake,
    {
      source,
      topChannelsLimit: 10,
      cycleMs: 60_000,
      discoveryRefreshMs: 60_000,
      discoveryRetryMs: 20_000,
      scheduler,
      watcher: { ircUrl: irc!.url, windowMinutes: 1, latenessMs: 5_000, flushEveryMs: 10_000 },
      ...options,
    },
    {
      onCycle: (r) => (cycles.push(r), waiter.notify()),
      onWaiting: (cycle) => ((waitingFor = cycle), waiter.notify()),
      onDiscovery: (r) => {
        if ("channels" in r) discoveries.push(r.channels.map((c) => c.login));
        else discoveryErrors++;
        waiter.notify();
      },
      watcher: {
        onEvent: (e) => {
          if (e.kind === "message" || e.kind === "usernotice") presenceEvents++;
          waiter.notify();
        },
      },
    },
  );
  return { collector, waiter, cycles, discoveries, discoveryErrors: () => discoveryErrors, presenceEvents: () => presenceEvents, waitingFor: () => waitingFor };
}

describe("Collector", () => {
  it(
    "keeps watching through a Helix outage, follows the list once Helix is back, and writes every (channel, user, minute) sent",
    async () => {
      const scheduler = new ManualScheduler(T0);
      irc = await FakeIrcServer.start({ roomId, now: () => scheduler.now() });
      helix = await FakeHelixServer.start({ now: () => scheduler.now() });
      helix.streams = fakeStreams(20);
      const { client } = createHelixClient({
        clientId: "test-client",
        clientSecret: "test-secret",
        helixUrl: helix.helixUrl,
        authUrl: helix.authUrl,
        scheduler,
        maxAttempts: 2,
        // Backoff waits pass at once on the manual clock (a stale keep-alive socket can cost an attempt too).
        onWait: (ms) => scheduler.advance(ms),
      });
      const c = startCollector(scheduler, { kind: "helix", helix: client }, { maxCycles: 3 });
      const running = c.collector.run();
      await c.waiter.until(() => c.waitingFor() === 1);
      const top10 = fakeStreams(10).map((s) => s.user_login);
      await c.waiter.until(() => c.discoveries.length === 1);
      await irc.waitForJoined(top10);
      // Once a replay returns, `sent` is complete: wait until the watcher has recorded as many presence lines.
      const expectRecorded = () => {
        const lines = sentPresence(irc!.sent).lines;
        return c.waiter.until(() => c.presenceEvents() === lines);
      };

      // Cycle 1: chat in the ten top channels.
      await irc.replay(batch(top10, 3000, T0 + 1_000, T0 + 50_000, 0));
      await expectRecorded();

      // Helix goes down, and the top list changes meanwhile (ch010…ch014 overtake ch005…ch009).
      helix.down = 503;
      helix.streams = fakeStreams(20).map((s, i) => (i >= 10 && i < 15 ? { ...s, viewer_count: s.viewer_count + 1_000 } : s));
      scheduler.advance(60_000);
      await c.waiter.until(() => c.cycles.length === 1 && c.waitingFor() === 2);
      await c.waiter.until(() => c.discoveryErrors() === 1);

      // Cycle 2, first part: still the old channels.
      await irc.replay(batch(top10, 2000, T0 + 61_500, T0 + 80_000, 3000));
      await expectRecorded();

      // Helix is back: the retry 20 s after the failure applies the new list (join five, part five).
      helix.down = null;
      scheduler.advance(20_000);
      await c.waiter.until(() => c.discoveries.length === 2);
      const newTop = [...top10.slice(0, 5), "ch010", "ch011", "ch012", "ch013", "ch014"];
      expect(new Set(c.discoveries[1])).toEqual(new Set(newTop));
      await irc.waitForJoined(newTop);
      await irc.waitFor(() => irc!.clientOf("ch009") === undefined);
      await irc.replay(batch(newTop, 2000, T0 + 82_000, T0 + 115_000, 5000));
      await expectRecorded();
      scheduler.advance(T0 + 120_000 - scheduler.now());
      await c.waiter.until(() => c.cycles.length === 2 && c.waitingFor() === 3);

      // Cycle 3, the last: stop writes the open window.
      await irc.replay(batch(newTop, 2000, T0 + 121_000, T0 + 170_000, 7000));
      await expectRecorded();
      scheduler.advance(T0 + 180_000 - scheduler.now());
      const report = await running;

      expect(report).toMatchObject({ cycles: 3, stoppedBy: "max-cycles", discoveryFailures: 1 });
      expect(report.stats.recorder.late).toBe(0);
      expect(report.stats.windowsPending).toBe(0);
      const windows = await readRawWindows(lake);
      const sent = sentPresence(irc.sent);
      expect(sent.lines).toBeGreaterThan(8500);
      expect(presenceMinutes(windows)).toEqual(sent.minutes);
      expect(windows.reduce((n, w) => n + w.users.reduce((m, u) => m + u.messages, 0), 0)).toBe(sent.lines);
      const ch012 = windows.find((w) => w.channel.login === "ch012")!;
      expect(ch012).toMatchObject({
        channel: { id: "1012" },
        contentId: "40000000012",
        contentStartedAt: "2024-05-01T08:00:00Z",
        meta: { gameName: "Just Chatting", language: "en", viewerCount: 100_916, title: "stream 12", displayName: "CH012" },
      });
      expect(new Set(windows.map((w) => w.start))).toEqual(new Set(["2024-05-01T10:00:00.000Z", "2024-05-01T10:01:00.000Z", "2024-05-01T10:02:00.000Z"]));
      expect(c.cycles.map((r) => r.cycle)).toEqual([1, 2, 3]);
    },
    60_000,
  );

  it("stops on its signal mid-window and writes the open window", async () => {
    const scheduler = new ManualScheduler(T0);
    irc = await FakeIrcServer.start({ roomId, now: () => scheduler.now() });
    const controller = new AbortController();
    const c = startCollector(scheduler, { kind: "list", logins: ["ch001", "ch002"] }, { signal: controller.signal });
    const running = c.collector.run();
    await irc.waitForJoined(["ch001", "ch002"]);
    await irc.replay(batch(["ch001", "ch002"], 500, T0 + 1_000, T0 + 20_000, 0));
    const lines = sentPresence(irc.sent).lines;
    await c.waiter.until(() => c.presenceEvents() === lines);
    scheduler.advance(25_000);
    controller.abort();
    const report = await running;
    expect(report).toMatchObject({ cycles: 0, stoppedBy: "signal" });
    const windows = await readRawWindows(lake);
    expect(windows.map((w) => w.channel.login).sort()).toEqual(["ch001", "ch002"]);
    expect(presenceMinutes(windows)).toEqual(sentPresence(irc.sent).minutes);
  });

  it("runs analysis every N cycles and once more after the last, without stopping on its failure", async () => {
    const scheduler = new ManualScheduler(T0);
    irc = await FakeIrcServer.start({ roomId });
    const analysed: number[] = [];
    const waiter = new Waiter();
    let waitingFor = 0;
    const collector = new Collector(
      lake,
      { source: { kind: "list", logins: ["ch001"] }, cycleMs: 60_000, maxCycles: 4, analysisEveryCycles: 2, scheduler, watcher: { ircUrl: irc.url, windowMinutes: 1 } },
      {
        onWaiting: (cycle) => ((waitingFor = cycle), waiter.notify()),
        analyze: async (cycle) => {
          analysed.push(cycle);
          if (cycle === 2) throw new Error("no presence yet");
        },
      },
    );
    const running = collector.run();
    for (let cycle = 1; cycle <= 4; cycle++) {
      await waiter.until(() => waitingFor === cycle);
      scheduler.advance(60_000);
    }
    const report = await running;
    expect(analysed).toEqual([2, 4]);
    expect(report).toMatchObject({ cycles: 4, stoppedBy: "max-cycles", analyses: 1, analysisFailures: 1 });
  });

  it("refuses bad Helix credentials once, at start, before joining anything", async () => {
    const scheduler = new ManualScheduler(T0);
    irc = await FakeIrcServer.start();
    helix = await FakeHelixServer.start({ now: () => scheduler.now() });
    const { client } = createHelixClient({ clientId: "test-client", clientSecret: "not-it", helixUrl: helix.helixUrl, authUrl: helix.authUrl, scheduler });
    const c = startCollector(scheduler, { kind: "helix", helix: client });
    const error = await c.collector.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelixAuthError);
    expect((error as Error).message).toContain("check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET");
    expect(helix.requests).toHaveLength(1);
    expect(irc.clients).toHaveLength(0);
  });
});

describe("readChannelsFile", () => {
  it("reads one login a line, skipping comments, blanks, repeats and lines that are not logins", async () => {
    const file = path.join(dir, "channels.txt");
    await writeFile(file, "# my channels\nxQcOW\n\n#shroud\nnot a login!\nxqcow\r\n// old\npokimane\n");
    expect(await readChannelsFile(file)).toEqual(["xqcow", "shroud", "pokimane"]);
  });

  it("names the file when it holds no login or cannot be read", async () => {
    const file = path.join(dir, "empty.txt");
    await writeFile(file, "# nothing\n\n");
    await expect(readChannelsFile(file)).rejects.toThrow(`discovery: channels file ${file}: no channel logins in it`);
    await expect(readChannelsFile(path.join(dir, "missing.txt"))).rejects.toThrow(/discovery: channels file .*missing\.txt: ENOENT/);
  });
});
