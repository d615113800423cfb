import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../core/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { FakeHelixServer } from "../../../test/fakes/fakeHelixServer.js";
import { FakeIrcServer, type ReplayItem, rewriteChatLine } from "../../../test/fakes/fakeIrcServer.js";
import { captureEffects } from "../../../test/support/cliEffects.js";
import { presenceMinutes, readRawWindows } from "../../../test/support/readRawWindows.js";
import { sentPresence } from "../../../test/support/sentPresence.js";
import { Waiter } from "../../../test/support/waiter.js";
import { main } from "../main.js";
import { runCollect } from "./collect.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const LOG = path.resolve(REPO, "../shared/data/irc/xqcow-2019-09-15.txt.gz");
const REAL_LINES = gunzipSync(readFileSync(LOG)).toString("utf8").split("\n").filter(Boolean);
const CHANNELS = ["xqcow", "shroud", "pokimane"];

let dir: string;
let irc: FakeIrcServer | null = null;
let helix: FakeHelixServer | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "collect-cli-"));
  await writeFile(path.join(dir, "channels.txt"), `# watched\n${CHANNELS.join("\n")}\n`);
});
afterEach(async () => {
  await irc?.close();
  await helix?.close();
  irc = helix = null;
  await rm(dir, { recursive: true, force: true });
});

function lines(count: number, fromMs: number, spanMs: number): ReplayItem[] {
  return Array.from({ length: count }, (_, i) => {
    const channel = CHANNELS[i % CHANNELS.length];
    return { channel, line: rewriteChatLine(REAL_LINES[i % REAL_LINES.length], { channel, roomId: irc!.options.roomId(channel), sentAtMs: fromMs + Math.floor((i * spanMs) / count) }) };
  });
}

/** TCP keeps order: once the client answers this PING, it has handled every line sent before it. */
async function barrier(fake: FakeIrcServer): Promise<void> {
  const answered = fake.received.filter((r) => r.line === "PONG :tmi.twitch.tv").length;
  await Promise.all(fake.live.map((client) => fake.ping(client)));
  await fake.waitFor(() => fake.received.filter((r) => r.line === "PONG :tmi.twitch.tv").length >= answered + fake.live.length);
}

/** The environment of the test without any Twitch credential or ViewerAtlas setting of the machine. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWITCH_") && !k.startsWith("VIEWERATLAS_")));
  return { ...env, ...extra };
}

describe("vieweratlas collect", () => {
  it("--once with a channels file and no credentials watches one interval anonymously and writes it", async () => {
    const T0 = Date.parse("2024-05-01T10:00:30Z");
    const scheduler = new ManualScheduler(T0);
    irc = await FakeIrcServer.start();
    const { effects, stdout, stderr } = captureEffects({ cwd: dir, env: {} });
    const waiter = new Waiter();
    let waitingFor = 0;
    const running = runCollect(
      { ...effects, clock: scheduler },
      { once: true, channels: "channels.txt", lake: "lake", logLevel: "silent", set: [`collection.irc_url=${irc.url}`] },
      { scheduler, hooks: { onWaiting: (cycle) => ((waitingFor = cycle), waiter.notify()) } },
    );
    await irc.waitForJoined(CHANNELS);
    expect(irc.clients[0].nick).toMatch(/^justinfan\d+$/);
    await irc.replay(lines(3000, T0, 240_000));
    await barrier(irc);
    await waiter.until(() => waitingFor === 1);
    scheduler.advance(5 * 60_000);
    const report = await running;

    expect(report).toMatchObject({ cycles: 1, stoppedBy: "once" });
    const windows = await readRawWindows(new LocalLakeStore(path.join(dir, "lake")));
    expect(presenceMinutes(windows)).toEqual(sentPresence(irc.sent).minutes);
    expect(new Set(windows.map((w) => w.channel.login))).toEqual(new Set(CHANNELS));
    expect(stdout.text()).toContain("1 cycle(s), stopped by once");
    expect(stderr.text()).toMatch(/collect: cycle 1: 3 channels \(3 joined\), [\d.]+ msg\/s/);
  });

  it("--once --analyze compacts the lake and writes an analysis run after the window", async () => {
    const T0 = Date.parse("2024-05-01T10:00:30Z");
    const scheduler = new ManualScheduler(T0);
    irc = await FakeIrcServer.start();
    const { effects } = captureEffects({ cwd: dir, env: {} });
    const waiter = new Waiter();
    let waitingFor = 0;
    const running = runCollect(
      { ...effects, clock: scheduler },
      { once: true, analyze: true, channels: "channels.txt", lake: "lake", logLevel: "silent", set: [`collection.irc_url=${irc.url}`, "render.image_px=256", "render.layout_iterations=10"] },
      { scheduler, hooks: { onWaiting: (cycle) => ((waitingFor = cycle), waiter.notify()) } },
    );
    await irc.waitForJoined(CHANNELS);
    await irc.replay(lines(3000, T0, 240_000));
    await barrier(irc);
    await waiter.until(() => waitingFor === 1);
    scheduler.advance(5 * 60_000);
    const report = await running;
    expect(report).toMatchObject({ cycles: 1, stoppedBy: "once", analyses: 1, analysisFailures: 0 });
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    const latest = JSON.parse(Buffer.from((await lake.get("analysis/latest.json"))!).toString("utf8")) as Record<string, unknown>;
    expect(JSON.stringify(latest)).toMatch(/run=/);
  });

  it("refuses bad Helix credentials with one clear error line and exit code 5", async () => {
    helix = await FakeHelixServer.start();
    const { effects, stdout, stderr } = captureEffects({ cwd: dir, env: { TWITCH_CLIENT_ID: "test-client", TWITCH_CLIENT_SECRET: "wrong-secret-1234" } });
    const code = await main(
      ["node", "vieweratlas", "collect", "--lake", "lake", "--log-level", "silent", "--set", `collection.auth_url=${helix.authUrl}`, "--set", `collection.helix_url=${helix.helixUrl}`],
      effects,
    );
    expect(code).toBe(5);
    expect(stderr.text()).toBe("error: helix: app token refused (HTTP 403: invalid client secret); check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET\n");
    expect(stdout.text()).toBe("");
    expect(helix.requests).toHaveLength(1);
  });

  it("says where channels come from when none is given", async () => {
    const { effects, stderr } = captureEffects({ cwd: dir, env: {} });
    expect(await main(["node", "vieweratlas", "collect", "--lake", "lake", "--log-level", "silent"], effects)).toBe(2);
    expect(stderr.text()).toMatch(/^error: collect: no channels to watch: set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET/);
  });

  it(
    "on SIGTERM mid-window, the running CLI writes the open window and exits 0",
    async () => {
      irc = await FakeIrcServer.start();
      const child = spawn(
        process.execPath,
        [path.join(REPO, "bin/vieweratlas.js"), "collect", "--channels", "channels.txt", "--lake", "lake", "--set", `collection.irc_url=${irc.url}`],
        { cwd: dir, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const exited = once(child, "exit");
      await irc.waitForJoined(CHANNELS);
      await irc.replay(lines(2000, Date.now() - 1_000, 1_000));
      await barrier(irc);
      const killedAt = Date.now();
      child.kill("SIGTERM");
      const [code] = await exited;
      // The container budget: Docker sends SIGKILL 30 s after SIGTERM.
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      expect(err).toContain("collect: SIGTERM received, writing open windows before exit");
      expect(code).toBe(0);
      expect(out).toContain("stopped by signal");
      const windows = await readRawWindows(new LocalLakeStore(path.join(dir, "lake")));
      expect(presenceMinutes(windows)).toEqual(sentPresence(irc.sent).minutes);
      expect(windows.reduce((n, w) => n + w.users.reduce((m, u) => m + u.messages, 0), 0)).toBe(sentPresence(irc.sent).lines);
    },
    30_000,
  );
});
